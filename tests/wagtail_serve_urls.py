"""The portal's URLs with Wagtail's own page-serving view in place of the portal's
(``core.views.serve``), so tests/test_wagtail_pins.py can compare what the two answer."""

from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from django.urls.resolvers import LocalePrefixPattern
from wagtail import urls as wagtail_urls

from core import urls as page_urls
from portal import urls as portal_urls

_languages = next(
    pattern for pattern in portal_urls.urlpatterns
    if isinstance(getattr(pattern, "pattern", None), LocalePrefixPattern)
)
urlpatterns = [
    *(pattern for pattern in portal_urls.urlpatterns if pattern is not _languages),
    *i18n_patterns(
        *(path("", include(wagtail_urls)) if getattr(p, "urlconf_name", None) is page_urls else p
          for p in _languages.url_patterns),
        prefix_default_language=True,
    ),
]
