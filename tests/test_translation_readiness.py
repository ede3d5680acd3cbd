"""Per-language readiness: an unfinished language keeps its published text while the others go
live (translations.state.hold_back_unready)."""

import re

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from pages.models import NewsIndexPage, NewsPage
from tests.factories import body, create_page
from translations import state as ts
from translations.models import TranslationStatus


@pytest.fixture
def news(db):
    index = NewsIndexPage.objects.get()
    return create_page(
        index, NewsPage,
        title={"az": "Anım mərasimi", "en": "Commemoration", "ru": "Траурная церемония"},
        summary={"az": "Qurbanlar anıldı.", "en": "The victims were remembered.",
                 "ru": "Жертвы были почтены."},
        body={"az": body("Mərasim keçirildi."), "en": body("A ceremony was held."),
              "ru": body("Состоялась церемония.")},
    )


def draft_of(page, **values):
    page = page.get_latest_revision_as_object()
    for name, value in values.items():
        setattr(page, name, value)
    return page.save_revision()


def read(client, page, language):
    page = type(page).objects.get(pk=page.pk)
    from django.utils import translation

    with translation.override(language):
        url = page.get_url()
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_publishing_a_correction_leaves_an_unfinished_language_as_it_was(client, news):
    revision = draft_of(
        news, summary_az="Qurbanlar və itkin düşənlər anıldı.",
        summary_ru="Жертвы и проп", translation_unfinished_ru=True,
    )
    revision.publish()

    assert "Qurbanlar və itkin düşənlər anıldı." in read(client, news, "az")
    russian = read(client, news, "ru")
    assert "Жертвы были почтены." in russian
    assert "Жертвы и проп" not in russian
    # The Russian work is kept in the draft, and the page says it has unpublished changes.
    live = NewsPage.objects.get(pk=news.pk)
    assert live.has_unpublished_changes
    draft = live.get_latest_revision_as_object()
    assert draft.summary_ru == "Жертвы и проп"
    assert draft.summary_az == "Qurbanlar və itkin düşənlər anıldı."
    # Russian readers keep the old translation, told that the original was revised.
    assert "data-outdated-translation" in russian
    assert ts.states(live, keys={"summary"}, languages=["ru"])[0].state == ts.OUTDATED
    # The report counts what translators work on: the draft, whose Russian is current.
    status = TranslationStatus.objects.get(page_id=news.pk, language="ru")
    assert (status.outdated, status.missing) == (0, 0)


def test_marking_the_language_finished_publishes_its_text(client, news):
    draft_of(news, summary_ru="Жертвы и проп", translation_unfinished_ru=True).publish()
    news = NewsPage.objects.get(pk=news.pk)
    draft_of(news, summary_ru="Жертвы и пропавшие были почтены.",
             translation_unfinished_ru=False).publish()

    assert "Жертвы и пропавшие были почтены." in read(client, news, "ru")
    assert not NewsPage.objects.get(pk=news.pk).has_unpublished_changes


def test_a_language_never_published_stays_in_the_fallback(client, db):
    index = NewsIndexPage.objects.get()
    page = create_page(
        index, NewsPage, publish=False,
        title={"az": "Yeni xəbər", "en": "News item", "ru": "Черновик"},
        summary={"az": "Xəbərin xülasəsi.", "en": "A summary.", "ru": "Незаконченный текст"},
        body={"az": body("Mətn."), "en": body("Text."), "ru": body("Незаконченный текст")},
    )
    draft_of(page, translation_unfinished_ru=True).publish()
    russian = read(client, page, "ru")
    assert "Незаконченный текст" not in russian
    assert "Xəbərin xülasəsi." in russian  # the source, marked as such
    assert 'lang="az"' in russian
    assert "A summary." in read(client, page, "en")


def test_the_source_language_is_always_published_on_a_first_publication(client, db):
    index = NewsIndexPage.objects.get()
    page = create_page(
        index, NewsPage, publish=False,
        title={"az": "İlk xəbər", "en": "First item", "ru": "Первая новость"},
        summary={"az": "Xülasə.", "en": "Summary.", "ru": "Кратко."},
        body={"az": body("Mətn."), "en": body("Text."), "ru": body("Текст.")},
    )
    draft_of(page, translation_unfinished_az=True).publish()
    assert "İlk xəbər" in read(client, page, "az")


def test_publishing_from_the_editor_holds_back_the_ticked_language(admin_client, client, news):
    url = reverse("wagtailadmin_pages:edit", args=[news.pk])
    data = nested_form_data({
        "title_az": "Anım mərasimi", "title_en": "Commemoration",
        "title_ru": "Траурная церемония (черновик)",
        "slug_az": news.slug_az, "slug_en": news.slug_en, "slug_ru": news.slug_ru,
        "summary_az": "Qurbanlar anıldı.", "summary_en": "The victims were remembered.",
        "summary_ru": "Жертвы были почтены.", "date": news.date.isoformat(),
        "body_az": streamfield([("paragraph", rich_text("<p>Mərasim keçirildi.</p>"))]),
        "body_en": streamfield([("paragraph", rich_text("<p>A ceremony was held in Baku.</p>"))]),
        "body_ru": streamfield([("paragraph", rich_text("<p>Незаконченный перевод</p>"))]),
        "translation_unfinished_ru": "on",
        "footnotes-TOTAL_FORMS": "0", "footnotes-INITIAL_FORMS": "0",  # sources cited
        "action-publish": "publish",
    })
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]

    assert "A ceremony was held in Baku." in read(client, news, "en")
    russian = read(client, news, "ru")
    assert "Состоялась церемония." in russian
    assert "Незаконченный перевод" not in russian
    assert "Траурная церемония (черновик)" not in russian
    # The editor reopens the page on the unfinished Russian text, ticked as unfinished.
    editor = admin_client.get(url).content.decode()
    assert "Траурная церемония (черновик)" in editor
    draft = NewsPage.objects.get(pk=news.pk).get_latest_revision_as_object()
    assert "Незаконченный перевод" in str(draft.body_ru)
    checkbox = re.search(r'<input[^>]*name="translation_unfinished_ru"[^>]*>', editor).group(0)
    assert "checked" in checkbox


def test_the_checkbox_names_its_language(admin_client, news):
    html = admin_client.get(reverse("wagtailadmin_pages:edit", args=[news.pk])).content.decode()
    # In the admin's language (English for an Azerbaijani browser), the language named.
    assert "Unfinished, keep it from readers — Русский [ru]" in html
