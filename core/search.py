"""Site search: query cleaning, what each query word counts as, ranking, and the one search over
every page type (and what apps add to it through the ``portal_search_results`` hook).

Matching is Wagtail's database backend (FTS5 on SQLite, text search with the "russian"
configuration on PostgreSQL) over each page's texts and a folded copy of them
(``BasePage.search_folded_text``, ``core.wordforms.fold``). What no backend knows is added on
the query side (``expand``), the same on both backends:

- a name in any script or spelling is every spelling of it (``core.spellings``: Xocalı,
  Хоҹалы, Ходжалы, Hocalı, Khojaly, Chodschali ... are one word);
- a word is also its synonyms that editors keep for the reader's language
  (``core.models.SearchSynonym``: massacre, tragedy, genocide);
- a word no title and no name holds is also the title words and names one or two typing
  slips away from it ("Khojlay", "massacer");
- an Azerbaijani word is looked for with its common suffixes (``core.wordforms``).

Results are ordered by ``rank``: titles first, then leads, then the backend's own order.
"""

import hashlib
import unicodedata
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.utils import translation
from django.utils.html import strip_tags
from modeltranslation.utils import build_localized_fieldname
from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein
from wagtail import hooks
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search.query import And, Or, PlainText

from core import spellings, summary
from core.pagination import page_number_or_404, page_or_404
from core.restrictions import public
from core.wordforms import (
    MIN_STEM,
    WORD,
    azerbaijani_forms,
    fold,
    looks_azerbaijani,
    stem,
    words,
)
from ops.cache import remember

MAX_QUERY_LENGTH = 200
MAX_TERMS = 12
RESULTS_PER_PAGE = 10
SNIPPET_CHARACTERS = 240
MAX_EXPANDED_TERMS = 4
# Pages below the title tier whose leads are read for ranking: the first of the backend's order.
LEAD_CANDIDATES = 300


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
             for word in WORD.findall(unicodedata.normalize("NFC", text))]
    if len(terms) > MAX_TERMS:
        terms, truncated = terms[:MAX_TERMS], True
    return CleanQuery(raw=raw, shown=text, terms=terms, truncated=truncated)


# -- What the search knows besides the index: synonyms and the words typos are compared with --
@dataclass
class Vocabulary:
    """Editors' synonyms by language (groups of words) with each group's stems, and the
    lexicon typos are corrected against: every word of a live page's title in any language,
    every form of every name and every synonym."""

    synonyms: dict[str, list[tuple[str, ...]]]
    stems: dict[str, dict[str, set[int]]]
    lexicon: tuple[str, ...]
    lexicon_set: frozenset[str] = frozenset()

    def groups(self, term: str, language: str) -> list[tuple[str, ...]]:
        """The synonym groups of ``language`` holding the term in any of its forms."""
        found = self.stems.get(language, {})
        indexes = found.get(stem(term, language), set()) | found.get(fold(term), set())
        return [self.synonyms[language][n] for n in sorted(indexes)]


def vocabulary() -> Vocabulary:
    """Read once per page cache generation: publishing a page or saving a synonym (a snippet)
    starts a new one (ops.signals)."""
    return remember("search-vocabulary", _read_vocabulary)


def _read_vocabulary() -> Vocabulary:
    from core.models import SearchSynonym

    synonyms: dict[str, list[tuple[str, ...]]] = {}
    stems: dict[str, dict[str, set[int]]] = {}
    lexicon = set(spellings.every_form())
    for synonym in SearchSynonym.objects.order_by("language", "term"):
        group = tuple(synonym.words())
        number = len(synonyms.setdefault(synonym.language, []))
        synonyms[synonym.language].append(group)
        for word in group:
            for key in (stem(word, synonym.language), fold(word)):
                stems.setdefault(synonym.language, {}).setdefault(key, set()).add(number)
            lexicon.update(words(word))
    titles = public(Page.objects.live()).filter(depth__gt=1).values_list(*_TITLE_COLUMNS)
    for row in titles:
        for title in row:
            lexicon.update(word for word in words(title or "") if not word.isdigit())
    return Vocabulary(synonyms=synonyms, stems=stems, lexicon=tuple(sorted(lexicon)),
                      lexicon_set=frozenset(lexicon))


def allowed_slips(word: str) -> int:
    """Typing slips forgiven in a word: none below five letters (too many words are one slip
    from each other), one up to seven, two from eight."""
    return 0 if len(word) < MIN_STEM + 1 else 1 if len(word) < 8 else 2


def corrections(term: str, lexicon: tuple[str, ...]) -> set[str]:
    """Words of the lexicon within ``allowed_slips`` of the term (a swap of two letters is one
    slip), for a term the lexicon does not hold."""
    folded = fold(term)
    slips = allowed_slips(folded)
    if not slips or not folded.isalpha():
        return set()
    matches = process.extract(folded, lexicon, scorer=DamerauLevenshtein.distance,
                              score_cutoff=slips, limit=8)
    return {word for word, _distance, _index in matches if word != folded}


# -- What each query word counts as --------------------------------------------------------
def word_forms(word: str, language: str | None, expand_suffixes: bool = True) -> set[str]:
    """The word as typed and folded, with its Azerbaijani suffixed forms where it is one."""
    forms = {word, fold(word)}
    if expand_suffixes and looks_azerbaijani(word, language) and len(word) >= MIN_STEM:
        forms |= azerbaijani_forms(word)
    return forms


def term_forms(term: str, language: str | None, expand_suffixes: bool = True,
               known: Vocabulary | None = None) -> set[str]:
    """Every word that counts as a match for one query term, as the index holds it: a name's
    every spelling and form; else the term's own forms, its synonyms in the reader's language
    and, for a word the lexicon does not know, the known words a slip or two away."""
    known = known or vocabulary()
    forms = {term, fold(term)}
    name = spellings.name_of(term)
    slipped: set[str] = set()
    if name is None and fold(term) not in known.lexicon_set:
        slipped = corrections(term, known.lexicon)
        names = {spellings.name_of(word) for word in slipped} - {None}
        name = names.pop() if len(names) == 1 else None
    if name is not None:
        return forms | name.forms()
    forms |= word_forms(term, language, expand_suffixes)
    for word in slipped:
        forms |= word_forms(word, language, expand_suffixes)
    for word in [term, *sorted(slipped)]:
        for group in known.groups(word, language or ""):
            for synonym in group:
                forms |= word_forms(synonym, language, expand_suffixes)
    return forms


def expand(query: CleanQuery, language: str | None = None) -> list[set[str]]:
    """For each term of the query, the words that count as a match (see ``term_forms``);
    suffixes are added for the first ``MAX_EXPANDED_TERMS`` terms only, so a pasted sentence
    stays a query of its own words."""
    language = language or translation.get_language()
    known = vocabulary()
    return [term_forms(term, language, expand_suffixes=n < MAX_EXPANDED_TERMS, known=known)
            for n, term in enumerate(query.terms)]


# Words per PlainText: the backends nest one expression per word, and hashing a nesting of a
# hundred (a term with all its suffixes) exceeds Python's recursion limit on PostgreSQL.
_WORDS_PER_CLAUSE = 16


def _any_of(forms: set[str]):
    words_ = sorted(forms)
    clauses = [PlainText(" ".join(words_[start:start + _WORDS_PER_CLAUSE]), operator="or")
               for start in range(0, len(words_), _WORDS_PER_CLAUSE)]
    return clauses[0] if len(clauses) == 1 else Or(clauses)


def build_query(expanded: list[set[str]]):
    """Every term must match (``And``); a term matches through any of its forms (``Or``)."""
    parts = [_any_of(forms) for forms in expanded]
    return parts[0] if len(parts) == 1 else And(parts)


# -- Ranking ---------------------------------------------------------------------------------
# Words that carry no subject of their own, in every configured language (data, by code): a
# title's share of the query is counted without them.
FUNCTION_WORDS_BY_LANGUAGE = {
    "az": ("və", "ilə", "bu", "da", "də", "ki", "üçün", "haqqında"),
    "en": ("the", "a", "an", "of", "and", "in", "on", "to", "for", "by", "at", "from", "with"),
    "ru": ("и", "в", "во", "о", "об", "на", "по", "с", "со", "к", "у", "из", "за", "от", "до"),
}
FUNCTION_WORDS = frozenset(fold(word) for group in FUNCTION_WORDS_BY_LANGUAGE.values()
                           for word in group)


def _cores(word: str) -> set[str]:
    """The word without none, one or two of its last letters, each core at least five letters:
    two words sharing a core are one word in two endings ("трагедия" and "трагедии",
    "massacre" and "massacres"), as a stemming backend finds them."""
    return {word[: len(word) - cut] for cut in range(3) if len(word) - cut >= MIN_STEM + 1}


class _Coverage:
    """Which query terms each word of a text matches, worked out once per word: a search over a
    large site ranks thousands of titles made of the same few hundred words."""

    def __init__(self, expanded: list[set[str]]):
        # A query's function words ("memorial page of 2002") are not asked of a text either.
        self.expanded = [forms for forms in expanded if not forms & FUNCTION_WORDS] or expanded
        self.cores = [set().union(*(_cores(form) for form in forms)) for forms in self.expanded]
        self.known: dict[str, tuple[bool, ...]] = {}
        self.by_text: dict[str, float] = {}

    def hits(self, word: str) -> tuple[bool, ...]:
        if word not in self.known:
            word_cores = _cores(word)
            self.known[word] = tuple(
                word in forms or bool(word_cores & cores)
                for forms, cores in zip(self.expanded, self.cores, strict=True)
            )
        return self.known[word]

    def coverage(self, texts) -> float:
        """How much of the best-matching text the query covers, counting its words that carry
        meaning (0 when no text holds every term): "Anniversary updates" is more about
        "anniversary" than "26 February 2026: the 34th anniversary" is."""
        return max((self._of_text(text or "") for text in texts), default=0.0)

    def _of_text(self, text: str) -> float:
        if text not in self.by_text:  # titles repeat: "34th anniversary of …" in many lists
            found = [word for word in words(text) if word not in FUNCTION_WORDS]
            hits = [self.hits(word) for word in found]
            covered = bool(hits) and all(any(column) for column in zip(*hits, strict=True))
            self.by_text[text] = sum(any(hit) for hit in hits) / len(found) if covered else 0.0
        return self.by_text[text]

    def holds(self, text: str) -> bool:
        """Does the text hold every term of the query?"""
        hits = [self.hits(word) for word in words(text or "")]
        return bool(hits) and all(any(column) for column in zip(*hits, strict=True))


def rank(candidates, expanded: list[set[str]], leads: dict[int, str] | None = None,
         coverage: "_Coverage | None" = None) -> list:
    """The backend's results reordered, in three tiers: pages whose title (in any language)
    holds the query, then pages whose lead (search description, summary, lead or
    introduction, in any language; ``leads``) holds it, then the rest. Within the first two
    the page types that lead their subject come first (``search_prominence``: the memorial
    article); among titles, those in the reader's language, then those the query covers most;
    otherwise, and between equals, the backend's own order.

    Written here because neither backend can do it: SQLite's FTS5 ranking multiplies one bm25
    over title and body by the inverse of the title's length, and on both backends the title
    column holds the title in the language that was active when the page was saved; the titles
    in the other languages and the lead sit in the body with everything else. Ordering in
    Python also makes both backends agree on the first results.
    """
    words_ = coverage or _Coverage(expanded)
    leads = leads or {}
    own = f"title_{translation.get_language()}"
    others = [name for name in _TITLE_COLUMNS if name != own]

    def key(item):
        position, page = item
        in_own = words_.coverage([getattr(page, own, "")])
        coverage = in_own or words_.coverage([getattr(page, name, "") for name in others])
        tier = 0 if coverage else 1 if words_.holds(leads.get(page.pk, "")) else 2
        prominence = getattr(page.specific_class, "search_prominence", 0) if tier < 2 else 0
        return (tier, -prominence, not in_own, -coverage, position)

    return [page for _, page in sorted(enumerate(candidates), key=key)]


def leads_of(pages) -> dict[int, str]:
    """{page id: its leads in every language}, read with one query per page type."""
    by_type: dict[int, list[int]] = {}
    for page in pages:
        by_type.setdefault(page.content_type_id, []).append(page.pk)
    leads = {}
    for content_type_id, ids in by_type.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        columns = [
            build_localized_fieldname(name, code)
            for name in summary.DESCRIPTION_FIELDS for code, _name in settings.LANGUAGES
            if model is not None and _has_field(model, build_localized_fieldname(name, code))
        ]
        if not columns:
            continue
        for pk, *texts in model.objects.filter(pk__in=ids).values_list("pk", *columns):
            leads[pk] = " ".join(text for text in texts if text)
    return leads


def _has_field(model, name: str) -> bool:
    try:
        model._meta.get_field(name)
    except Exception:
        return False
    return True


# -- Results ---------------------------------------------------------------------------------
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


def snippet(page) -> tuple[str, str]:
    """(text, its language): what a result shows of the page, as a shared link does
    (core.summary.page_summary: the search description, else the summary, lead or introduction,
    else the main text), in the reader's language or the one the page falls back to."""
    return summary.page_summary(page, SNIPPET_CHARACTERS)


@dataclass
class Result:
    """One search result as the reader sees it, in the reader's language."""

    pk: int | None
    title: str
    title_language: str
    url: str
    snippet: str
    section: str
    snippet_language: str = ""


def search_pages(query: CleanQuery, page_number, site_root: Page | None):
    """One page of results for every live, public page type below the site's root, and what
    apps add (``portal_search_results``).

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

    expanded = expand(query)
    queryset = public(Page.objects.live())
    if site_root is not None:
        queryset = queryset.descendant_of(site_root, inclusive=True)
    # Every match, with only what ranking reads; the backend's order is the last tie-break.
    found = list(queryset.only("pk", "content_type", *_TITLE_COLUMNS).search(
        build_query(expanded)))
    coverage = _Coverage(expanded)
    titled = {page.pk for page in found
              if coverage.coverage([getattr(page, name, "") for name in _TITLE_COLUMNS])}
    below = [page for page in found if page.pk not in titled][:LEAD_CANDIDATES]
    ranked = rank(found, expanded, leads_of(below), coverage)
    # What apps add (a name in the register) follows the pages whose title holds the query.
    added = [result for results in hooks.get_hooks("portal_search_results")
             for result in results(query, expanded, site_root)]
    ordered = [*ranked[:len(titled)], *added, *ranked[len(titled):]]
    paginator = Paginator(ordered, RESULTS_PER_PAGE)
    shown = list(paginator.get_page(number).object_list)
    ids = [item.pk for item in shown if isinstance(item, Page)]
    by_pk = {page.pk: page for page in Page.objects.filter(pk__in=ids).specific()}
    sections = _sections(by_pk.values(), site_root)
    results = []
    for item in shown:
        if isinstance(item, Result):
            results.append(item)
            continue
        page = by_pk.get(item.pk)
        if page is None:
            continue
        text, language = snippet(page)
        results.append(Result(
            pk=page.pk,
            title=page.title,
            title_language=shown_language(page, "title"),
            url=page.get_url(),
            snippet=text,
            snippet_language=language,
            section=sections[page.pk].title if sections.get(page.pk) else "",
        ))
    return {"count": paginator.count, "results": results}


def _title_columns():
    return tuple(f"title_{code}" for code, _ in settings.LANGUAGES)


_TITLE_COLUMNS = _title_columns()


def _sections(pages, site_root):
    """{page id: the section it belongs to}: its top-level ancestor below the home page, for
    pages below a section only (a section's own result does not name itself)."""
    if site_root is None:
        return {}
    depth = site_root.depth + 1
    steplen = Page.steplen
    wanted = {
        p.pk: p.path[: steplen * depth] for p in pages
        if p.depth > depth and p.path.startswith(site_root.path)
    }
    by_path = {s.path: s for s in Page.objects.filter(path__in=set(wanted.values()))}
    return {pk: by_path.get(path) for pk, path in wanted.items()}


# -- Editors' promoted results (wagtail.contrib.search_promotions) ----------------------------
def meaning_key(text: str, language: str | None = None) -> str:
    """What a query means, whatever its spelling: each word as the name it spells (in its
    canonical spelling), else as the first word of its synonym group in ``language``, else its
    stem. "Khodjaly tragedy" and "Xocalı massacre" mean the same in the English search."""
    language = language or translation.get_language() or ""
    known = vocabulary()
    parts = []
    for term in clean_query(text).terms:
        name = spellings.name_of(term)
        groups = known.groups(term, language) if name is None else []
        if name is not None:
            parts.append(fold(name.canonical))
        elif groups:
            parts.append(fold(groups[0][0]))
        else:
            parts.append(stem(term, language))
    return " ".join(parts)


def promoted_query_id(query: CleanQuery) -> int | None:
    """The promoted query (Settings → Promoted search results) that means what the reader's
    query means (``meaning_key``), if any: a promotion made for "Khojaly massacre" is shown for
    "Khodjaly tragedy" too. The keys are worked out once per language and page cache
    generation (saving a promotion starts a new one, ops.signals)."""
    from wagtail.contrib.search_promotions.models import Query

    language = translation.get_language() or ""

    def compute():
        keys = {}
        promoted = Query.objects.filter(editors_picks__isnull=False).distinct().order_by("pk")
        for pk, text in promoted.values_list("pk", "query_string"):
            keys.setdefault(meaning_key(text, language), pk)
        return keys

    keys = remember(f"search-promotions:{language}", compute)
    return keys.get(meaning_key(query.text, language))
