"""What every page type shares: per-language preview, slugs, fallback notice, social image."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page
from wagtail.search import index

from core import i18n, routing
from core import search as portal_search
from core.slugs import slugify
from ops.cache import page_tag, remember
from sharing import seo as portal_seo
from translations import state as translation_state
from translations import stream_sync
from translations.page_forms import PortalPageForm
from translations.panels import TranslationStatusPanel, editor_for


class BasePage(Page):
    """Abstract base of the portal's page types."""

    social_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("Social image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Shown when the page is shared; the page's main image is used when empty."),
    )

    # Kept per language (pages.translation): is this language's text still being written?
    # While it is, publishing leaves readers that language's last published text
    # (translations.state.hold_back_unready; docs/translation.md).
    translation_unfinished = models.BooleanField(
        _("unfinished, keep it from readers"),
        default=False,
        help_text=_(
            "Tick while this language's text is unfinished: publishing then leaves readers "
            "the text last published in this language (or, on a page never published in it, "
            "the text of another language with a notice). The draft keeps your work."
        ),
    )

    # Fields whose text readers see; the fallback notice checks these.
    translated_content_fields: tuple[str, ...] = ("title",)
    # The field whose emptiness in a language marks the page as untranslated there.
    main_text_field: str | None = "body"
    # Relations the page's own template always shows, read with the page when it is served.
    served_with: tuple[str, ...] = ()

    # Wagtail's page form, with the checks apps register (translations.page_forms).
    base_form_class = PortalPageForm

    content_panels = [
        TranslationStatusPanel(),
        MultiFieldPanel(
            [FieldPanel("translation_unfinished")], heading=_("Unfinished translations"),
        ),
        *Page.content_panels,
    ]
    promote_panels = [*Page.promote_panels, FieldPanel("social_image")]
    # Every page type also indexes its texts folded for Azerbaijani (core.search): page types
    # extend these search fields, not Page's.
    search_fields = [*Page.search_fields, index.SearchField("search_folded_text")]

    class Meta:
        abstract = True

    # Preview in each language: the admin previews in the editor's interface language
    # unless the page says otherwise.
    @property
    def preview_modes(self):
        return [
            (code, _("Preview in %(language)s") % {"language": i18n.NATIVE_NAMES[code]})
            for code in i18n.language_codes()
        ]

    @property
    def default_preview_mode(self):
        language = translation.get_language()
        return language if language in i18n.language_codes() else settings.LANGUAGE_CODE

    def serve_preview(self, request, mode_name):
        """Wagtail's preview (the page's template and context; a form page's form) in the
        language of the preview mode."""
        return self.preview_in_language(request, mode_name, super().serve_preview)

    def preview_in_language(self, request, mode_name, serve_preview):
        """``serve_preview`` rendered in the language the preview mode names.

        ``request.is_preview`` (Wagtail's public flag, which it sets before asking for a
        preview) holds throughout: the page's context shows the draft's states and notes, the
        middleware keeps the page out of the cache and lets the admin frame it. Wagtail's
        ``Page.serve`` would reset the flag before building the context (wagtail/wagtail#6987),
        so a preview does not go through ``serve``.
        """
        language = mode_name if mode_name in i18n.language_codes() else settings.LANGUAGE_CODE
        request.is_preview = True  # as Wagtail sets it; also for callers that do not
        with translation.override(language):
            request.LANGUAGE_CODE = language
            response = serve_preview(request, mode_name)
            if hasattr(response, "render"):
                response.render()  # TemplateResponse renders lazily, after the override ends.
        return response

    def __init_subclass__(cls, **kwargs):
        """Each page type's editor is Wagtail's documented ``edit_handler``: the tabs Wagtail
        builds from ``content_panels``, ``promote_panels`` and ``settings_panels``, in which
        each language's fields are named and editable only by those who write that language
        (translations.panels.editor_for). A page type that sets its own ``edit_handler`` keeps
        it."""
        super().__init_subclass__(**kwargs)
        if "edit_handler" not in cls.__dict__:
            cls.edit_handler = editor_for(cls)

    def clean(self):
        # Typed or pasted slugs in Azerbaijani or Cyrillic letters become readable ASCII.
        for code in i18n.language_codes():
            field = build_localized_fieldname("slug", code)
            value = getattr(self, field, None)
            if value and slugify(value) != value:
                setattr(self, field, slugify(value) or value)
        super().clean()

    # StreamFields whose translations keep the source's block structure (translations.stream_sync):
    # a block added in the source appears in every language, to be translated there.
    synced_streamfields: tuple[str, ...] = ()

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is None:
            stream_sync.sync(self, i18n.source_language())
        # A language marked not ready keeps its published text on the live page.
        translation_state.hold_back_unready(self, update_fields)
        # Wagtail's cleaning in save reassigns the title to itself; in an admin working in
        # another language than the source, modeltranslation reads the fallback and would
        # write the source's title into that language (translations.state).
        with translation_state.no_fallback_copies(self):
            return super().save(*args, **kwargs)

    def save_revision(self, *args, **kwargs):
        # The draft, too, has every language on the source's blocks.
        stream_sync.sync(self, i18n.source_language())
        return super().save_revision(*args, **kwargs)

    def get_url_parts(self, request=None):
        """Wagtail's answer, computed from the remembered site root paths and kept per path,
        language and page cache generation (core.routing.url_parts): a page shows dozens of
        URLs (menu, language switcher, lists)."""
        return routing.url_parts(self, request)

    def get_url(self, request=None, current_site=None):
        """Wagtail's answer (``url``, ``pageurl``), from the same remembered parts."""
        return routing.page_url(self, request, current_site) or None

    @property
    def url(self):
        # Page.url is property(Page.get_url): it would not see the override above.
        return self.get_url()

    def get_sitemap_urls(self, request=None):
        """The page in every language, each URL with its twins (sharing.seo.sitemap_urls)."""
        return portal_seo.sitemap_urls(self, request)

    # The page offers "cite this page", whose text names the day it is read (the access date).
    shows_access_date = False

    def next_change(self, request, now):
        """When what this page shows next changes by itself, with nobody publishing (None if
        never): its caches keep it no longer (core.views.serve). Page types that show
        something time-driven add theirs (``earliest`` of the candidates)."""
        expires = self.expire_at if self.expire_at and self.expire_at > now else None
        if self.shows_access_date:
            # The citation's access date turns at local midnight.
            tomorrow = timezone.localdate(now) + datetime.timedelta(days=1)
            midnight = timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time()))
            return earliest(expires, midnight)
        return expires

    @classmethod
    def served_queryset(cls):
        """Where the page is read from when it is served (core.routing)."""
        return cls.objects.select_related(*cls.served_with)

    def get_admin_display_title(self):
        """The title in the editor's language.

        Wagtail's draft_title holds only the language of whoever saved last; the row's
        translated title is the draft for unpublished pages and the live text otherwise.
        """
        return self.title or super().get_admin_display_title()

    def get_main_image(self):
        return self.social_image

    def share_card_lines(self) -> tuple[str, str]:
        """What the page's share card shows in the reader's language (sharing.share): its title
        and the date that matters, as "Recently published" writes it (the work's own date at
        its precision, pages.models.home.WORK_DATES), or "" for a page without one."""
        from core.dates import DatePrecision, written_date
        from pages.models.home import WORK_DATES

        for model, field, precision_field in WORK_DATES:
            if isinstance(self, model) and getattr(self, field, None):
                precision = getattr(self, precision_field) if precision_field else None
                return self.title, written_date(translation.get_language(), getattr(self, field),
                                                precision or DatePrecision.DAY)
        return self.title, ""

    def get_view_restrictions(self):
        """Wagtail's check, asked of the database only for pages under a restricted path.

        Aliases resolve to their source's restrictions, so they always take Wagtail's way.
        """
        from wagtail.models import PageViewRestriction

        from core.restrictions import is_under_restriction

        if not self.alias_of_id and not is_under_restriction(self.path):
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()

    def search_folded_text(self) -> str:
        """Title, description and texts in every language, folded the way queries are."""
        names = ["title", "search_description"]
        names += [name for name in self.translated_content_fields if name not in names]
        texts = []
        for name in names:
            localized = i18n.language_columns(name)
            for field_name in localized if hasattr(self, localized[0]) else [name]:
                texts.append(portal_search.searchable_text(self, field_name))
        return portal_search.fold(" ".join(text for text in texts if text))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        missing = i18n.missing_translations(self, self.translated_content_fields)
        context["outdated_translation"] = None
        language = translation.get_language()
        source = i18n.source_language()
        if language != source and self.pk is not None:
            def compute():
                # Without the labels (lazy strings): unpicklable, they kept the states from
                # being remembered, so every reading computed them again and logged a warning.
                return [
                    translation_state.ReaderState(item.key, item.state, item.source_revised_at)
                    for item in translation_state.states(
                        self, children=False, keys=set(self.translated_content_fields),
                        languages=[language],
                    )
                ]

            # Readers' pages change state only when published or confirmed, both announced
            # for the page (its tag); a preview shows the draft, computed each time.
            if getattr(request, "is_preview", False):
                mine = compute()
            else:
                mine = remember(f"reader-translation:{self.pk}:{language}", compute,
                                tags=(page_tag(self.pk),))
            # A text copied from the source is the source's text: said so, as a missing one.
            for item in mine:
                # A block of a synced StreamField not yet translated shows the source's block.
                copied_block = item.state == translation_state.MISSING and "." in item.key
                if item.state == translation_state.SAME or copied_block:
                    missing[item.key] = source
            outdated = [item for item in mine if item.state == translation_state.OUTDATED]
            if outdated:
                with translation.override(source):
                    source_url = self.get_url(request)
                revised = [item.source_revised_at for item in outdated if item.source_revised_at]
                context["outdated_translation"] = {
                    "language": source, "url": source_url,
                    "revised": max(revised) if revised else None,
                }
        context["missing_translations"] = missing
        # Blocks of a synced StreamField not yet translated: shown with the source's lang.
        context["untranslated_blocks"] = set()
        if language != source:
            for name in self.synced_streamfields:
                context["untranslated_blocks"] |= stream_sync.untranslated_block_ids(
                    self, name, language, source)
        context["source_language"] = source
        return context


class RoutableBasePage(RoutablePageMixin, BasePage):
    """Abstract base of the page types with sub-URLs (feeds, records, GeoJSON): Wagtail's
    ``RoutablePageMixin`` comes first, as it must, and its preview (the page's main route) is
    rendered in each language like every other page's."""

    class Meta:
        abstract = True

    def serve_preview(self, request, mode_name):
        return self.preview_in_language(request, mode_name, super().serve_preview)


class FeedsMixin:
    """RSS and Atom feeds of an index page's items in each language (``sharing.feeds``), at
    ``feed/rss/`` and ``feed/atom/`` below the index, for a ``RoutableBasePage``. The index
    gives ``feed_items()`` (its live, public items, newest first), ``feed_date_field`` (the
    items' date field), ``feed_fallback_description()`` and ``feed_names`` (the feeds' names and
    the words before the visible links, as readers see them)."""

    feed_date_field = "date"
    # Whether the footer of every page links these feeds (the news's).
    feeds_in_footer = False

    def feed_fallback_description(self):
        return ""

    def feed_urls(self, request=None):
        """Relative URLs of this index's feeds in the active language."""
        base = self.get_url(request)
        if not base:
            return {}
        return {
            "rss": base + self.reverse_subpage("feed_rss"),
            "atom": base + self.reverse_subpage("feed_atom"),
        }

    def feed_context(self, request):
        """What ``components/feed_links.html`` and the visible links need."""
        return {"feeds": self.feed_urls(request), "feed_names": self.feed_names}

    def _feed(self, request, feed_class):
        from pages.models.site_settings import PortalSettings

        return feed_class(self, site_name=PortalSettings.for_request(request).display_name)(
            request
        )

    @path("feed/rss/", name="feed_rss")
    def feed_rss(self, request):
        from sharing.feeds import IndexRssFeed

        return self._feed(request, IndexRssFeed)

    @path("feed/atom/", name="feed_atom")
    def feed_atom(self, request):
        from sharing.feeds import IndexAtomFeed

        return self._feed(request, IndexAtomFeed)


# What lists of pages never show: each page's own text and its metadata for search engines and
# the admin. Reading them for every row of a list costs far more than the rows it shows.
LISTING_DEFERRED_FIELDS = ("body", "search_description", "seo_title", "draft_title", "slug")


def for_listing(queryset):
    """``queryset`` without the columns lists never show, in every language (modeltranslation
    defers a translated field's columns for all languages at once)."""
    model = queryset.model
    names = {field.name for field in model._meta.get_fields()}
    deferred = [*LISTING_DEFERRED_FIELDS, *getattr(model, "listing_deferred_fields", ())]
    return queryset.defer(*[name for name in deferred if name in names])


def earliest(*moments):
    """The first of the moments that are set (None when none is)."""
    known = [moment for moment in moments if moment is not None]
    return min(known) if known else None


def sources_panel():
    """The sources a page's text cites (the citations app's footnotes), with how to tie
    words to them, for the page types whose text makes statements readers may check."""
    return InlinePanel(
        "footnotes",
        heading=_("Sources cited"),
        label=_("Source cited"),
        help_text=_(
            "Each source has a key. To attach it to words of the text (in any language), "
            "select the words, choose the link button, then “Anchor link”, and type note- "
            "followed by the key (note-toll). For a figure, type figure- followed by the key "
            "(figure-toll): readers see its sources when they point at it or reach it with "
            "the keyboard. Readers see numbered notes and a list of the sources at the end."
        ),
    )
