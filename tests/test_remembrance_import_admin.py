"""Import names from the admin: a dry run that writes nothing, then a confirmation that writes
exactly the checked file, all or nothing; for those who may add records; readable listing."""

import time

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from wagtail.models import ModelLogEntry
from wagtail.users.models import UserProfile

from remembrance import admin_views
from remembrance.models import NameRecord
from tests.remembrance_factories import make_record, make_source

LISTING = "/admin/snippets/remembrance/namerecord/"
IMPORT = reverse("wagtailsnippets_remembrance_namerecord:import")
CONFIRM = reverse("wagtailsnippets_remembrance_namerecord:import_confirm")
HEADER = "external_id,name_az,name_ru,name_en,birth_year,age,status,event_date,place_en,sources\n"


def upload(client, text, name="names.csv", encoding="utf-8"):
    data = text.encode(encoding) if isinstance(text, str) else text
    return client.post(IMPORT, {"file": SimpleUploadedFile(name, data, "text/csv")})


def confirm_data(response):
    return {"digest": response.context["digest"], "plan": response.context["fingerprint"]}


def html(response):
    return response.content.decode()


@pytest.fixture
def english_admin(admin_client):
    """The admin in English (the user's preference), so messages read as written here."""
    return speaking(admin_client, "en")


def speaking(client, language):
    profile = UserProfile.get_for_user(client.user)
    profile.preferred_language = language
    profile.save()
    return client


def test_listing_links_to_the_import_for_those_who_may_import(editor):
    response = editor.get(LISTING)
    assert response.status_code == 200
    assert f'href="{IMPORT}"' in html(response)


def test_without_permission_the_import_is_forbidden(contributor, django_user_model):
    assert contributor.get(IMPORT).status_code == 403
    assert upload(contributor, HEADER + "T-1,Test,,,,,killed,,,\n").status_code == 403
    assert contributor.post(CONFIRM, {"digest": "x", "plan": "y"}).status_code == 403
    assert NameRecord.objects.count() == 0


def test_dry_run_shows_errors_by_row_and_column_and_writes_nothing(english_admin):
    response = upload(english_admin, HEADER
                      + "T-1,Test Birinci,,,1950,,killed,,,\n"
                      + "T-2,,,,,,dead,1992-13-01,,\n"
                      + "T-3,Test Üçüncü,,,nineteen,,missing,,,999\n")
    assert response.status_code == 200
    page = html(response)
    assert "5 errors found. Nothing was imported." in page
    rows = [(e.row, e.column) for e in response.context["errors"]]
    assert rows == [(3, "name_az"), (3, "status"), (3, "event_date"), (4, "birth_year"),
                    (4, "sources")]
    assert "<td>4</td><td><code>sources</code></td><td>no source number 999</td>" in page
    assert "Confirm import" not in page
    assert NameRecord.objects.count() == 0


def test_missing_columns_get_a_clear_message(english_admin):
    response = upload(english_admin, "name,colour\nx,y\n")
    assert response.status_code == 200
    page = html(response)
    assert "required column is missing" in page and "unknown column" in page
    assert NameRecord.objects.count() == 0


def test_valid_file_shows_the_changes_and_writes_only_when_confirmed(english_admin):
    source = make_source()
    existing = make_record(external_id="T-1", name_en="Test Person One", birth_year=1950,
                           sources=[source])
    make_record(external_id="T-3", name_az="Test Üçüncü", name_ru="", name_en="", publish=False)
    before = NameRecord.objects.count()
    text = (HEADER
            + f"T-1,Test Person One,Тест Персона Один,Test Person One,1951,,missing,,,{source.pk}\n"
            + "T-2,Test İkinci,,,,41,missing,1992-02,Synthetic place,\n"
            + "T-3,Test Üçüncü,,,,,killed,,,\n")
    response = upload(english_admin, text)
    assert response.status_code == 200
    planned = response.context["plan"]
    assert [item.external_id for item in planned.created] == ["T-2"]
    assert [item.external_id for item in planned.updated] == ["T-1"]
    assert planned.unchanged == 1
    changes = {c.field: (c.old, c.new) for c in planned.updated[0].changes}
    assert changes == {"birth_year": ("1950", "1951"), "status": ("Killed", "Missing")}
    page = html(response)
    assert "Confirm import" in page and "1 record unchanged" in page
    assert "Year of birth" in page and "1992-02" in page
    assert NameRecord.objects.count() == before  # the dry run wrote nothing
    existing.refresh_from_db()
    assert existing.birth_year == 1950 and not existing.has_unpublished_changes

    done = english_admin.post(CONFIRM, confirm_data(response), follow=True)
    assert done.redirect_chain[-1][0] == LISTING
    assert "1 record created, 1 updated" in html(done)
    assert NameRecord.objects.count() == before + 1
    new = NameRecord.objects.get(external_id="T-2")
    assert not new.live and new.origin == "import" and new.age == 41
    assert ModelLogEntry.objects.filter(object_id=str(new.pk), action="wagtail.create",
                                        user=english_admin.user).exists()
    existing.refresh_from_db()
    # The published record keeps what readers see; the change waits as a draft.
    assert existing.birth_year == 1950 and existing.has_unpublished_changes
    draft = existing.get_latest_revision_as_object()
    assert draft.birth_year == 1951 and draft.status == "missing"
    # The kept file is gone: confirming again imports nothing more.
    again = english_admin.post(CONFIRM, confirm_data(response))
    assert again.status_code == 400 and "no longer waiting" in html(again)
    assert NameRecord.objects.count() == before + 1


def test_reimporting_the_same_file_changes_nothing(english_admin):
    text = HEADER + "T-1,Test Birinci,,,1950,,killed,1992,,\n"
    english_admin.post(CONFIRM, confirm_data(upload(english_admin, text)))
    record = NameRecord.objects.get(external_id="T-1")
    revisions = record.revisions.count()
    response = upload(english_admin, text)
    assert response.context["plan"].unchanged == 1 and "Confirm import" not in html(response)
    assert "Nothing to import" in html(response)
    assert record.revisions.count() == revisions


def test_tampered_confirmation_writes_nothing(english_admin):
    response = upload(english_admin, HEADER + "T-1,Test Birinci,,,,,killed,,,\n")
    data = confirm_data(response)
    refused = english_admin.post(CONFIRM, {**data, "digest": "0" * 64})
    assert refused.status_code == 400
    assert "does not match the file checked in the dry run" in html(refused)
    refused = english_admin.post(CONFIRM, {**data, "plan": "0" * 64})
    assert refused.status_code == 400
    # The kept content itself replaced (another file under the same key): refused too.
    session = english_admin.session[admin_views.SESSION_KEY]
    import zlib
    cache.set(admin_views.cache_key(session["token"]),
              zlib.compress((HEADER + "T-9,Other,,,,,killed,,,\n").encode()), 60)
    refused = english_admin.post(CONFIRM, data)
    assert refused.status_code == 400 and "not the one the dry run checked" in html(refused)
    assert NameRecord.objects.count() == 0


def test_expired_confirmation_writes_nothing(english_admin):
    response = upload(english_admin, HEADER + "T-1,Test Birinci,,,,,killed,,,\n")
    session = english_admin.session
    pending = session[admin_views.SESSION_KEY]
    pending["at"] = time.time() - admin_views.KEEP_SECONDS - 1
    session[admin_views.SESSION_KEY] = pending
    session.save()
    refused = english_admin.post(CONFIRM, confirm_data(response))
    assert refused.status_code == 400 and "no longer waiting" in html(refused)
    # Lost from the cache (evicted, or Redis restarted): the same answer.
    response = upload(english_admin, HEADER + "T-1,Test Birinci,,,,,killed,,,\n")
    cache.clear()
    refused = english_admin.post(CONFIRM, confirm_data(response))
    assert refused.status_code == 400 and "no longer waiting" in html(refused)
    assert NameRecord.objects.count() == 0


def test_a_record_changed_after_the_dry_run_shows_the_dry_run_again(english_admin):
    record = make_record(external_id="T-1", name_en="Test Person One", birth_year=1950)
    response = upload(english_admin, HEADER + "T-1,Test Person One,Тест Персона Один,"
                      "Test Person One,1951,,killed,,,\n")
    NameRecord.objects.filter(pk=record.pk).update(birth_year=1960)  # an editor, meanwhile
    again = english_admin.post(CONFIRM, confirm_data(response))
    assert again.status_code == 200
    assert "Records changed since the dry run. Nothing was imported" in html(again)
    assert [(c.old, c.new) for c in again.context["plan"].updated[0].changes] == [
        ("1960", "1951")
    ]
    record.refresh_from_db()
    assert not record.has_unpublished_changes
    # Confirming the dry run just shown imports it.
    english_admin.post(CONFIRM, confirm_data(again))
    record.refresh_from_db()
    assert record.get_latest_revision_as_object().birth_year == 1951


@pytest.mark.parametrize(("content", "message"), [
    ("x" * (admin_views.MAX_BYTES + 1), "files up to 5.0"),
    (HEADER.encode() + "T-1,Test Gülüş,,,,,killed,,,\n".encode("cp1254"), "not UTF-8 text"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "holds binary data"),
    (HEADER + "T-1,Test Birinci,,,1950,,killed,1992-02-26,,\nT-2,Test İk", "cut short"),
    (HEADER + 'T-1,"Test Birinci,,,1950,,killed,1992-02-26,,\n', "cut short"),
    ("", "The submitted file is empty"),
])
def test_unreadable_files_get_a_clear_message(english_admin, content, message):
    response = upload(english_admin, content)
    assert response.status_code in (200, 400)
    assert message in html(response)
    assert "Confirm import" not in html(response)
    assert NameRecord.objects.count() == 0


@pytest.mark.parametrize("language", ["az", "en", "ru"])
def test_listing_reads_as_words(admin_client, language):
    speaking(admin_client, language)
    make_record(external_id="T-1", status="missing")
    make_record(external_id="T-2", name_az="Test Draft", publish=False)
    page = html(admin_client.get(LISTING))
    assert ">False<" not in page and ">True<" not in page and ">missing<" not in page
    with translation.override(language):
        from remembrance.wagtail_hooks import publication

        assert str(translation.gettext("Missing")) in page
        assert str(translation.gettext("Entered by an editor")) in page
        draft = NameRecord.objects.get(external_id="T-2")
        assert str(publication(draft)) in page
        if language != "en":
            assert translation.gettext("Missing") != "Missing"


def test_an_editor_imports_over_a_draft_and_keeps_its_other_changes(editor):
    """The dry run compares with what the edit view shows (the latest draft), and the import
    builds on that draft: a change waiting there to a field the file has not got stays."""
    speaking(editor, "en")
    record = make_record(external_id="T-1", name_en="Test Person One", birth_year=1950)
    draft = record.get_latest_revision_as_object()
    draft.birth_year, draft.photo_credit = 1951, "Synthetic family archive"
    draft.save_revision()
    response = upload(editor, HEADER + "T-1,Test Person One,Тест Персона Один,Test Person One,"
                      "1952,,killed,,,\n")
    assert [(c.field, c.old, c.new) for c in response.context["plan"].updated[0].changes] == [
        ("birth_year", "1951", "1952")
    ]
    done = editor.post(CONFIRM, confirm_data(response))
    assert done.status_code == 302
    record.refresh_from_db()
    latest = record.get_latest_revision_as_object()
    assert latest.birth_year == 1952 and latest.photo_credit == "Synthetic family archive"
    assert record.birth_year == 1950 and record.live  # readers still see the published text
    assert ModelLogEntry.objects.filter(object_id=str(record.pk), action="wagtail.edit",
                                        user=editor.user).exists()


@pytest.mark.parametrize(("language", "texts"), [
    ("az", ["1 xəta tapıldı", "heç bir əlifbada ad yoxdur", "Sütun"]),
    ("ru", ["найдена 1 ошибка", "нет имени ни в одной письменности", "Столбец"]),
    ("en", ["1 error found", "no name in any script", "Column"]),
])
def test_the_dry_run_speaks_the_admin_language(admin_client, language, texts):
    speaking(admin_client, language)
    page = html(upload(admin_client, HEADER + "T-1,,,,,,killed,,,\n"))
    for text in texts:
        assert text in page
