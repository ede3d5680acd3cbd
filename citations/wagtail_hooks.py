"""A page is refused when its text links words to a note or a figure (``#note-<key>``,
``#figure-<key>``) that no source cited on the page carries: readers would get a dead link."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.translation import gettext
from wagtail import hooks

from citations.notes import anchors


def _stored(value) -> str:
    """A field's value as it is stored: rich text as HTML, a StreamField as its JSON."""
    prep = getattr(value, "get_prep_value", None)
    if prep is not None and not isinstance(value, str):
        value = prep()
    if isinstance(value, (list, dict)):
        return json.dumps(value, cls=DjangoJSONEncoder)  # dates of a timeline's events
    return value if isinstance(value, str) else ""


def _keys(form) -> set[str]:
    formset = getattr(form, "formsets", {}).get("footnotes")
    if formset is None:
        instance = form.instance
        return set(instance.footnotes.values_list("key", flat=True)) if instance.pk else set()
    keys = set()
    for subform in formset.forms:
        data = getattr(subform, "cleaned_data", None) or {}
        if data.get("DELETE") or (not data and subform.instance.pk is None):
            continue
        key = data.get("key") or subform.instance.key
        if key:
            keys.add(key)
    return keys


@hooks.register("portal_clean_page_form")
def refuse_notes_without_sources(form):
    found = {}
    for name, value in form.cleaned_data.items():
        for kind, key in anchors(_stored(value)):
            found.setdefault(name, []).append(f"{kind}-{key}")
    if not found:
        return
    keys = _keys(form)
    for name, anchor_names in found.items():
        for anchor in dict.fromkeys(anchor_names):
            key = anchor.split("-", 1)[1]
            if key not in keys:
                form.add_error(name, gettext(
                    "The link “#%(anchor)s” points to no source: add a source cited with the "
                    "key “%(key)s”, or correct the link."
                ) % {"anchor": anchor, "key": key})
