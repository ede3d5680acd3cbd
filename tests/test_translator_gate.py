"""One gate for what a translator may write (issue 24): whatever path writes a page's draft,
everything the translator may not write stays as the latest revision had it."""

import pytest
from django.contrib.auth.models import Group

from editorial.setup import TRANSLATORS
from tests.admin_forms import post_data, rendered_form


@pytest.fixture
def translator_ru(client, django_user_model):
    user = django_user_model.objects.create_user("olga", "olga@example.org", "pw")
    user.groups.add(Group.objects.get(name=TRANSLATORS["ru"]))
    client.force_login(user)
    client.user = user
    return client


def links_page():
    from pages.models import LinksPage

    return LinksPage.objects.get()


def edit_url(page):
    return f"/admin/pages/{page.pk}/edit/"


def draft(page):
    """The latest revision as it is stored now (the object read before the post keeps its old
    revision pointer)."""
    return type(page).objects.get(pk=page.pk).get_latest_revision_as_object()


def test_the_links_form_posted_as_rendered_with_a_russian_title_keeps_every_link(translator_ru):
    page = links_page()
    before = [(link.title_az, link.title_en, link.description_az, link.url)
              for group in page.link_groups.all() for link in group.links.all()]
    data = rendered_form(translator_ru, edit_url(page))
    response = translator_ru.post(edit_url(page), post_data(data, title_ru="Ссылки (новое)"))
    assert response.status_code == 302, response.content.decode()[:3000]
    saved = draft(page)
    assert saved.title_ru == "Ссылки (новое)"
    after = [(link.title_az, link.title_en, link.description_az, link.url)
             for group in saved.link_groups.all() for link in group.links.all()]
    assert after == before


def test_nested_values_a_translator_may_not_write_never_reach_the_draft(translator_ru):
    """Finding 1: a crafted link address and Azerbaijani titles at the second depth."""
    page = links_page()
    group = page.link_groups.first()
    link = group.links.first()
    data = rendered_form(translator_ru, edit_url(page))
    response = translator_ru.post(edit_url(page), post_data(
        data,
        **{"link_groups-0-links-0-url": "https://evil.example/phish",
           "link_groups-0-links-0-title_az": "Saxta keçid",
           "link_groups-0-title_az": "Saxta qrup",
           "link_groups-0-links-0-title_ru": "Википедия (рус.)"}))
    assert response.status_code == 302
    saved = draft(page)
    saved_group = saved.link_groups.get(id=group.pk)
    saved_link = saved_group.links.get(id=link.pk)
    assert saved_link.url == link.url
    assert (saved_link.title_az, saved_group.title_az) == (link.title_az, group.title_az)
    assert saved_link.title_ru == "Википедия (рус.)"  # their own language is written


def test_a_route_point_a_translator_moves_stays_where_it_was(translator_ru):
    from pages.models import MapPage

    page = next(p for p in MapPage.objects.all() if p.routes.exists())
    route = page.routes.first()
    points = [(p.pk, p.latitude, p.longitude) for p in route.points.all()]
    data = rendered_form(translator_ru, edit_url(page))
    response = translator_ru.post(edit_url(page), post_data(
        data, **{"routes-0-points-0-latitude": "1.5", "routes-0-points-0-longitude": "2.5",
                 "title_ru": "Карта (новое)"}))
    assert response.status_code == 302, response.context["form"].errors
    saved = draft(page)
    assert saved.title_ru == "Карта (новое)"
    assert [(p.pk, p.latitude, p.longitude)
            for p in saved.routes.get(id=route.pk).points.all()] == points


def test_revert_by_a_translator_brings_back_only_their_language(translator_ru, memorial):
    """Finding 3: reverting to an old revision keeps the other languages' latest texts."""
    old_version = memorial.get_latest_revision_as_object()
    old_version.title_az = "Köhnə başlıq"
    old_version.title_ru = "Старый заголовок"
    old = old_version.save_revision()
    newer = draft(memorial)
    newer.title_az = "Təzə başlıq"
    newer.save_revision()
    url = f"/admin/pages/{memorial.pk}/revisions/{old.pk}/revert/"
    response = translator_ru.post(url, post_data(rendered_form(translator_ru, url)))
    assert response.status_code == 302
    saved = draft(memorial)
    assert saved.title_az == "Təzə başlıq"
    assert saved.title_ru == "Старый заголовок"


def test_an_autosave_overwriting_a_translators_draft_obeys_the_same_gate(translator_ru, memorial):
    url = edit_url(memorial)
    translator_ru.post(url, post_data(rendered_form(translator_ru, url), title_ru="Первый"))
    mine = draft(memorial).latest_revision
    assert mine.user == translator_ru.user
    data = rendered_form(translator_ru, url)
    response = translator_ru.post(url, post_data(
        data, title_ru="Второй", title_az="Saxta", lead_en="Forged",
        overwrite_revision_id=str(mine.pk)))
    assert response.status_code == 302
    saved = draft(memorial)
    assert type(memorial).objects.get(pk=memorial.pk).latest_revision_id == mine.pk
    assert (saved.title_ru, saved.title_az, saved.lead_en) == (
        "Второй", memorial.title_az, memorial.lead_en)


def test_a_code_path_writing_a_revision_as_a_translator_obeys_the_gate(translator_ru, memorial):
    """Whatever writes the revision (here code, as an import or a suggestion does)."""
    title = memorial.title_az
    version = draft(memorial)
    version.title_az, version.title_ru = "Saxta", "Новый"
    version.save_revision(user=translator_ru.user)
    saved = draft(memorial)
    assert (saved.title_az, saved.title_ru) == (title, "Новый")


# -- locks and reviews hold for every writer (finding 5) ----------------------------------
@pytest.fixture(params=["locked", "in review"])
def closed_page(request, memorial, django_user_model):
    """The memorial article locked by an administrator, or awaiting an editor's review."""
    admin = django_user_model.objects.create_superuser("boss", "boss@example.org", "pw")
    if request.param == "locked":
        memorial.locked, memorial.locked_by = True, admin
        memorial.save(update_fields=["locked", "locked_by"])
    else:
        revision = memorial.save_revision(user=admin)
        memorial.get_workflow().start(memorial, admin)
        assert revision is not None
    return type(memorial).objects.get(pk=memorial.pk), request.param


def revisions_of(page):
    return page.revisions.count()


def test_an_import_into_a_closed_page_is_refused_with_the_reason(closed_page, translator_ru):
    from tests.test_exchange import edit_po
    from translations.exchange import formats, service

    page, why = closed_page
    count = revisions_of(page)
    data, _edited = edit_po(service.export([page], "ru", formats.PO),
                            lambda ident, source: "RU· ")
    result = service.plan(data, user=translator_ru.user)
    assert any(page.title_az in error and ("locked" in error or "moderation" in error)
               for error in result.errors), result.errors
    with pytest.raises(service.ImportFailed):
        service.apply(result, user=translator_ru.user)
    assert revisions_of(page) == count, why


def test_a_draft_written_in_code_into_a_closed_page_is_refused(closed_page, translator_ru):
    from translations.field_permissions import Locked

    page, _why = closed_page
    count = revisions_of(page)
    version = page.get_latest_revision_as_object()
    version.title_ru = "Новый"
    with pytest.raises(Locked):
        version.save_revision(user=translator_ru.user)
    assert revisions_of(page) == count


def test_a_revert_of_a_closed_page_is_refused_as_the_editor_refuses(closed_page, translator_ru):
    page, _why = closed_page
    old = page.revisions.order_by("created_at", "id").first() or page.save_revision()
    count = revisions_of(page)
    url = f"/admin/pages/{page.pk}/revisions/{old.pk}/revert/"
    response = translator_ru.get(url)
    if response.status_code == 200:
        response = translator_ru.post(url, post_data(rendered_form(translator_ru, url)))
    assert revisions_of(page) == count


# -- the blocks of a synced body are the source's (issue 25, findings 3 and Build 2) ----------
def _ru_blocks(data):
    return int(data.get("body_ru-count"))


@pytest.mark.parametrize("change", ["delete", "move", "duplicate", "add"])
def test_a_translator_cannot_change_the_blocks_of_a_synced_body(translator_ru, about, change):
    """Deleting a Russian paragraph and saving put the Azerbaijani text in its place and said
    "updated"; now the form is refused with a message and what was typed stays in the form."""
    url = edit_url(about)
    data = rendered_form(translator_ru, url)
    count = _ru_blocks(data)
    assert count >= 2
    revisions = about.revisions.count()
    changes = {"title_ru": "О портале (правка)"}
    if change == "delete":
        changes["body_ru-0-deleted"] = "1"
    elif change == "move":
        changes["body_ru-0-order"], changes["body_ru-1-order"] = "1", "0"
    else:
        # A copy of the first block at the end: a duplicate keeps its type, with a new id or
        # none at all (a block added in the browser).
        for key in [key for key in data if key.startswith("body_ru-0-")]:
            changes[key.replace("body_ru-0-", f"body_ru-{count}-", 1)] = data.get(key)
        changes[f"body_ru-{count}-order"] = str(count)
        changes[f"body_ru-{count}-id"] = "" if change == "add" else "d0d0d0d0-copy"
        changes["body_ru-count"] = str(count + 1)
    response = translator_ru.post(url, post_data(data, **changes))
    assert response.status_code == 200
    assert "only editors add, remove, move or duplicate" in response.content.decode()
    assert about.revisions.count() == revisions
    assert 'value="О портале (правка)"' in response.content.decode()  # what was typed stays


def test_a_translator_is_offered_no_block_controls_an_editor_is(translator_ru, about,
                                                                  django_user_model):
    from django.test import Client

    editor = Client()
    editor.force_login(django_user_model.objects.create_superuser("ed", "e@example.org", "pw"))
    mine = translator_ru.get(edit_url(about)).content.decode()
    theirs = editor.get(edit_url(about)).content.decode()
    assert "portal-structure-locked" in mine and "translations/structure.css" in mine
    assert "portal-structure-locked" not in theirs


def test_a_translator_still_translates_the_blocks_of_a_synced_body(translator_ru, about):
    import json

    url = edit_url(about)
    data = rendered_form(translator_ru, url)
    name = next(key for key in data if key.startswith("body_ru-")
                and data.get(key).lstrip().startswith("{"))
    state = json.loads(data.get(name))
    state["blocks"][0]["text"] = "Новый абзац переводчика"
    response = translator_ru.post(url, post_data(data, **{name: json.dumps(state)}))
    assert response.status_code == 302
    saved = draft(about)
    assert "Новый абзац переводчика" in str(saved.body_ru)
    assert len(saved.body_ru) == len(about.body_ru)


def test_each_languages_field_carries_the_mark_the_language_picker_reads(translator_ru,
                                                                         django_user_model):
    """The editor marks each language's field with the portal's own data-portal-language
    (translations/static/translations/locale_picker.js limits the picker to the marked languages,
    without reading Wagtail's markup): a translator's form holds Russian only, an
    administrator's every language."""
    import re

    from django.test import Client

    admin_client = Client()
    admin_client.force_login(django_user_model.objects.create_superuser(
        "root", "root@example.org", "pw"))
    page = links_page()
    marks = {
        name: set(re.findall(r'data-portal-language="(\w+)"',
                             client.get(edit_url(page)).content.decode()))
        for name, client in (("translator", translator_ru), ("admin", admin_client))
    }
    assert marks == {"translator": {"ru"}, "admin": {"az", "en", "ru"}}
