"""Translators write their own language's texts in site settings and register records too, and
nothing else: the other languages and what all languages share stay as they are."""

import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from editorial.setup import TRANSLATORS
from pages.models import PortalSettings
from remembrance.models import NameRecord
from tests.remembrance_factories import make_record, make_source
from translations.models import TranslationStatus


@pytest.fixture
def translator_ru(client, django_user_model):
    user = django_user_model.objects.create_user("tr_ru", password="x")
    user.groups.add(Group.objects.get(name=TRANSLATORS["ru"]))
    client.force_login(user)
    return client


def inputs(html):
    return set(re.findall(r'<(?:input|textarea|select)[^>]*\bname="([^"]+)"', html))


def test_a_translator_edits_only_the_russian_texts_of_the_site_settings(translator_ru, db):
    settings_obj = PortalSettings.objects.get()
    before = {name: getattr(settings_obj, name) for name in
              ("site_name_az", "site_name_en", "contact_email", "event_date")}
    url = reverse("wagtailsettings:edit", args=["pages", "portalsettings", settings_obj.site_id])
    page = translator_ru.get(url)
    assert page.status_code == 200
    fields = inputs(page.content.decode())
    assert {"site_name_ru", "tagline_ru", "footer_text_ru"} <= fields
    assert not fields & {"site_name_az", "site_name_en", "tagline_az", "contact_email",
                         "event_date", "facebook_url"}

    # Even a crafted form cannot change what the translator may not write.
    response = translator_ru.post(url, {
        "site_name_ru": "Память Ходжалы", "tagline_ru": "", "footer_text_ru": "",
        "site_name_az": "Dəyişdirilmiş", "contact_email": "attacker@example.org",
        "event_date": "2000-01-01",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    settings_obj.refresh_from_db()
    assert settings_obj.site_name_ru == "Память Ходжалы"
    assert {name: getattr(settings_obj, name) for name in before} == before


def test_a_translator_edits_only_the_russian_texts_of_a_name_record(translator_ru, db):
    record = make_record(sources=[make_source()], place_az="Xocalı", place_ru="",
                         biography_az="Müəllim idi.")
    url = reverse("wagtailsnippets_remembrance_namerecord:edit", args=[record.pk])
    page = translator_ru.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    fields = inputs(html)
    assert {"name_ru", "place_ru", "biography_ru"} <= fields
    assert not fields & {"name_az", "name_en", "place_az", "biography_en", "status",
                         "birth_year", "sources", "photo", "external_id"}
    assert "data-translation-status" in html  # what is left to translate, at the top

    response = translator_ru.post(url, {
        "name_ru": "Тест Персона Один", "place_ru": "Ходжалы", "biography_ru": "Был учителем.",
        "status": "missing", "name_az": "Dəyişdirilmiş",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    draft = NameRecord.objects.get(pk=record.pk).get_latest_revision_as_object()
    assert (draft.place_ru, draft.biography_ru) == ("Ходжалы", "Был учителем.")
    assert (draft.status, draft.name_az) == ("killed", "Test Person One")
    # The record now counts the Russian place and biography as translated.
    status = TranslationStatus.objects.get(object_id=str(record.pk), language="ru",
                                           content_type__model="namerecord")
    assert status.missing == 0


def test_an_editor_still_edits_every_field(admin_client, db):
    record = make_record(sources=[make_source()])
    url = reverse("wagtailsnippets_remembrance_namerecord:edit", args=[record.pk])
    fields = inputs(admin_client.get(url).content.decode())
    assert {"name_az", "name_en", "name_ru", "status", "sources", "biography_ru"} <= fields
