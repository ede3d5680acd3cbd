"""Name search over the folded search key (see remembrance.folding)."""

from remembrance.folding import fold


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
