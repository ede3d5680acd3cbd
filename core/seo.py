"""The sitemap, with every page in every language and its hreflang alternates, and robots.txt."""

from django.conf import settings
from django.contrib.sitemaps import views as sitemap_views
from django.http import HttpResponse
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_GET
from wagtail.contrib.sitemaps import Sitemap

from core import i18n


class PortalSitemap(Sitemap):
    """Wagtail's sitemap, once per language, each URL listing its az, en, ru and x-default twins.

    Wagtail's own sitemap gives one URL per page (the active language's); with field-level
    translation every page has a URL per language.
    """

    def _urls(self, page, protocol, domain):
        urls = []
        last_mods = set()
        codes = i18n.language_codes()
        for item in self.paginator.page(page).object_list.iterator():
            locations = {}
            for code in codes:
                with translation.override(code):
                    url = item.get_url(self.request)
                if url:
                    # The host the reader asked, as the pages' canonical and hreflang links.
                    locations[code] = self.request.build_absolute_uri(url)
            if not locations:
                continue
            alternates = [{"lang_code": code, "location": url} for code, url in locations.items()]
            default = locations.get(settings.LANGUAGE_CODE)
            if default:
                alternates.append({"lang_code": "x-default", "location": default})
            lastmod = self.lastmod(item)
            last_mods.add(lastmod)
            for url in locations.values():
                urls.append({"item": item, "location": url, "lastmod": lastmod,
                             "changefreq": None, "priority": None, "alternates": alternates})
        if last_mods and None not in last_mods:
            self.latest_lastmod = max(last_mods)
        return urls


def sitemap(request):
    return sitemap_views.sitemap(request, {"pages": PortalSitemap(request)})


@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
