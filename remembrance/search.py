"""Name search over the folded search key (see remembrance.folding), in the register and in the
site search."""

from django.utils import translation

from core.dates import written_date
from core.i18n import localized
from core.restrictions import public
from core.search import Result
from remembrance.folding import fold

# Records the site search shows at most for one query: a name query names a few people.
SITE_SEARCH_RECORDS = 20


def search_records(queryset, query: str):
    """Records whose names contain every word of the query, in any script or spelling.

    The key is already lower-case ASCII, so a plain ``contains`` (LIKE '%…%') is enough and,
    on PostgreSQL, is served by the pg_trgm GIN index on the key.
    """
    words = fold(query or "").split()
    if not words:  # nothing searchable (punctuation only): no match rather than everything
        return queryset.none()
    for word in words:
        queryset = queryset.filter(search_key__contains=word)
    return queryset


def site_search_results(query, expanded, site_root) -> list:
    """The published records whose name holds every word of the query, as site search results
    (core.search, hook ``portal_search_results``): the name in the reader's language, its
    status, date and place, under the register's title."""
    from remembrance.models import NameRecord, NamesRegisterPage  # they search with this module

    registers = public(NamesRegisterPage.objects.live())
    if site_root is not None:
        registers = registers.descendant_of(site_root)
    register = registers.first()
    if register is None:
        return []
    base = register.get_url()
    records = search_records(NameRecord.objects.filter(live=True), query.text)
    language = translation.get_language()
    results = []
    for record in records.order_by(*NameRecord._meta.ordering)[:SITE_SEARCH_RECORDS]:
        name, name_language = record.display_name()
        place, place_language = localized(record, "place")
        facts = [str(record.status_label())]
        if record.event_date:
            facts.append(written_date(language, record.event_date, record.event_date_precision))
        if place and place_language == language:
            facts.append(place)
        results.append(Result(
            pk=None, title=name, title_language=name_language,
            url=f"{base}{record.subpath()}", snippet=" · ".join(facts),
            snippet_language=language, section=register.title,
        ))
    return results
