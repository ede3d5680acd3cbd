"""Build the demo site tree in az, en and ru. A second run changes nothing."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import translation
from django.utils.crypto import get_random_string
from wagtail.models import Page, Site

from citations.models import Footnote
from demo import chronicle, foundation, readers, sections
from demo import remembrance as remembrance_demo
from demo.builder import create_page, streams, translated
from editorial.setup import CONTRIBUTORS, EDITORS, TRANSLATORS
from pages.models import (
    AnniversaryIndexPage,
    AnniversaryUpdatePage,
    ContactFormField,
    ContactPage,
    HomePage,
    Link,
    LinkGroup,
    LinksPage,
    MapPage,
    MemorialArticlePage,
    NewsIndexPage,
    NewsPage,
    NewsTopic,
    Place,
    PortalSettings,
    ResourceIndexPage,
    ResourcePage,
    Route,
    RoutePoint,
    StandardPage,
)
from polls.models import PollChoice, PollPage


class Command(BaseCommand):
    help = "Create the demo content (home, article, every section, poll, contact) in az, en, ru."

    def add_arguments(self, parser):
        parser.add_argument(
            "--with-demo-users",
            action="store_true",
            help="Also add an editor and a contributor account to try the review workflow "
            "(development only; refused when DEBUG is off).",
        )

    def handle(self, *args, **options):
        if options["with_demo_users"] and not settings.DEBUG:
            raise CommandError("--with-demo-users is for development only: DEBUG is off.")
        # The root and the welcome page of a new database lack their *_az values.
        call_command("update_translation_fields", verbosity=0)
        with translation.override(settings.LANGUAGE_CODE), transaction.atomic():
            self.created = []
            home = self.home_page()
            self.site_settings(Site.objects.get(root_page=home))
            # Sections in the menu order of the 2002 site, after the memorial article:
            # news and anniversaries, resources, maps, links, voting, contact (then search).
            self.memorial_article(home)
            self.search_promotions()
            self.news(home)
            self.anniversaries(home)
            self.resources(home)
            self.memorial_sources()
            self.map_page(home)
            self.links_page(home)
            self.poll(home)
            self.contact_page(home)
            self.standard_pages(home)
            remembrance_demo.build(home, self.created)
        if options["with_demo_users"]:
            self.demo_users()
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
            body=streams(data["body"]),
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
            body=streams(data["body"]),
            first_written=data["first_written"],
            first_written_precision=data["first_written_precision"],
            show_in_menus=True,
        )
        self.created.append(page.title)

    def search_promotions(self):
        """The event's names lead to the memorial article (Promoted search results)."""
        from wagtail.contrib.search_promotions.models import Query

        article = MemorialArticlePage.objects.first()
        if article is None:
            return
        for texts in foundation.PROMOTED_FOR_THE_ARTICLE.values():
            for text in texts:
                query = Query.get(text)
                if not query.editors_picks.exists():
                    query.editors_picks.create(page=article, sort_order=0)
                    self.created.append(f"Promoted search result: {text}")

    def memorial_sources(self):
        """The article's facts cite the 2002 memorial page (its resource page), once the
        resources exist: the notes readers see in every language."""
        article = MemorialArticlePage.objects.first()
        seed = ResourcePage.objects.filter(
            **translated("slug", {"en": foundation.MEMORIAL_SOURCE_SLUG})).first()
        if article is None or seed is None or article.footnotes.exists():
            return
        page = article.get_latest_revision_as_object()
        page.footnotes = [
            Footnote(key=key, resource=seed, sort_order=position)
            for position, key in enumerate(foundation.MEMORIAL_NOTES)
        ]
        page.save_revision().publish()
        self.created.append(f"{article.title}: {len(foundation.MEMORIAL_NOTES)} sources cited")

    def standard_pages(self, home):
        """About and Privacy, linked from the footer (HomePage.about_page, privacy_page)."""
        chosen = {}
        for data in foundation.STANDARD_PAGES:
            page = StandardPage.objects.child_of(home).filter(
                **translated("slug", {"az": data["slug"]["az"]})).first()
            if page is None:
                page = create_page(
                    home,
                    StandardPage,
                    title=data["title"],
                    slug=data["slug"],
                    body=streams(data["body"]),
                )
                self.created.append(page.title)
            chosen[f"{data['role']}_page"] = page
        # Editors own the choice once made; a home page without one gets the demo's pages.
        home = HomePage.objects.get(pk=home.pk)
        missing = {name: page for name, page in chosen.items()
                   if getattr(home, f"{name}_id") is None}
        if missing:
            for name, page in missing.items():
                setattr(home, name, page)
            home.save_revision().publish()
            self.created.append(f"{home.title}: {', '.join(sorted(missing))}")

    def demo_users(self):
        """An editor, a contributor and a translator for Russian; each password is printed
        once, when the account is made."""
        User = get_user_model()
        language = "ru"  # the demo's translator writes Russian; the account is named for it
        accounts = [("editor", EDITORS, "editor"), ("contributor", CONTRIBUTORS, "contributor"),
                    (f"translator_{language}", TRANSLATORS[language], "translator")]
        for username, group_name, role in accounts:
            if User.objects.filter(username=username).exists():
                self.stdout.write(f"User {username!r} already exists; its password is unchanged.")
                continue
            password = get_random_string(16)
            user = User.objects.create_user(
                username, email=f"{username}@localhost", password=password
            )
            user.groups.add(Group.objects.get(name=group_name))
            self.stdout.write(f"Created {role} {username!r} with password {password}")

    def poll(self, home):
        if PollPage.objects.exists():
            return
        data = readers.POLL
        page = create_page(
            home,
            PollPage,
            title=data["title"],
            slug=data["slug"],
            question=data["question"],
            choices=[
                PollChoice(sort_order=number, **translated("label", labels))
                for number, labels in enumerate(data["choices"])
            ],
            show_in_menus=True,
        )
        self.created.append(page.title)

    def contact_page(self, home):
        if ContactPage.objects.exists():
            return
        data = readers.CONTACT
        fields = []
        for spec in data["fields"]:
            values = {"field_type": spec["field_type"], "required": spec["required"]}
            for name in ("label", "help_text", "choices"):
                if name in spec:
                    values.update(translated(name, spec[name]))
            fields.append(ContactFormField(**values))
        page = create_page(
            home,
            ContactPage,
            title=data["title"],
            slug=data["slug"],
            intro=data["intro"],
            thank_you_text=data["thank_you_text"],
            form_fields=fields,
            show_in_menus=True,
        )
        self.created.append(page.title)

    def resources(self, home):
        data = sections.RESOURCE_INDEX
        index = ResourceIndexPage.objects.child_of(home).first()
        if index is None:
            index = create_page(
                home,
                ResourceIndexPage,
                title=data["title"],
                slug=data["slug"],
                intro=data["intro"],
                show_in_menus=True,
            )
            self.created.append(index.title)
        for item in sections.RESOURCES:
            if ResourcePage.objects.child_of(index).filter(
                    **translated("slug", {"en": item["slug"]["en"]})).exists():
                continue
            page = create_page(index, ResourcePage, **item)
            self.created.append(page.title)

    def links_page(self, home):
        if LinksPage.objects.exists():
            return
        data = sections.LINKS_PAGE
        groups = [
            LinkGroup(
                sort_order=position,
                **translated("title", group["title"]),
                links=[
                    Link(
                        sort_order=number,
                        url=link["url"],
                        **translated("title", link["title"]),
                        **translated("description", link["description"]),
                    )
                    for number, link in enumerate(group["links"])
                ],
            )
            for position, group in enumerate(data["groups"])
        ]
        page = create_page(
            home,
            LinksPage,
            title=data["title"],
            slug=data["slug"],
            intro=data["intro"],
            link_groups=groups,
            show_in_menus=True,
        )
        self.created.append(page.title)

    def map_page(self, home):
        if MapPage.objects.exists():
            return
        data = sections.MAP_PAGE
        places = [
            Place(
                sort_order=position,
                kind=place["kind"],
                latitude=place["latitude"],
                longitude=place["longitude"],
                **translated("name", place["name"]),
                **translated("description", place["description"]),
            )
            for position, place in enumerate(data["places"])
        ]
        routes = [
            Route(
                sort_order=position,
                approximate=True,
                **translated("title", route["title"]),
                **translated("description", route["description"]),
                points=[
                    RoutePoint(sort_order=number, latitude=lat, longitude=lon)
                    for number, (lat, lon) in enumerate(route["points"])
                ],
            )
            for position, route in enumerate(data["routes"])
        ]
        page = create_page(
            home,
            MapPage,
            title=data["title"],
            slug=data["slug"],
            intro=data["intro"],
            places=places,
            routes=routes,
            show_in_menus=True,
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
        index = self.index_page(home, NewsIndexPage, chronicle.NEWS_INDEX)
        for data in chronicle.news_items():
            if NewsPage.objects.child_of(index).filter(
                    **translated("slug", {"az": data["slug"]["az"]})).exists():
                continue
            page = create_page(
                index,
                NewsPage,
                publish=False,
                title=data["title"],
                slug=data["slug"],
                date=data["date"],
                summary=data["summary"],
                body=streams(data["body"]),
            )
            page.tags.add(*data["tags"])
            page.save_revision().publish()
            self.created.append(page.title)
        self.news_topics()

    def news_topics(self):
        """Each demo tag's name for readers in every language."""
        from taggit.models import Tag

        for tag in Tag.objects.filter(name__in=chronicle.TOPICS, news_topic__isnull=True):
            topic = NewsTopic(tag=tag, **translated("name", chronicle.TOPICS[tag.name]))
            topic.save()
            self.created.append(f"News topic: {topic}")

    def anniversaries(self, home):
        index = self.index_page(home, AnniversaryIndexPage, chronicle.ANNIVERSARY_INDEX)
        for data in chronicle.anniversary_updates():
            siblings = AnniversaryUpdatePage.objects.child_of(index)
            if siblings.filter(**translated("slug", {"az": data["slug"]["az"]})).exists():
                continue
            page = create_page(
                index,
                AnniversaryUpdatePage,
                title=data["title"],
                slug=data["slug"],
                commemoration_date=data["commemoration_date"],
                place=data["place"],
                summary=data["summary"],
                body=streams(data["body"]),
            )
            self.created.append(page.title)
