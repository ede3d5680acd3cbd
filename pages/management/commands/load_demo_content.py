"""Build the demo site tree in az, en and ru. A second run changes nothing."""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import translation
from wagtail.models import Page, Site

from pages.demo import foundation, sections
from pages.demo.builder import create_page, stream, translated
from pages.models import (
    AnniversaryIndexPage,
    AnniversaryUpdatePage,
    HomePage,
    MemorialArticlePage,
    NewsIndexPage,
    NewsPage,
    PortalSettings,
    StandardPage,
)


class Command(BaseCommand):
    help = "Create the demo content (home page, memorial article, plain pages) in az, en and ru."

    def handle(self, *args, **options):
        # The root and the welcome page of a new database lack their *_az values.
        call_command("update_translation_fields", verbosity=0)
        with translation.override(settings.LANGUAGE_CODE), transaction.atomic():
            self.created = []
            home = self.home_page()
            self.site_settings(Site.objects.get(root_page=home))
            self.memorial_article(home)
            self.standard_pages(home)
            self.news(home)
            self.anniversaries(home)
        if self.created:
            for title in self.created:
                self.stdout.write(f"Created: {title}")
        else:
            self.stdout.write("Demo content already present; nothing changed.")

    def home_page(self):
        home = HomePage.objects.first()
        if home is not None:
            return home
        site = Site.objects.filter(is_default_site=True).first()
        hostname, port = (site.hostname, site.port) if site else ("localhost", 80)
        # Wagtail's placeholder welcome page goes first: its slug would clash with ours
        # (and deleting it takes the default site record with it).
        welcome = site.root_page if site else None
        if welcome is not None and welcome.specific_class is Page and not welcome.get_children():
            welcome.delete()
        data = foundation.HOME
        home = create_page(
            Page.get_first_root_node(),
            HomePage,
            title=data["title"],
            slug=data["slug"],
            intro=data["intro"],
            body={code: stream(items) for code, items in data["body"].items()},
        )
        Site.objects.update_or_create(
            hostname=hostname,
            port=port,
            defaults={"root_page": home, "is_default_site": True, "site_name": "Khojaly 1992"},
        )
        self.created.append(home.title)
        return home

    def site_settings(self, site):
        if PortalSettings.objects.filter(site=site).exists():
            return  # Editors own the settings once they exist.
        portal = PortalSettings(site=site)
        for field, values in foundation.SETTINGS.items():
            for name, value in translated(field, values).items():
                setattr(portal, name, value)
        portal.save()
        self.created.append("Portal settings")

    def memorial_article(self, home):
        if MemorialArticlePage.objects.exists():
            return
        data = foundation.MEMORIAL
        page = create_page(
            home,
            MemorialArticlePage,
            title=data["title"],
            slug=data["slug"],
            lead=data["lead"],
            search_description=data["search_description"],
            body={code: stream(items) for code, items in data["body"].items()},
            show_in_menus=True,
        )
        self.created.append(page.title)

    def standard_pages(self, home):
        for data in foundation.STANDARD_PAGES:
            if StandardPage.objects.child_of(home).filter(slug_az=data["slug"]["az"]).exists():
                continue
            page = create_page(
                home,
                StandardPage,
                title=data["title"],
                slug=data["slug"],
                body={code: stream(items) for code, items in data["body"].items()},
            )
            self.created.append(page.title)

    def index_page(self, home, model, data):
        index = model.objects.child_of(home).first()
        if index is not None:
            return index
        index = create_page(
            home,
            model,
            title=data["title"],
            slug=data["slug"],
            intro=data["intro"],
            search_description=data["search_description"],
            show_in_menus=True,
        )
        self.created.append(index.title)
        return index

    def news(self, home):
        index = self.index_page(home, NewsIndexPage, sections.NEWS_INDEX)
        for data in sections.news_items():
            if NewsPage.objects.child_of(index).filter(slug_az=data["slug"]["az"]).exists():
                continue
            page = create_page(
                index,
                NewsPage,
                publish=False,
                title=data["title"],
                slug=data["slug"],
                date=data["date"],
                summary=data["summary"],
                body={code: stream(items) for code, items in data["body"].items()},
            )
            page.tags.add(*data["tags"])
            page.save_revision().publish()
            self.created.append(page.title)

    def anniversaries(self, home):
        index = self.index_page(home, AnniversaryIndexPage, sections.ANNIVERSARY_INDEX)
        for data in sections.anniversary_updates():
            siblings = AnniversaryUpdatePage.objects.child_of(index)
            if siblings.filter(slug_az=data["slug"]["az"]).exists():
                continue
            page = create_page(
                index,
                AnniversaryUpdatePage,
                title=data["title"],
                slug=data["slug"],
                commemoration_date=data["commemoration_date"],
                place=data["place"],
                summary=data["summary"],
                body={code: stream(items) for code, items in data["body"].items()},
            )
            self.created.append(page.title)
