"""Truncated or scripted admin edit forms get a 400 with a message, never a server error.

Wagtail reads a StreamField from numbered keys (body_az-count, body_az-0-type, …) without
checking them; editorial.malformed refuses such a POST before the page view runs.
"""

import json

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from wagtail.models import Page
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield
from wagtail.users.models import UserProfile

from pages.models import StandardPage
from remembrance.models import Source

MESSAGES = {
    "az": "Forma natamam və ya zədələnmiş halda gəlib",
    "en": "The form arrived incomplete or damaged",
    "ru": "Форма пришла неполной или повреждённой",
}


def delete_count(data):
    del data["body_az-count"]


def non_integer_count(data):
    data["body_az-count"] = "abc"


def count_too_large(data):
    data["body_az-count"] = "5"


def missing_block_type(data):
    del data["body_az-0-type"]


def missing_block_order(data):
    del data["body_az-0-order"]


def no_body_at_all(data):
    for key in [key for key in data if key.startswith("body_az-")]:
        del data[key]


BREAKAGES = [
    delete_count,
    non_integer_count,
    count_too_large,
    missing_block_type,
    missing_block_order,
    no_body_at_all,
]


def page_data(slug, text="Yeni mətn", action="action-publish"):
    return nested_form_data(
        {
            "title_az": f"{slug} az",
            "title_en": f"{slug} en",
            "title_ru": f"{slug} ru",
            "slug_az": f"{slug}-az",
            "slug_en": f"{slug}-en",
            "slug_ru": f"{slug}-ru",
            "body_az": streamfield([("paragraph", rich_text(f"<p>{text}</p>"))]),
            "body_en": streamfield([("paragraph", rich_text("<p>New text</p>"))]),
            "body_ru": streamfield([("paragraph", rich_text("<p>Новый текст</p>"))]),
            "footnotes-TOTAL_FORMS": "0", "footnotes-INITIAL_FORMS": "0",  # sources cited
            action: action.removeprefix("action-"),
        }
    )


def set_admin_language(language):
    profile = UserProfile.get_for_user(User.objects.get(username="admin"))
    profile.preferred_language = language
    profile.save()


def snapshot(page):
    """What a refused POST must leave alone: the stored page and its revisions."""
    page = Page.objects.get(pk=page.pk).specific
    latest = page.get_latest_revision()
    return {
        "body": [list(getattr(page, f"body_{code}").raw_data) for code in ("az", "en", "ru")],
        "title": page.title_az,
        "live_revision": page.live_revision_id,
        "latest_revision": (latest.pk, latest.content) if latest else None,
        "revisions": page.revisions.count(),
        "has_unpublished_changes": page.has_unpublished_changes,
    }


@pytest.mark.parametrize("breakage", BREAKAGES, ids=lambda breakage: breakage.__name__)
@pytest.mark.parametrize("action", ["action-publish", "action-save"])
def test_malformed_edit_is_refused_and_changes_nothing(admin_client, about, breakage, action):
    set_admin_language("en")
    before = snapshot(about)
    data = page_data("changed", action=action)
    breakage(data)
    response = admin_client.post(reverse("wagtailadmin_pages:edit", args=[about.pk]), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert MESSAGES["en"] in html
    assert "Traceback" not in html
    assert snapshot(about) == before


@pytest.mark.parametrize("breakage", BREAKAGES, ids=lambda breakage: breakage.__name__)
def test_malformed_create_is_refused_and_stores_nothing(admin_client, home, breakage):
    set_admin_language("en")
    pages_before = Page.objects.count()
    url = reverse("wagtailadmin_pages:add", args=["pages", "standardpage", home.pk])
    data = page_data("created")
    breakage(data)
    response = admin_client.post(url, data)
    assert response.status_code == 400
    assert MESSAGES["en"] in response.content.decode()
    assert Page.objects.count() == pages_before
    assert not StandardPage.objects.filter(slug_en="created-en").exists()


@pytest.mark.parametrize("fixture", ["home", "memorial", "about"])
def test_every_page_type_with_a_body_is_guarded(admin_client, request, fixture):
    page = request.getfixturevalue(fixture)
    set_admin_language("en")
    before = snapshot(page)
    data = page_data("changed")
    delete_count(data)
    response = admin_client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
    assert response.status_code == 400
    assert MESSAGES["en"] in response.content.decode()
    assert snapshot(page) == before


@pytest.mark.parametrize("language", ["az", "en", "ru"])
def test_the_message_is_in_the_editors_language(admin_client, about, language):
    set_admin_language(language)
    data = page_data("changed")
    non_integer_count(data)
    response = admin_client.post(reverse("wagtailadmin_pages:edit", args=[about.pk]), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert MESSAGES[language] in html
    assert f'lang="{language}"' in html  # rendered in the admin's page furniture


def test_background_saves_get_a_json_error(admin_client, about):
    set_admin_language("en")
    before = snapshot(about)
    data = page_data("changed", action="action-save")
    delete_count(data)
    response = admin_client.post(
        reverse("wagtailadmin_pages:edit", args=[about.pk]), data, HTTP_ACCEPT="application/json"
    )
    assert response.status_code == 400
    body = json.loads(response.content)
    assert body["success"] is False
    assert body["error_code"] == "malformed_form"
    assert MESSAGES["en"] in body["error_message"]
    assert snapshot(about) == before


def test_a_well_formed_edit_still_publishes(admin_client, client, about):
    revisions = about.revisions.count()
    response = admin_client.post(
        reverse("wagtailadmin_pages:edit", args=[about.pk]), page_data("changed", "Düzgün mətn")
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    about.refresh_from_db()
    assert about.revisions.count() == revisions + 1
    assert about.slug_en == "changed-en"
    assert "Düzgün mətn" in str(about.body_az)
    assert "Düzgün mətn" in client.get("/az/changed-az/").content.decode()


def test_a_well_formed_draft_is_still_saved(admin_client, about):
    revisions = about.revisions.count()
    response = admin_client.post(
        reverse("wagtailadmin_pages:edit", args=[about.pk]),
        page_data("changed", "Qaralama", action="action-save"),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    about.refresh_from_db()
    assert about.revisions.count() == revisions + 1
    assert "Qaralama" in str(about.get_latest_revision_as_object().body_az)


def test_a_well_formed_create_still_saves(admin_client, home):
    url = reverse("wagtailadmin_pages:add", args=["pages", "standardpage", home.pk])
    response = admin_client.post(url, page_data("created", "Yeni səhifə"))
    assert response.status_code == 302, response.content.decode()[:2000]
    page = StandardPage.objects.get(slug_en="created-en")
    assert page.live
    assert "Yeni səhifə" in str(page.body_az)


def test_snippets_without_stream_fields_still_save(admin_client):
    """No snippet has a StreamField yet; the snippet hooks must let ordinary forms through."""
    source = Source.objects.create(citation="Old citation")
    edit = reverse("wagtailsnippets_remembrance_source:edit", args=[source.pk])
    response = admin_client.post(edit, {"citation": "New citation", "url": ""})
    assert response.status_code == 302, response.content.decode()[:2000]
    source.refresh_from_db()
    assert source.citation == "New citation"
    add = reverse("wagtailsnippets_remembrance_source:add")
    response = admin_client.post(add, {"citation": "Another citation", "url": ""})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Source.objects.filter(citation="Another citation").exists()


@pytest.mark.parametrize("breakage", BREAKAGES, ids=lambda breakage: breakage.__name__)
def test_malformed_live_preview_is_refused(admin_client, home, about, breakage):
    """The live preview posts the same form to its own views (edit and add)."""
    set_admin_language("en")
    before = snapshot(about)
    urls = [
        reverse("wagtailadmin_pages:preview_on_edit", args=[about.pk]),
        reverse("wagtailadmin_pages:preview_on_add", args=["pages", "standardpage", home.pk]),
    ]
    for url in urls:
        data = page_data("previewed")
        breakage(data)
        response = admin_client.post(url, data, HTTP_ACCEPT="application/json")
        assert response.status_code == 400, url
        assert MESSAGES["en"] in response.json()["error_message"]
    assert snapshot(about) == before
    # A whole form still previews.
    whole = admin_client.post(urls[0], page_data("previewed"), HTTP_ACCEPT="application/json")
    assert whole.status_code == 200 and whole.json()["is_valid"]


def test_a_rich_text_document_that_is_not_json_is_refused_with_a_message(admin_client):
    """A rich text field (not a StreamField) posted with a damaged Draftail document answered
    500; it is refused like a damaged StreamField, nothing stored (issue 25)."""
    from remembrance.models import NamesRegisterPage
    from tests.admin_forms import post_data, rendered_form

    page = NamesRegisterPage.objects.get()
    url = f"/admin/pages/{page.pk}/edit/"
    data = rendered_form(admin_client, url)
    revisions = page.revisions.count()
    response = admin_client.post(url, post_data(data, intro_az=data.get("intro_az") + "}x"))
    assert response.status_code == 400
    assert page.revisions.count() == revisions
