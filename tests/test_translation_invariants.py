"""Translation states that stay true whatever path a change took (issue 25, Build 1), stated
over every page type of the demo site (content written by code, never saved through the
admin), the site settings and the register's records:

- saving an object unchanged, through the admin's own form or in code, changes no state;
- changes of form that are not changes of text change no fingerprint;
- an editor's correction of one source text, through the admin, makes exactly that text
  outdated in every language where it was translated, and nothing else;
- a file exported and imported back unchanged, in PO, XLIFF 1.2 and XLIFF 2.0, changes
  nothing and reports no existing translation missing; a file with one translated segment
  changes exactly that text; no import adds or removes a block.
"""

import json
import os

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wagtail.models import Page

from editorial.setup import TRANSLATORS
from tests.admin_forms import post_data, rendered_form
from tests.test_exchange import ALL_FORMATS, EDIT, PAGE_TYPES, page_of
from translations import state as ts
from translations.exchange import service

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "300"))


def fresh(page):
    return Page.objects.get(pk=page.pk).specific


def state_map(instance):
    version = ts.editable_version(instance)
    return {(item.key, item.language): item.state for item in ts.states(version)}


def texts_of(instance):
    version = ts.editable_version(instance)
    return {(text.key, code): ts.normalized(value)
            for text in ts.texts(version) for code, value in text.values.items()}


def block_counts(instance):
    """How many blocks each language's StreamFields hold."""
    from wagtail.fields import StreamField

    version = ts.editable_version(instance)
    return {field.name: len(getattr(version, field.name).raw_data)
            for field in type(version)._meta.get_fields()
            if isinstance(field, StreamField) and getattr(version, field.name) is not None}


@pytest.fixture
def editor_client(django_user_model):
    user = django_user_model.objects.create_superuser("redaktor", "r@example.org", "pw")
    client = Client()
    client.force_login(user)
    return client


# -- through the admin's own form ---------------------------------------------------------
def _contentstate_leaf(data, prefix):
    """The first rich-text input (Draftail's contentstate) under ``prefix`` in ``data``."""
    for name in data:
        value = data.get(name)
        if name.startswith(prefix) and value.lstrip().startswith("{"):
            try:
                state = json.loads(value)
            except ValueError:
                continue
            if "blocks" not in state:
                continue
            if any(block.get("text", "").strip() for block in state["blocks"]):
                return name, state
    return None, None


def corrected(data, page):
    """``data`` with one Azerbaijani text corrected as an editor types it, and the key of the
    text that changed."""
    source = ts.source_language()
    field = page.main_text_field or "title"
    name, state = _contentstate_leaf(data, f"{field}_{source}")
    if name is not None:
        block = next(b for b in state["blocks"] if b.get("text", "").strip())
        block["text"] += " (düzəliş)"
        changed = {name: json.dumps(state)}
        if field in getattr(page, "synced_streamfields", ()):
            position = name[len(f"{field}_{source}-"):].split("-")[0]
            return changed, f"{field}.{data.get(f'{field}_{source}-{position}-id')}"
        return changed, field
    plain = f"{field}_{source}"
    if data.get(plain):
        return {plain: data.get(plain) + " (düzəliş)"}, field
    return {f"title_{source}": data.get(f"title_{source}") + " (düzəliş)"}, "title"


@pytest.mark.parametrize("label", PAGE_TYPES)
def test_saving_unchanged_in_the_admin_changes_no_state(label, editor_client):
    page = page_of(label).specific
    url = f"/admin/pages/{page.pk}/edit/"
    before = state_map(page)
    response = editor_client.post(url, post_data(rendered_form(editor_client, url)))
    assert response.status_code == 302
    assert state_map(fresh(page)) == before


@pytest.mark.parametrize("label", PAGE_TYPES)
def test_the_first_correction_in_the_admin_outdates_exactly_that_text(label, editor_client):
    """Content written by code (the demo) corrected in the admin for the first time: the
    editor's save adds the editor's keys to every language's rich text, and only the text
    corrected may change state (it was recorded as translated from the new source)."""
    page = page_of(label).specific
    url = f"/admin/pages/{page.pk}/edit/"
    before = state_map(page)
    data = rendered_form(editor_client, url)
    changes, key = corrected(data, page)
    response = editor_client.post(url, post_data(data, **changes))
    assert response.status_code == 302
    after = state_map(fresh(page))
    for (text_key, language), state in before.items():
        if language == ts.source_language():
            continue
        expected = (ts.OUTDATED if text_key == key and state in (ts.TRANSLATED, ts.OUTDATED)
                    else state)
        assert after.get((text_key, language)) == expected, (text_key, language, state)


@pytest.mark.parametrize("label", PAGE_TYPES)
def test_saving_unchanged_in_code_changes_no_state(label):
    page = page_of(label).specific
    before = state_map(page)
    fresh(page).get_latest_revision_as_object().save_revision()
    assert state_map(fresh(page)) == before
    live = fresh(page)
    live.save()
    assert state_map(fresh(page)) == before


def test_settings_and_records_saved_unchanged_keep_their_states():
    from pages.models import PortalSettings
    from tests.remembrance_factories import make_record

    setting = PortalSettings.objects.first()
    before = state_map(setting)
    setting.save()
    assert state_map(PortalSettings.objects.get(pk=setting.pk)) == before
    record = make_record(biography_az="<p>Qısa tərcümeyi-hal.</p>",
                         biography_en="<p>A short life.</p>")
    before = state_map(record)
    record.get_latest_revision_as_object().save_revision()
    assert state_map(type(record).objects.get(pk=record.pk)) == before


# -- form is not text -----------------------------------------------------------------------
WORDS = st.text(alphabet=st.sampled_from("abcçdeəfgğhxıijkqlmnoöprsştuüvyzАБВжщ &<>'\""),
                min_size=1, max_size=30).filter(lambda text: text.strip())


@settings(max_examples=EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(paragraphs=st.lists(WORDS, min_size=1, max_size=4), key=st.integers(0, 10**6),
       spaces=st.sampled_from([" ", "  ", "\n", " \n "]), empty=st.booleans(),
       entities=st.booleans())
def test_form_that_is_not_text_changes_no_fingerprint(paragraphs, key, spaces, empty, entities):
    import html

    plain = "".join(f"<p>{html.escape(text, quote=False)}</p>" for text in paragraphs)
    variant = ""
    for number, text in enumerate(paragraphs):
        escaped = html.escape(text, quote=False)
        if entities:
            escaped = escaped.replace("'", "&#x27;").replace('"', "&quot;").replace(
                "ə", "&#601;")
        variant += f'<p data-block-key="k{key}{number}">{spaces}{escaped}{spaces}</p>'
    if empty:
        variant += f'<p data-block-key="e{key}"></p>'
    assert ts.fingerprint(variant) == ts.fingerprint(plain)
    assert ts.fingerprint(plain + "<p>x</p>") != ts.fingerprint(plain)


def test_attribute_order_and_spaces_between_tags_are_not_text():
    one = '<p>See <a href="https://example.org" id="x">the source</a>.</p>'
    two = '<p data-block-key="a1"> See <a id="x" href="https://example.org">the source</a>.</p>\n'
    assert ts.fingerprint(one) == ts.fingerprint(two)
    assert ts.fingerprint(one) != ts.fingerprint(one.replace("the source", "a source"))


# -- exchange round trips ------------------------------------------------------------------
@pytest.fixture(params=["en", "ru"])
def language_translator(request, django_user_model):
    user = django_user_model.objects.create_user(f"t{request.param}", "t@example.org", "pw")
    user.groups.add(Group.objects.get(name=TRANSLATORS[request.param]))
    return request.param, user


def _segments(instance, language):
    return service.segments.entry_for(type(instance)._default_manager.get(pk=instance.pk),
                                      language).segments


@pytest.mark.parametrize("fmt", ALL_FORMATS)
@pytest.mark.parametrize("label", PAGE_TYPES)
def test_an_unchanged_file_changes_nothing_and_misses_no_translation(label, fmt,
                                                                     language_translator):
    language, user = language_translator
    page = page_of(label).specific
    states = state_map(page)
    for segment in _segments(page, language):
        if states.get((segment.key, language)) in (ts.TRANSLATED, ts.OUTDATED):
            assert segment.target.strip(), (segment.id, "an existing translation exported "
                                                        "as missing")
            assert segment.state != ts.MISSING, segment.id
    texts, counts = texts_of(page), block_counts(page)
    data = service.export([fresh(page)], language, fmt)
    result = service.plan(data, user=user)
    assert result.errors == [] and result.changes == []
    service.apply(result, user=user)
    assert texts_of(fresh(page)) == texts and block_counts(fresh(page)) == counts


@pytest.mark.parametrize("fmt", ALL_FORMATS)
@pytest.mark.parametrize("label", PAGE_TYPES)
def test_one_translated_segment_changes_exactly_that_text(label, fmt, language_translator):
    language, user = language_translator
    page = page_of(label).specific
    texts, counts = texts_of(page), block_counts(page)
    data = service.export([fresh(page)], language, fmt)
    first = _segments(page, language)[0]
    edited, chosen = EDIT[fmt](data, lambda ident, source: "ONE· " if ident == first.id
                               else None)
    assert list(chosen) == [first.id]
    result = service.plan(edited, user=user)
    assert result.errors == [] and len(result.changes) == 1
    service.apply(result, user=user)
    after = texts_of(fresh(page))
    changed = {key for key in texts if after.get(key) != texts[key]}
    assert changed == {(first.key, language)}
    assert "ONE· " in after[(first.key, language)]
    assert block_counts(fresh(page)) == counts
