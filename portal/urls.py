from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from citations import cite as cite_urls
from core import urls as page_urls
from core import views as page_views
from ops import media as ops_media
from ops import views as ops_views
from sharing import seo
from sharing import share as share_urls

# Any uncaught error; a database outage becomes a 503 in the reader's language.
handler500 = "ops.views.server_error"

# The admin, documents and health checks live outside the language prefixes; every public
# page inside them.
urlpatterns = [
    path("healthz", ops_views.healthz, name="healthz"),
    path("readyz", ops_views.readyz, name="readyz"),
    # wagtail-modeltranslation's "copy content from another language" for StreamFields: a
    # CSRF-exempt view that answers 500 to a plain request. Bodies here keep one structure in
    # every language (translations.stream_sync) and a translator writes only their own, so the
    # portal does not serve it (every other admin address is Wagtail's).
    re_path(r"^admin/pages/\d+/edit/copy_translation_content/$", ops_views.not_served),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # Wagtail's sitemap: each page lists its URL in every language (sharing.seo.sitemap_urls).
    path("sitemap.xml", sitemap, name="sitemap"),
    path("robots.txt", seo.robots_txt, name="robots_txt"),
]

# Pictures only (ops.media): documents are served by their own view above, which checks who
# may read them.
if settings.DEBUG or getattr(settings, "SERVE_MEDIA_FILES", False):
    media_prefix = settings.MEDIA_URL.lstrip("/")
    urlpatterns += [re_path(rf"^{media_prefix}(?P<path>.*)$", ops_media.serve_picture)]

urlpatterns += i18n_patterns(
    path("search/", page_views.search, name="search"),
    path("cite/", include(cite_urls)),
    path("share/", include(share_urls)),
    path("", include(page_urls)),
    prefix_default_language=True,
)
