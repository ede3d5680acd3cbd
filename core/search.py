"""Site search: query cleaning, Azerbaijani-aware folding and the one search over every page type.

PostgreSQL has no Azerbaijani text-search configuration and lower-cases ``I`` to ``i`` (not
``ı``), so each page also indexes a folded copy of its texts (``BasePage.search_folded_text``)
and the query is folded the same way: ı, I, i and İ all become ``i``; ə, ğ, ö, ü, ş and ç lose
their marks. Cyrillic and Latin letters are only lower-cased.
"""

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.utils import translation
from django.utils.html import strip_tags
from django.utils.text import Truncator
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search.query import Or, PlainText

from core.pagination import page_number_or_404, page_or_404
from core.restrictions import public
from ops.cache import remember

MAX_QUERY_LENGTH = 200
MAX_TERMS = 12
RESULTS_PER_PAGE = 10
SNIPPET_WORDS = 30

_FOLD = str.maketrans(
    {
        "I": "i", "ı": "i", "İ": "i",
        "Ə": "e", "ə": "e", "Ğ": "g", "ğ": "g", "Ö": "o", "ö": "o",
        "Ü": "u", "ü": "u", "Ş": "s", "ş": "s", "Ç": "c", "ç": "c",
    }
)
_WORD = re.compile(r"[^\W_]+")


def fold(text: str) -> str:
    """Lower-case with Azerbaijani rules and without the special letters (Cyrillic untouched)."""
    return unicodedata.normalize("NFC", text).translate(_FOLD).lower()


@dataclass
class CleanQuery:
    """What is left of a reader's query once everything a search cannot use is dropped."""

    raw: str
    shown: str  # the query as echoed back to the reader (shortened, never with NUL bytes)
    terms: list[str] = field(default_factory=list)
    truncated: bool = False

    @property
    def text(self) -> str:
        return " ".join(self.terms)


def clean_query(raw: str | None) -> CleanQuery:
    raw = raw or ""
    # Control characters (NUL among them) are never stored, searched or shown.
    text = "".join(ch for ch in raw if ch in "\t\n" or unicodedata.category(ch) != "Cc")
    text = " ".join(text.split())
    truncated = len(text) > MAX_QUERY_LENGTH
    if truncated:
        text = text[:MAX_QUERY_LENGTH]
    # Words only: punctuation, SQL, markup and search-syntax operators cannot reach the backend.
    terms = [word.lower() for word in _WORD.findall(unicodedata.normalize("NFC", text))]
    if len(terms) > MAX_TERMS:
        terms, truncated = terms[:MAX_TERMS], True
    return CleanQuery(raw=raw, shown=text, terms=terms, truncated=truncated)


def build_query(query: CleanQuery):
    plain = query.text
    folded = fold(plain)
    if folded == plain:
        return PlainText(plain, operator="and")
    return Or([PlainText(plain, operator="and"), PlainText(folded, operator="and")])


def searchable_text(page, field_name: str) -> str:
    """The readable text of one field of a page, in the active language (with fallback)."""
    value = getattr(page, field_name, None)
    if value is None:
        return ""
    try:
        model_field = page._meta.get_field(field_name)
    except Exception:  # a property or method: its text as given
        model_field = None
    if isinstance(model_field, StreamField):
        return " ".join(model_field.get_searchable_content(value))
    return strip_tags(str(value))


def snippet(page) -> str:
    """The search description, or the start of the page's own text, in the reader's language."""
    text = (page.search_description or "").strip()
    if not text:
        for name in getattr(page, "translated_content_fields", ()):
            if name == "title":
                continue
            text = " ".join(searchable_text(page, name).split())
            if text:
                break
    return Truncator(text).words(SNIPPET_WORDS, truncate="…")


@dataclass
class Result:
    """One search result as the reader sees it, in the reader's language."""

    pk: int
    title: str
    title_language: str
    url: str
    snippet: str
    section: str


def search_pages(query: CleanQuery, page_number, site_root: Page | None):
    """One page of results for every live, public page type below the site's root.

    Returns a Django ``Page`` of ``Result`` objects; bad page numbers fall back to the first or
    last page. The results (which pages match, in which order, how many, and how each is shown
    in the reader's language) are remembered per query, language and page until any page
    changes (``ops.cache.remember``): readers in a surge search for the same few words, and
    ranking every matching page costs far more than showing ten.
    """
    number = page_number_or_404(page_number)
    found = remember(_results_key(query, number, site_root),
                     lambda: _matching(query, number, site_root))
    # Numbering as Django's paginator does it; past the last page: the 404 page.
    page_obj = page_or_404(Paginator(range(found["count"]), RESULTS_PER_PAGE), number)
    page_obj.object_list = found["results"]
    return page_obj


def _results_key(query: CleanQuery, number: int, site_root: Page | None) -> str:
    raw = "\x1f".join([translation.get_language() or "", str(getattr(site_root, "pk", "")),
                       query.text, str(number)])
    return "search:" + hashlib.sha256(raw.encode("utf-8")).hexdigest()[:32]


def _matching(query: CleanQuery, number: int, site_root: Page | None) -> dict:
    """One page of ranked results and the number of results: the ranked ids and the count,
    then the specific pages and their sections in bulk."""
    from core.i18n import shown_language

    queryset = public(Page.objects.live())
    if site_root is not None:
        queryset = queryset.descendant_of(site_root, inclusive=True)
    paginator = Paginator(queryset.search(build_query(query)), RESULTS_PER_PAGE)
    ids = [page.pk for page in paginator.get_page(number).object_list]
    by_pk = {page.pk: page for page in Page.objects.filter(pk__in=ids).specific()}
    pages = [by_pk[pk] for pk in ids if pk in by_pk]
    sections = _sections(pages, site_root)
    results = [
        Result(
            pk=page.pk,
            title=page.title,
            title_language=shown_language(page, "title"),
            url=page.get_url(),
            snippet=snippet(page),
            section=sections[page.pk].title if sections.get(page.pk) else "",
        )
        for page in pages
    ]
    return {"count": paginator.count, "results": results}


def _sections(pages, site_root):
    """{page id: its top-level ancestor below the home page} (none for the home page itself)."""
    if site_root is None:
        return {}
    depth = site_root.depth + 1
    steplen = Page.steplen
    wanted = {
        p.pk: p.path[: steplen * depth] for p in pages
        if p.depth >= depth and p.path.startswith(site_root.path)
    }
    by_path = {s.path: s for s in Page.objects.filter(path__in=set(wanted.values()))}
    return {pk: by_path.get(path) for pk, path in wanted.items()}
