"""Where each translation stands: missing, same as source, outdated, translated.

Each test edits content the way the admin does (a revision, then publishing) or the way a
snippet or setting is saved, and asks the states an editor or translator would see.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pages.models import NewsIndexPage, NewsPage, PortalSettings
from tests.factories import body, create_page
from translations import state as ts


def state_of(instance, key, language):
    return next(
        item.state for item in ts.states(instance) if item.key == key and item.language == language
    )


def edit(page, publish=True, **values):
    """Change fields of the latest version of ``page`` as the page editor does; returns the
    version the editor then sees."""
    page = page.get_latest_revision_as_object()
    for name, value in values.items():
        setattr(page, name, value)
    revision = page.save_revision()
    if publish:
        revision.publish()
    return type(page).objects.get(pk=page.pk).get_latest_revision_as_object()


@pytest.fixture
def news(db):
    index = NewsIndexPage.objects.get()
    return create_page(
        index, NewsPage,
        title={"az": "Anım mərasimi", "en": "Commemoration", "ru": "Траурная церемония"},
        summary={"az": "Qurbanlar anıldı.", "en": "", "ru": "Жертвы были почтены."},
        body={"az": body("Mərasim keçirildi."), "en": body("A ceremony was held."),
              "ru": body("Состоялась церемония.")},
    )


def test_a_new_page_has_each_state_where_it_should(news):
    assert state_of(news, "title", "az") == ts.SOURCE
    assert state_of(news, "title", "en") == ts.TRANSLATED
    assert state_of(news, "summary", "en") == ts.MISSING
    assert state_of(news, "summary", "ru") == ts.TRANSLATED
    assert state_of(news, "body", "ru") == ts.TRANSLATED


def test_text_copied_from_the_source_is_not_a_translation(news):
    page = edit(news, summary_en="Qurbanlar anıldı.")
    assert state_of(page, "summary", "en") == ts.SAME


def test_a_copy_checked_by_an_editor_counts_as_translated(news):
    page = edit(news, summary_en="Qurbanlar anıldı.")
    assert ts.confirm(page, "summary", "en")
    assert state_of(page, "summary", "en") == ts.TRANSLATED


def test_changing_the_source_makes_every_translation_outdated(news):
    page = edit(news, body_az=body("Mərasim Bakıda keçirildi."))
    assert state_of(page, "body", "en") == ts.OUTDATED
    assert state_of(page, "body", "ru") == ts.OUTDATED
    assert state_of(page, "title", "en") == ts.TRANSLATED  # only the changed text


def test_a_draft_change_of_the_source_already_shows_as_outdated(news):
    page = edit(news, publish=False, body_az=body("Mərasim Bakıda keçirildi."))
    assert state_of(page, "body", "en") == ts.OUTDATED
    live = NewsPage.objects.get(pk=news.pk)
    assert state_of(live, "body", "en") == ts.TRANSLATED  # the published pair still matches


def test_translating_again_after_the_source_changed_makes_it_current(news):
    edit(news, body_az=body("Mərasim Bakıda keçirildi."))
    page = edit(news, body_en=body("A ceremony was held in Baku."))
    assert state_of(page, "body", "en") == ts.TRANSLATED
    assert state_of(page, "body", "ru") == ts.OUTDATED


def test_an_outdated_translation_confirmed_as_still_right(news):
    page = edit(news, body_az=body("Mərasim keçirildi!"))
    assert ts.confirm(page, "body", "ru")
    assert state_of(page, "body", "ru") == ts.TRANSLATED
    assert state_of(page, "body", "en") == ts.OUTDATED


def test_the_source_changing_back_makes_the_translation_current_again(news):
    edit(news, title_az="Anım mərasimi (yenilənib)")
    page = edit(news, title_az="Anım mərasimi")
    assert state_of(page, "title", "en") == ts.TRANSLATED


def test_emptying_a_translation_makes_it_missing(news):
    page = edit(news, summary_ru="")
    assert state_of(page, "summary", "ru") == ts.MISSING


def test_outdated_says_when_the_source_was_revised(news):
    page = edit(news, summary_az="Qurbanlar anıldı, çiçək qoyuldu.")
    outdated = [s for s in ts.states(page) if s.key == "summary" and s.language == "ru"][0]
    assert outdated.state == ts.OUTDATED
    assert outdated.source_revised_at is not None


def test_settings_and_child_objects_are_tracked(home):
    from wagtail.models import Site

    settings = PortalSettings.for_site(Site.objects.get(is_default_site=True))
    settings.tagline_en = settings.tagline_az
    settings.save()
    assert state_of(settings, "tagline", "en") == ts.SAME
    keys = {item.key for item in ts.states(home)}
    assert "intro" in keys and "body" in keys


def test_the_names_register_records_are_tracked():
    from remembrance.models import NameRecord

    record = NameRecord.objects.create(name_az="Test Testov", name_ru="Тест Тестов",
                                       biography_az="Qısa bioqrafiya.")
    found = {(item.key, item.language): item.state for item in ts.states(record)}
    assert found[("name", "ru")] == ts.TRANSLATED
    assert found[("name", "en")] == ts.MISSING
    assert found[("biography", "ru")] == ts.MISSING
    record.biography_az = "Qısa bioqrafiya, yenilənib."
    record.biography_ru = "Краткая биография."
    record.save()
    record.name_az = "Test Testov oğlu"
    record.save()
    found = {(item.key, item.language): item.state for item in ts.states(record)}
    assert found[("name", "ru")] == ts.OUTDATED
    assert found[("biography", "ru")] == ts.TRANSLATED


def test_states_of_a_page_cost_one_query(news):
    """One query for the records, and one per kind of cluster child read from the database
    (a published page's sources cited, issue 19); a draft holds its children itself."""
    page = edit(news, body_az=body("Mərasim Bakıda keçirildi."))
    assert ts.child_relations(type(page)) == ("footnotes",)
    with CaptureQueriesContext(connection) as queries:
        ts.states(page)
    assert len(queries) == 2
    draft = edit(news, publish=False, body_az=body("Mərasim Bakıda keçirildi, yenə."))
    with CaptureQueriesContext(connection) as queries:
        ts.states(draft)
    assert len(queries) == 1


# -- what readers see ----------------------------------------------------------------------
def test_readers_are_told_when_the_original_was_revised(client, news):
    edit(news, body_az=body("Mərasim Bakıda keçirildi."))
    live = NewsPage.objects.get(pk=news.pk)
    from django.utils import translation

    for language in ("en", "ru"):
        with translation.override(language):
            url = live.get_url()
        html = client.get(url).content.decode()
        notice = html.split("data-outdated-translation")[1].split("</div>")[0]
        with translation.override("az"):
            assert f'href="{live.get_url()}" hreflang="az"' in notice
    with translation.override("az"):
        assert "data-outdated-translation" not in client.get(live.get_url()).content.decode()


def test_a_translation_remembers_its_states_until_the_next_publish(client, news, caplog):
    """A reader of a translated page is given states worked out once and kept (the shared
    cache and this process) until the page is published again: the second reading does not
    read the records, and nothing is logged about a value the cache could not keep."""
    from django.utils import translation

    with translation.override("en"):
        url = news.get_url()
    assert "data-outdated-translation" not in client.get(url).content.decode()
    with CaptureQueriesContext(connection) as queries:
        assert "data-outdated-translation" not in client.get(url).content.decode()
    assert not [query for query in queries.captured_queries
                if "translationrecord" in query["sql"]]
    assert "Page cache unavailable" not in caplog.text
    edit(news, body_az=body("Mərasim Bakıda keçirildi."))
    assert "data-outdated-translation" in client.get(url).content.decode()


def test_copied_text_is_marked_as_the_sources_and_noticed(client, news):
    edit(news, title_en="Anım mərasimi")
    live = NewsPage.objects.get(pk=news.pk)
    from django.utils import translation

    with translation.override("en"):
        html = client.get(live.get_url()).content.decode()
    assert '<h1 lang="az">Anım mərasimi</h1>' in html.replace("\n", "")
    assert "shown in Azerbaijani" in html


def test_counting_again_fills_what_bulk_writes_left_out(news):
    from django.core.management import call_command

    from translations.models import TranslationStatus

    TranslationStatus.objects.all().delete()
    call_command("refresh_translation_status", verbosity=0)
    status = TranslationStatus.objects.get(page=news, language="en")
    assert (status.missing, status.same, status.outdated, status.translated) == (1, 0, 0, 2)
    assert not TranslationStatus.objects.filter(content_type__model="link").exists()


def test_a_preview_tells_of_the_drafts_outdated_translation_readers_are_not_told(client, news):
    """The preview (``request.is_preview``) shows the draft's states; readers keep the live
    page's, remembered until the next publish."""
    from django.utils import translation

    with translation.override("en"):
        url = news.url
    assert "data-outdated-translation" not in client.get(url).content.decode()
    draft = edit(news, publish=False, title_az="Anım mərasimi Bakıda")
    preview = draft.make_preview_request(preview_mode="en")
    assert "data-outdated-translation" in preview.content.decode()
    assert "data-outdated-translation" not in client.get(url).content.decode()
