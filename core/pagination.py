"""Pagination: one rule for every list, and counts remembered until a row of their type changes.

The rule: ``?page=`` absent or empty is the first page; a whole number from 1 to the last
page is that page; anything else (not a number, 0, past the last page) is the reader's 404
page, in their language (:func:`page_or_404`).

Django's ``Paginator`` counts every matching row on every request to number the pages: on a
list of thousands of news items that count costs more than reading the twenty items shown. The
count changes only when rows of the list's type are published, unpublished, moved or deleted,
each of which ``ops.signals`` logs with the type's tag, so it is remembered until then
(``ops.cache.remember``).
"""

import hashlib
import re

from django.core.paginator import InvalidPage, Paginator
from django.http import Http404
from django.utils.functional import cached_property

from ops.cache import remember, type_tag


class RememberedCountPaginator(Paginator):
    """A ``Paginator`` for ``object_list``, whose rows are exactly those ``count_key`` names
    (the list and every filter applied to it)."""

    def __init__(self, object_list, per_page, *, count_key: str, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.count_key = count_key

    @cached_property
    def count(self):
        digest = hashlib.sha256(self.count_key.encode("utf-8")).hexdigest()[:32]
        model = getattr(self.object_list, "model", None)
        return remember(f"count:{digest}", lambda: Paginator.count.func(self),
                        tags=(type_tag(model),) if model is not None else None)


PAGE_NUMBER = re.compile(r"^[0-9]{1,9}$")


def page_number_or_404(number) -> int:
    """The page number a reader asked for (1 when none), or Http404."""
    if number is None or number == "":
        return 1
    if not PAGE_NUMBER.match(str(number)) or int(number) < 1:
        raise Http404("Not a page number")
    return int(number)


def page_or_404(paginator, number):
    """The page a reader asked for, or Http404 for anything the list does not have."""
    try:
        return paginator.page(page_number_or_404(number))
    except InvalidPage as error:
        raise Http404("No such page") from error
