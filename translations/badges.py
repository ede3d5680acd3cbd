"""Per-language translation badges where editors work ("EN ✓", "RU: 3 missing"): the page
explorer and search, the page chooser, the dashboard's "Awaiting your review" and the review
e-mails. They read the per-object counts ``translations.state`` keeps
(``translations.models.TranslationStatus``), for every row of a listing in one query."""

import functools
import operator
import weakref
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils.translation import get_language_info, npgettext, pgettext
from wagtail.models import Page

from translations import state as translation_state
from translations.models import TranslationStatus

# What each badge states, in the order the states are listed (translations.state.TO_DO).
PIECES = {
    translation_state.MISSING: lambda n: npgettext("translation workbench",
        "%(count)s missing", "%(count)s missing", n),
    translation_state.SAME: lambda n: npgettext("translation workbench",
        "%(count)s same as source", "%(count)s same as source", n),
    translation_state.OUTDATED: lambda n: npgettext("translation workbench",
        "%(count)s outdated", "%(count)s outdated", n),
}

# Statuses already read during a request: {request: {key: {language: status}}}.
_READ = weakref.WeakKeyDictionary()


@dataclass(frozen=True)
class Badge:
    """One language's state for one object: ``text`` is shown, ``description`` is what the
    badge's title and screen readers say (the language's name and every state in words)."""

    language: str
    state: str  # "translated", or the first state still to do: missing, same, outdated
    text: str
    description: str

    @property
    def done(self) -> bool:
        return self.state == translation_state.TRANSLATED


def key_of(obj):
    """How a listed object is found among the statuses: a page by its id (whichever class
    the listing holds), anything else by its content type and id."""
    if isinstance(obj, Page):
        return ("page", obj.pk)
    content_type = ContentType.objects.get_for_model(obj, for_concrete_model=False)
    return (content_type.pk, str(obj.pk))


def statuses_for(objects) -> dict:
    """{key_of(obj): {language: TranslationStatus}} for ``objects``, in one query (none when
    there is nothing to ask for)."""
    page_ids, others = set(), {}
    for obj in objects:
        if obj is None or obj.pk is None:
            continue
        key = key_of(obj)
        if key[0] == "page":
            page_ids.add(obj.pk)
        else:
            others.setdefault(key[0], set()).add(key[1])
    conditions = [Q(page_id__in=page_ids)] if page_ids else []
    conditions += [Q(page__isnull=True, content_type_id=content_type_id, object_id__in=ids)
                   for content_type_id, ids in others.items()]
    if not conditions:
        return {}
    found: dict = {}
    rows = TranslationStatus.objects.filter(
        functools.reduce(operator.or_, conditions),
        language__in=translation_state.target_languages(),
    ).only("page_id", "content_type_id", "object_id", "language",
           "missing", "same", "outdated", "translated")
    for status in rows:
        key = ("page", status.page_id) if status.page_id else (status.content_type_id,
                                                              status.object_id)
        found.setdefault(key, {})[status.language] = status
    return found


def _objects(items):
    """The objects of a listing: its rows, or the dashboard's task states (each with "obj")."""
    for item in items or ():
        yield item.get("obj") if isinstance(item, dict) else item


def statuses(request, obj, among=()) -> dict:
    """{language: status} for ``obj``; the first row of a listing to ask reads the statuses of
    every object ``among`` the listing at once, the other rows find theirs already read."""
    read = _READ.setdefault(request, {}) if request is not None else {}
    key = key_of(obj)
    if key not in read:
        wanted = [item for item in (*_objects(among), obj)
                  if item is not None and item.pk is not None and key_of(item) not in read]
        found = statuses_for(wanted)
        for item in wanted:
            read[key_of(item)] = found.get(key_of(item), {})
    return read.get(key, {})


def language_name(code) -> str:
    """The language's name in the language the admin is shown in."""
    return str(get_language_info(code)["name_translated"])


def badge(code, status) -> Badge:
    counts = {state: getattr(status, state) for state in translation_state.TO_DO}
    pieces = [PIECES[state](count) % {"count": count}
              for state, count in counts.items() if count]
    name = language_name(code)
    if not pieces:
        return Badge(code, translation_state.TRANSLATED, f"{code.upper()} ✓",
                     f"{name}: {pgettext('translation workbench', 'translated and up to date')}")
    state = next(state for state, count in counts.items() if count)
    listed = ", ".join(pieces)
    return Badge(code, state, f"{code.upper()}: {listed}", f"{name}: {listed}")


def badges(by_language) -> list[Badge]:
    """A badge per target language that has a status (nothing counted, no badge)."""
    return [badge(code, by_language[code]) for code in translation_state.target_languages()
            if code in by_language]
