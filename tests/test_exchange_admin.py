"""The exchange in the admin: a translator exports, uploads the translated file, reads the dry
run (nothing written), confirms, and finds a draft; what goes wrong gets a message, never a
server error."""

import polib
import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from wagtail.models import Revision

from editorial.setup import TRANSLATORS
from pages.models import StandardPage
from tests.test_exchange import block_page, edit_po
from translations import state as ts
from translations.exchange import formats, service


def in_english(user):
    """The admin in English for this user: the messages asserted are the English ones."""
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()


def client_for(django_user_model, name, language):
    user = django_user_model.objects.create_user(name, f"{name}@example.org", "pw")
    user.groups.add(Group.objects.get(name=TRANSLATORS[language]))
    in_english(user)
    client = Client()
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def russian(django_user_model):
    return client_for(django_user_model, "anna", "ru")


@pytest.fixture
def english(django_user_model):
    return client_for(django_user_model, "john", "en")


def translated_po(page, text="RU· "):
    data = service.export([page], "ru", formats.PO)
    return edit_po(data, lambda ident, source: text)[0]


def upload(client, data, name="ru.po"):
    return client.post(reverse("translation_import"),
                       {"file": SimpleUploadedFile(name, data)})


def test_a_translator_downloads_a_section_for_their_language(russian):
    page = block_page("quote", ru_copy=False)
    response = russian.get(reverse("translation_export"), {
        "download": "1", "language": "ru", "format": "po", "scope": "section", "page": page.pk})
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('-ru.po"')
    catalogue = polib.pofile(response.content.decode("utf-8"))
    assert any(entry.msgid == "Sitat mətni" for entry in catalogue)


def test_the_export_is_offered_from_the_page_and_the_reports(russian):
    page = block_page("quote", ru_copy=False)
    html = russian.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    assert f"{reverse('translation_export')}?scope=section&amp;page={page.pk}" in html
    form = russian.get(reverse("translation_export"), {"scope": "section", "page": page.pk})
    assert form.status_code == 200 and 'name="language"' in form.content.decode()
    report = russian.get(reverse("translation_status")).content.decode()
    export = f"{reverse('translation_export')}?scope=report"
    assert f'href="{export}"' in report and "Export these for translators" in report
    assert reverse("translation_import") in report
    # The link carries the report's filters, also when the results are refreshed by a filter.
    for name in ("translation_status", "translation_status_results"):
        filtered = russian.get(reverse(name), {"language": "ru", "state": "missing"})
        assert f'href="{export}&amp;language=ru&amp;state=missing"' in filtered.content.decode()


def test_upload_shows_the_dry_run_then_the_confirmation_saves_a_draft(russian):
    page = block_page("quote", ru_copy=False)
    revisions = Revision.page_revisions.filter(object_id=str(page.pk)).count()
    response = upload(russian, translated_po(page))
    html = response.content.decode()
    assert response.status_code == 200
    assert "RU· Sitat mətni" in html and "Confirm the import" in html
    assert Revision.page_revisions.filter(object_id=str(page.pk)).count() == revisions
    digest = response.context["plan"].digest
    response = russian.post(reverse("translation_import"), {"digest": digest})
    assert response.status_code == 302
    assert Revision.page_revisions.filter(object_id=str(page.pk)).count() == revisions + 1
    page = StandardPage.objects.get(pk=page.pk)
    draft = page.get_latest_revision_as_object()
    assert page.get_latest_revision().user == russian.user
    assert draft.title_ru == "RU· Blok" and page.title_ru == "Блок"  # a draft, not published
    states = {s.key: s.state for s in ts.states(draft) if s.language == "ru"}
    assert states["title"] == ts.TRANSLATED
    # The editor shows the Russian draft.
    edit = russian.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    assert 'value="RU· Blok"' in edit


def test_a_confirmation_imports_only_the_file_the_dry_run_showed(russian):
    page = block_page("quote", ru_copy=False)
    upload(russian, translated_po(page))
    revisions = Revision.objects.count()
    response = russian.post(reverse("translation_import"), {"digest": "0" * 64}, follow=True)
    assert "no longer kept" in response.content.decode()
    assert Revision.objects.count() == revisions


def test_a_translator_cannot_import_another_language(english):
    page = block_page("quote", ru_copy=False)
    assert upload(english, translated_po(page)).status_code == 403


def test_someone_who_translates_nothing_cannot_use_the_exchange(django_user_model):
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user("visitor", "v@example.org", "pw")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client = Client()
    client.force_login(user)
    assert client.get(reverse("translation_import")).status_code == 403
    assert client.get(reverse("translation_export")).status_code == 403


@pytest.mark.parametrize("data", [
    b"<?xml version='1.0'?><xliff version='1.2'><file><body><trans-unit id='x'>",
    "msgid \"x\"\nmsgstr \"é\"\n".encode("latin-1"),
    b"\x00\x01\x02 not a file",
], ids=["truncated XML", "wrong encoding", "binary"])
def test_a_broken_file_gets_a_message_not_a_server_error(russian, data):
    response = upload(russian, data, name="broken.xlf")
    assert response.status_code == 400
    assert "nothing will be written" in response.content.decode()
    assert "Confirm the import" not in response.content.decode()


def test_a_changed_source_is_listed_and_imported_only_when_confirmed(russian):
    page = block_page("quote", ru_copy=False)
    data = translated_po(page)
    draft = page.get_latest_revision_as_object()
    draft.title_az = "Blok (yeni)"
    draft.save_revision().publish()
    response = upload(russian, data)
    html = response.content.decode()
    assert "Source changed since the export" in html and "Blok (yeni)" in html
    assert 'name="accept_changed_source"' in html
    digest = response.context["plan"].digest
    revisions = Revision.objects.count()
    response = russian.post(reverse("translation_import"), {"digest": digest})
    assert response.status_code == 200 and Revision.objects.count() == revisions
    response = russian.post(reverse("translation_import"),
                            {"digest": digest, "accept_changed_source": "1"})
    assert response.status_code == 302 and Revision.objects.count() == revisions + 1
    draft = StandardPage.objects.get(pk=page.pk).get_latest_revision_as_object()
    states = {s.key: s.state for s in ts.states(draft) if s.language == "ru"}
    assert states["title"] == ts.OUTDATED


def test_a_file_over_the_limit_is_refused(russian, settings):
    settings.PORTAL_EXCHANGE_MAX_BYTES = 1000
    response = upload(russian, b"#" * 1001)
    assert response.status_code == 400
    assert "larger than the limit" in response.content.decode()


def test_xliff2_is_offered_downloaded_and_uploaded(russian):
    from tests.test_exchange import edit_xliff2

    page = block_page("quote", ru_copy=False)
    form = russian.get(reverse("translation_export"), {"scope": "page", "page": page.pk})
    assert 'value="xliff2"' in form.content.decode()
    response = russian.get(reverse("translation_export"), {
        "download": "1", "language": "ru", "format": formats.XLIFF2, "scope": "page",
        "page": page.pk})
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('-ru.xlf"')
    assert b"urn:oasis:names:tc:xliff:document:2.0" in response.content
    edited, _ids = edit_xliff2(response.content, lambda ident, source: "RU· ")
    response = upload(russian, edited, name="ru.xlf")
    assert response.status_code == 200 and "RU· Sitat mətni" in response.content.decode()
