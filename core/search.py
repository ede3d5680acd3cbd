"""Site search: query cleaning, Azerbaijani-aware folding and the one search over every page type.

PostgreSQL has no Azerbaijani text-search configuration and lower-cases ``I`` to ``i`` (not
``ı``), so each page also indexes a folded copy of its texts (``BasePage.search_folded_text``)
and the query is folded the same way: ı, I, i and İ all become ``i``; ə, ğ, ö, ü, ş and ç lose
their marks. Cyrillic and Latin letters are only lower-cased.

Matching is Wagtail's database backend (FTS5 on SQLite, text search with the "russian"
configuration on PostgreSQL). Three things no backend knows are added on the query side
(``expand``): the event's name in all its spellings and scripts is one word (``NAME_STEMS``),
an Azerbaijani word is looked for with its common suffixes (``azerbaijani_forms``), and
results are ordered by ``rank`` (titles first, then the backend's own order).
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
from wagtail.search.query import And, Or, PlainText

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
    # "İ".lower() is "i" with a combining dot, which no index holds: Azerbaijani's İ is i.
    terms = [word.replace("İ", "i").lower()
             for word in _WORD.findall(unicodedata.normalize("NFC", text))]
    if len(terms) > MAX_TERMS:
        terms, truncated = terms[:MAX_TERMS], True
    return CleanQuery(raw=raw, shown=text, terms=terms, truncated=truncated)


# The event's name as readers type it: a query word that begins with one of these stems (folded)
# is the name, and finds every spelling below, whichever the page uses.
NAME_STEMS = ("xocal", "khojal", "khodjal", "hodjal", "hojal", "khodzhal", "chodschal",
              "ходжал", "ходжаль")
NAME_FORMS = (
    "xocalı", "khojaly", "khojali", "khodjaly", "hodjaly", "hojaly", "khodzhaly",
    "ходжалы", "ходжалинская", "ходжалинской", "ходжалинскую", "ходжалинский",
    "ходжалинского", "ходжалинском", "ходжалинскому", "ходжалинские", "ходжалинских",
    "ходжалинцы", "ходжалинцев",
)

# Azerbaijani noun suffixes (plural, possessive, case and "-lı"), written with
# A for a/ə and I for ı/i/u/ü as vowel harmony chooses; folded, ə is e and ı, i are i.
_AZ_SUFFIXES = (
    "I", "nI", "In", "nIn", "sI", "sInIn", "sInI", "InIn", "InI", "lI",
    "A", "yA", "dA", "dAn", "lA", "lAr", "lArI", "lArIn", "lArA", "lArdA", "lArdAn",
    "lArInIn", "lArInA", "lArIndA", "lArIndAn", "sInA", "sIndA", "sIndAn", "InA", "IndA",
    "IndAn", "lIlAr", "nA", "ndA",
)
# Suffixes taken off a query word to reach its stem, longest first (folded).
_AZ_STRIP = sorted(
    {suffix.replace("A", a).replace("I", "i") for suffix in _AZ_SUFFIXES for a in "ae"}
    | {suffix.replace("A", a).replace("I", "u") for suffix in _AZ_SUFFIXES for a in "ae"},
    key=len, reverse=True,
)
MIN_STEM = 4
MAX_EXPANDED_TERMS = 4
_LATIN = re.compile(r"^[a-z0-9]+$")
_AZ_LETTERS = set("əığşçöüƏIİĞŞÇÖÜ")


def _with_suffixes(base: str) -> set[str]:
    """``base`` (folded) with every suffix of ``_AZ_SUFFIXES`` in its harmony (ı and i fold
    alike; a after back vowels, ə after front ones, both kept since folding hides which)."""
    vowels = [ch for ch in base if ch in "aeiou"]
    narrow = "u" if vowels and vowels[-1] in "ou" else "i"
    forms = {base}
    for suffix in _AZ_SUFFIXES:
        for wide in "ae":
            # After the first wide vowel every narrow one is i: "lArIn" is larin or lerin.
            head, sep, tail = suffix.partition("A")
            written = head.replace("I", narrow) + (wide + tail.replace("A", wide).replace(
                "I", "i") if sep else "")
            forms.add(base + written)
    return forms


def azerbaijani_stem(word: str) -> str:
    """The folded word without its longest Azerbaijani suffix, the stem kept at least five
    letters long ("xocalida" -> "xocali", "soyqirimi" -> "soyqirim")."""
    folded = fold(word)
    for suffix in _AZ_STRIP:
        if folded.endswith(suffix) and len(folded) - len(suffix) >= MIN_STEM + 1:
            return folded[: -len(suffix)]
    return folded


def azerbaijani_forms(word: str) -> set[str]:
    """The folded word and its stem, each with the common suffixes: FTS5 matches whole words
    and PostgreSQL has no Azerbaijani stemmer, so the query names the forms a text may use
    ("soyqırım" finds "soyqırımı", "Xocalıda" finds "Xocalı")."""
    folded = fold(word)
    return _with_suffixes(folded) | _with_suffixes(azerbaijani_stem(word))


def is_name(term: str) -> bool:
    return fold(term).startswith(NAME_STEMS)


def term_forms(term: str, language: str | None, expand_suffixes: bool = True) -> set[str]:
    """Every word that counts as a match for one query term, as the index holds it (as typed,
    folded, the event's other names, Azerbaijani suffixed forms)."""
    forms = {term, fold(term)}
    azerbaijani = language == "az" or bool(_AZ_LETTERS & set(term))
    if is_name(term):
        # The Azerbaijani name's suffixed forms are built on "xocali" itself, not on a
        # shorter stem ("xocal"), which only adds words no text holds.
        return forms | set(NAME_FORMS) | {fold(name) for name in NAME_FORMS} | (
            _with_suffixes(fold("xocalı"))
        )
    if expand_suffixes and azerbaijani and _LATIN.match(fold(term)) and len(term) >= MIN_STEM:
        forms |= azerbaijani_forms(term)
    return forms


def expand(query: CleanQuery, language: str | None = None) -> list[set[str]]:
    """For each term of the query, the words that count as a match (see ``term_forms``);
    suffixes are added for the first ``MAX_EXPANDED_TERMS`` terms only, so a pasted sentence
    stays a query of its own words."""
    language = language or translation.get_language()
    return [term_forms(term, language, expand_suffixes=n < MAX_EXPANDED_TERMS)
            for n, term in enumerate(query.terms)]


# Words per PlainText: the backends nest one expression per word, and hashing a nesting of a
# hundred (a term with all its suffixes) exceeds Python's recursion limit on PostgreSQL.
_WORDS_PER_CLAUSE = 16


def _any_of(forms: set[str]):
    words = sorted(forms)
    clauses = [PlainText(" ".join(words[start:start + _WORDS_PER_CLAUSE]), operator="or")
               for start in range(0, len(words), _WORDS_PER_CLAUSE)]
    return clauses[0] if len(clauses) == 1 else Or(clauses)


def build_query(query: CleanQuery, language: str | None = None):
    """Every term must match (``And``); a term matches through any of its forms (``Or``)."""
    parts = [_any_of(forms) for forms in expand(query, language)]
    return parts[0] if len(parts) == 1 else And(parts)


def _cores(word: str) -> set[str]:
    """The word without none, one or two of its last letters, each core at least five letters:
    two words sharing a core are one word in two endings ("трагедия" and "трагедии",
    "massacre" and "massacres"), as a stemming backend finds them."""
    return {word[: len(word) - cut] for cut in range(3) if len(word) - cut >= MIN_STEM + 1}


class _TitleWords:
    """Which query terms each title word matches, worked out once per word: a search over a
    large site ranks thousands of titles made of the same few hundred words."""

    def __init__(self, expanded: list[set[str]]):
        self.expanded = expanded
        self.cores = [set().union(*(_cores(form) for form in forms)) for forms in expanded]
        self.known: dict[str, tuple[bool, ...]] = {}

    def hits(self, word: str) -> tuple[bool, ...]:
        if word not in self.known:
            word_cores = _cores(word)
            self.known[word] = tuple(
                word in forms or bool(word_cores & cores)
                for forms, cores in zip(self.expanded, self.cores, strict=True)
            )
        return self.known[word]

    def coverage(self, titles) -> float:
        """How much of the best-matching title the query covers (0 when no title holds every
        term): "Anniversary updates" is more about "anniversary" than "26 February 2026: the
        34th anniversary" is."""
        best = 0.0
        for title in titles:
            words = [fold(word) for word in _WORD.findall(title or "")]
            if not words:
                continue
            hits = [self.hits(word) for word in words]
            if all(any(column) for column in zip(*hits, strict=True)):
                best = max(best, sum(any(hit) for hit in hits) / len(words))
        return best


def title_coverage(titles, expanded: list[set[str]]) -> float:
    """How much of the best-matching of ``titles`` the query covers (see ``_TitleWords``)."""
    return _TitleWords(expanded).coverage(titles)


def rank(candidates, expanded: list[set[str]]) -> list:
    """The backend's results reordered: pages whose title (in any language) holds the query
    first; among them the page types that lead their subject (``search_prominence``, the
    memorial article), then titles in the reader's language, then the titles the query covers
    most; otherwise, and between equals, the backend's own order.

    Written here because neither backend can do it: SQLite's FTS5 ranking multiplies one bm25
    over title and body by the inverse of the title's length (so "Poll" outranks the article
    for words the article's title holds), and on both backends the title column holds the
    title in the language that was active when the page was saved; the titles in the other
    languages sit in the body with everything else. Ordering by the title in Python also
    makes both backends agree on the first results.
    """
    words = _TitleWords(expanded)
    own = f"title_{translation.get_language()}"
    others = [name for name in _TITLE_COLUMNS if name != own]

    def key(item):
        position, page = item
        in_own = words.coverage([getattr(page, own, "")])
        coverage = in_own or words.coverage([getattr(page, name, "") for name in others])
        prominence = getattr(page.specific_class, "search_prominence", 0) if coverage else 0
        return (not coverage, -prominence, not in_own, -coverage, position)

    return [page for _, page in sorted(enumerate(candidates), key=key)]


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
    # Every match, with only what ranking reads; the backend's order is the last tie-break.
    found = list(queryset.only("pk", "content_type", *_TITLE_COLUMNS).search(build_query(query)))
    paginator = Paginator(rank(found, expand(query)), RESULTS_PER_PAGE)
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


def _title_columns():
    from django.conf import settings

    return tuple(f"title_{code}" for code, _ in settings.LANGUAGES)


_TITLE_COLUMNS = _title_columns()


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
