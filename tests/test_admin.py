"""Editors edit every page type in az, en and ru through the Wagtail admin."""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield
from wagtail.users.models import UserProfile

from pages.models import HomePage, MemorialArticlePage, StandardPage

TRANSLATED = {
    HomePage: ["title", "slug", "intro", "body"],
    MemorialArticlePage: ["title", "slug", "lead", "body"],
    StandardPage: ["title", "slug", "body"],
}


def field_markers(model):
    """What the editor's HTML holds for each per-language field (StreamFields are JS-built)."""
    for name in TRANSLATED[model]:
        for code in ("az", "en", "ru"):
            if name == "body":
                yield f'"fieldName": "body_{code}"'
            else:
                yield f'name="{name}_{code}"'


@pytest.mark.parametrize("model", [HomePage, MemorialArticlePage, StandardPage])
def test_edit_view_shows_every_language(admin_client, model):
    page = model.objects.first()
    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    for marker in field_markers(model):
        assert marker in html, marker


@pytest.mark.parametrize("model", [MemorialArticlePage, StandardPage])
def test_create_view_shows_every_language(admin_client, home, model):
    if model is MemorialArticlePage:
        MemorialArticlePage.objects.all().delete()
    url = reverse(
        "wagtailadmin_pages:add", args=[model._meta.app_label, model._meta.model_name, home.pk]
    )
    response = admin_client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    for marker in field_markers(model):
        assert marker in html, marker


def test_editor_creates_and_publishes_a_page_in_three_languages(admin_client, client, home):
    url = reverse("wagtailadmin_pages:add", args=["pages", "standardpage", home.pk])
    data = nested_form_data(
        {
            "title_az": "Anım mərasimləri",
            "title_en": "Commemorations",
            "title_ru": "Траурные церемонии",
            "slug_az": "anim-merasimleri",
            "slug_en": "commemorations",
            "slug_ru": "traurnye-ceremonii",
            "body_az": streamfield([("paragraph", rich_text("<p>Hər il fevralda.</p>"))]),
            "body_en": streamfield([("paragraph", rich_text("<p>Every February.</p>"))]),
            "body_ru": streamfield([("paragraph", rich_text("<p>Каждый февраль.</p>"))]),
            "footnotes-TOTAL_FORMS": "0", "footnotes-INITIAL_FORMS": "0",  # sources cited
            "action-publish": "publish",
        }
    )
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    page = StandardPage.objects.get(slug_en="commemorations")
    assert page.live
    for path, text in [
        ("/az/anim-merasimleri/", "Hər il fevralda."),
        ("/en/commemorations/", "Every February."),
        ("/ru/traurnye-ceremonii/", "Каждый февраль."),
    ]:
        reader = client.get(path)
        assert reader.status_code == 200
        assert text in reader.content.decode()


@pytest.mark.parametrize(
    "language, title",
    [("az", "Xocalı soyqırımı"), ("en", "The Khojaly massacre"), ("ru", "Ходжалинская трагедия")],
)
def test_admin_listing_shows_titles_in_the_editors_language(admin_client, home, language, title):
    profile = UserProfile.get_for_user(User.objects.get(username="admin"))
    profile.preferred_language = language
    profile.save()
    response = admin_client.get(reverse("wagtailadmin_explore", args=[home.pk]))
    assert response.status_code == 200
    assert title in response.content.decode()


def test_child_url_paths_keep_their_leading_slash_in_every_language(memorial):
    for code in ("az", "en", "ru"):
        assert getattr(memorial, f"url_path_{code}").startswith("/")
