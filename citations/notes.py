"""Notes for readers: the anchor links editors put in a page's text (``#note-<key>``,
``#figure-<key>``) become numbered notes, in reading order, per language; the notes and the
sources they cite (a bibliography) follow the text. Plain HTML: links both ways, the figures'
sources shown on hover and focus by CSS alone; nothing needs JavaScript.

Every citation is written by the portal's one citation helper (citations.citation). What a page's
notes cite is read once until the page, or a resource it cites, is published again
(ops.cache.remember, tagged with the page: citations.signals announces both): a page renders with
the same queries whatever the number of its notes.
"""

import re
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from wagtail.models import Page

from citations import citation
from core import i18n, restrictions, routing
from ops.cache import page_tag, remember

# A link as Wagtail writes the rich-text editor's anchor links (its database format keeps
# ``<a href="#…">``; rendering leaves it as it is).
LINK = re.compile(r'<a href="#(note|figure)-([A-Za-z0-9_-]+)">(.*?)</a>', re.S)
# The same anchors in any stored text: rich text, or a StreamField's JSON (quotes escaped).
ANCHOR = re.compile(r'href=\\?"#(note|figure)-([^"\\]*)\\?"')


@dataclass
class Cited:
    """One source of a note, in the reader's language."""

    work: str  # which work, the same across notes (the bibliography lists each once)
    citation: list  # citations.citation segments
    link: str = ""  # its page on the portal, if any
    locator: str = ""
    locator_language: str = ""
    quotation: str = ""
    quotation_language: str = ""

    @property
    def sort_key(self):
        return "".join(segment.text for segment in self.citation).strip("“”«»\"' ").casefold()


@dataclass
class Note:
    number: int
    key: str
    sources: list
    references: list = field(default_factory=list)  # ids of the places that cite it


def anchors(text) -> list[tuple[str, str]]:
    """(kind, key) of every note and figure anchor in a stored text."""
    return ANCHOR.findall(str(text or ""))


def _link(page) -> str:
    """The address of a page readers may open ("" for a draft or a private page)."""
    if page is None or not page.live or restrictions.is_under_restriction(page.path):
        return ""
    return routing.page_url(page)


def _private(page) -> bool:
    """A page readers may not know of: behind a view restriction, or never published (its
    title is a draft's)."""
    return restrictions.is_under_restriction(page.path) or (
        not page.live and page.first_published_at is None)


def _cited(footnote, pages, language) -> Cited | None:
    """The footnote's source in ``language``; None when it would only name a page readers may
    not know of (:func:`_private`) and says nothing else."""
    locator, locator_language = i18n.localized(footnote, "locator", language)
    quotation, quotation_language = i18n.localized(footnote, "quotation", language)
    extra = {"locator": locator.strip(), "locator_language": locator_language,
             "quotation": quotation.strip(), "quotation_language": quotation_language}
    resource = pages.get(footnote.resource_id)
    if resource is not None and _private(resource):
        resource = None  # cited by what else the footnote says, if anything
    if resource is not None:
        link = _link(resource)
        describe = getattr(resource, "citation_work", None)
        work = describe(language) if describe else citation.page_work(
            resource, link, language=language)
        return Cited(f"page:{resource.pk}", citation.segments(work, language), link, **extra)
    source = footnote.source if footnote.source_id else None
    if source is not None:
        page = pages.get(source.page_id)
        return Cited(f"source:{source.pk}",
                     citation.reference_segments(source.citation, language, url=source.url),
                     _link(page), **extra)
    text, text_language = i18n.localized(footnote, "reference", language)
    url = footnote.url
    if not text.strip():
        text, text_language, url = url, "", ""
    if not text.strip():
        return None
    return Cited(f"reference:{text.strip()}|{url}",
                 citation.reference_segments(text, language, text_language, url), **extra)


def read_sources(page, language) -> dict[str, list[Cited]]:
    """{key: [its sources]} of the page's footnotes, in the editor's order."""
    # A draft (preview) keeps its notes in memory, where select_related changes nothing.
    footnotes = list(page.footnotes.all().select_related("source"))
    if not footnotes:
        return {}
    wanted = {note.resource_id for note in footnotes if note.resource_id}
    wanted |= {note.source.page_id for note in footnotes if note.source_id and note.source
               and note.source.page_id}
    # Every page cited, published or not: the citation stays; only a published, public page
    # is linked (_link).
    pages = {cited.pk: cited for cited in Page.objects.filter(pk__in=wanted).specific()} if (
        wanted) else {}
    by_key = {}
    with translation.override(language):
        for footnote in footnotes:
            cited = _cited(footnote, pages, language)
            if cited is not None:
                by_key.setdefault(footnote.key, []).append(cited)
    return by_key


def sources_for(page, request=None, language=None) -> dict[str, list[Cited]]:
    """The page's sources by key, remembered for the live page (a preview reads its draft)."""
    language = language or translation.get_language()
    if getattr(request, "is_preview", False) or page.pk is None:
        return read_sources(page, language)
    return remember(f"footnotes:{page.pk}:{language}", lambda: read_sources(page, language),
                    tags=(page_tag(page.pk),))


class Numbering:
    """Numbers the notes of one text in reading order, as its links are met."""

    def __init__(self, sources: dict):
        self.sources = sources
        self.notes: dict[str, Note] = {}

    def note(self, key) -> Note:
        if key not in self.notes:
            self.notes[key] = Note(len(self.notes) + 1, key, self.sources[key])
        return self.notes[key]

    def replace(self, match) -> str:
        kind, key, words = match.group(1), match.group(2), match.group(3)
        if key not in self.sources:
            return words  # a note since removed: the words stay, without a dead link
        note = self.note(key)
        count = len(note.references) + 1
        ident = f"fnref-{note.number}" + (f"-{count}" if count > 1 else "")
        note.references.append(ident)
        label = translation.gettext("Note %(number)s") % {"number": note.number}
        marker = format_html(
            '<sup class="noteref"><a href="#fn-{n}" id="{ident}" role="doc-noteref" '
            'aria-describedby="footnotes-label" title="{label}">{n}</a></sup>',
            n=note.number, ident=ident, label=label)
        if kind == "note":
            return mark_safe(words) + marker
        tip = render_to_string("citations/figure_sources.html", {
            "sources": note.sources, "ident": f"figure-sources-{ident}",
            "LANGUAGE_CODE": translation.get_language(),
        })
        return format_html(
            '<span class="figure-cited" tabindex="0" aria-describedby="figure-sources-{ident}">'
            "{words}{tip}</span>{marker}",
            ident=ident, words=mark_safe(words), tip=mark_safe(tip.strip()), marker=marker)

    def bibliography(self) -> list[Cited]:
        seen = {}
        for note in self.notes.values():
            for cited in note.sources:
                seen.setdefault(cited.work, cited)
        return sorted(seen.values(), key=lambda cited: cited.sort_key)


def annotate(html, sources: dict) -> tuple[str, Numbering]:
    """The text with its note and figure links numbered, and the numbering used."""
    numbering = Numbering(sources)
    return LINK.sub(numbering.replace, str(html)), numbering


def render(html, page, request=None) -> str:
    """The page's text with its notes, followed by the notes and the sources cited."""
    sources = sources_for(page, request) if "#note-" in html or "#figure-" in html else {}
    text, numbering = annotate(html, sources)
    if not numbering.notes:
        return mark_safe(text)
    section = render_to_string("citations/notes.html", {
        "notes": list(numbering.notes.values()),
        "bibliography": numbering.bibliography(),
        "LANGUAGE_CODE": translation.get_language(),
    })
    return mark_safe(text + section)


def citing_pages(resource, language=None) -> list[dict]:
    """The live, public pages whose notes cite ``resource`` ("Cited in"), newest first: one
    query, remembered until the next publish."""
    from citations.models import Footnote

    language = language or translation.get_language()

    def read():
        citing = restrictions.public(Page.objects.live().filter(
            pk__in=Footnote.objects.filter(resource_id=resource.pk).values("page_id"),
        )).order_by("-first_published_at", "pk")
        found = []
        with translation.override(language):
            for page in citing:
                found.append({"title": page.title, "url": routing.page_url(page),
                              "language": i18n.shown_language(page, "title", language)})
        return [item for item in found if item["url"]]

    return remember(f"cited-in:{resource.pk}:{language}", read, tags=(page_tag(resource.pk),))
