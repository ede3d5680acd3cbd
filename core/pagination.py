"""Pagination whose item count is remembered until any page changes.

Django's ``Paginator`` counts every matching row on every request to number the pages: on a
list of thousands of news items that count costs more than reading the twenty items shown. The
count changes only when pages are published, unpublished, moved or deleted, each of which starts
a new page cache generation, so it is remembered under it (``ops.cache.remember``).
"""

import hashlib

from django.core.paginator import Paginator
from django.utils.functional import cached_property

from ops.cache import remember


class RememberedCountPaginator(Paginator):
    """A ``Paginator`` for ``object_list``, whose rows are exactly those ``count_key`` names
    (the list and every filter applied to it)."""

    def __init__(self, object_list, per_page, *, count_key: str, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.count_key = count_key

    @cached_property
    def count(self):
        digest = hashlib.sha256(self.count_key.encode("utf-8")).hexdigest()[:32]
        return remember(f"count:{digest}", lambda: Paginator.count.func(self))
