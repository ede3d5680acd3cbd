"""Structure shared, text translated: the translations of a synced StreamField follow the
source's blocks (translations.stream_sync), block by block."""

import pytest
from django.utils import translation

from pages.models import HomePage, StandardPage
from tests.factories import create_page, image
from translations import state as ts
from translations import stream_sync


def block(kind, value, ident):
    return {"type": kind, "value": value, "id": ident}


def paragraph(text, ident):
    return block("paragraph", f"<p>{text}</p>", ident)


@pytest.fixture
def news(db):
    return create_page(
        HomePage.objects.get(), StandardPage,
        title={"az": "Anım", "en": "Remembrance", "ru": "Память"},
        body={
            "az": [paragraph("Birinci abzas.", "p1"), paragraph("İkinci abzas.", "p2")],
            "en": [paragraph("First paragraph.", "p1"), paragraph("Second paragraph.", "p2")],
            "ru": [paragraph("Первый абзац.", "p1"), paragraph("Второй абзац.", "p2")],
        },
    )


def save_draft(page, **values):
    page = page.get_latest_revision_as_object()
    for name, value in values.items():
        setattr(page, name, value)
    page.save_revision().publish()
    return StandardPage.objects.get(pk=page.pk)


def stored(page, language):
    return [(item["type"], item["id"], item["value"])
            for item in stream_sync.raw(getattr(page, f"body_{language}"))]


def state(page, key, language):
    return next(item.state for item in ts.states(page)
                if item.key == key and item.language == language)


def test_a_block_added_in_the_source_appears_in_every_language_to_translate(news):
    quote = block("quote", {"text": "Heç kim unudulmayıb.", "attribution": "Anım kitabı"}, "q1")
    page = save_draft(news, body_az=[*stream_sync.raw(news.body_az)[:1], quote,
                                     *stream_sync.raw(news.body_az)[1:]])
    for language in ("en", "ru"):
        assert [ident for _kind, ident, _value in stored(page, language)] == ["p1", "q1", "p2"]
        assert state(page, "body.q1", language) == ts.MISSING  # a copy: to translate
        assert state(page, "body.p1", language) == ts.TRANSLATED
    # The texts each language had are untouched.
    assert stored(page, "en")[0][2] == "<p>First paragraph.</p>"


def test_a_changed_source_paragraph_makes_only_that_block_outdated(news):
    source = stream_sync.raw(news.body_az)
    source[1] = paragraph("İkinci abzas, düzəldilmiş.", "p2")
    page = save_draft(news, body_az=source)
    assert state(page, "body.p2", "en") == ts.OUTDATED
    assert state(page, "body.p1", "en") == ts.TRANSLATED
    assert stored(page, "en")[1][2] == "<p>Second paragraph.</p>"


def test_images_are_shared_and_captions_translated(news):
    first, second = image("Birinci"), image("İkinci")

    def picture(image_id, alt, caption):
        return block("image", {"image": image_id, "alt_text": alt, "caption": caption,
                               "credit": ""}, "i1")

    page = save_draft(news, body_az=[picture(first.pk, "Xatirə", "Abidə"),
                                     *stream_sync.raw(news.body_az)],
                      body_en=[picture(first.pk, "A memorial", "The monument"),
                               *stream_sync.raw(news.body_en)])
    page = save_draft(page, body_az=[picture(second.pk, "Xatirə", "Abidə"),
                                     *stream_sync.raw(page.body_az)[1:]])
    english = {ident: value for _kind, ident, value in stored(page, "en")}
    assert english["i1"]["image"] == second.pk  # the image changed in every language
    assert english["i1"]["caption"] == "The monument"  # the caption stayed English
    russian = {ident: value for _kind, ident, value in stored(page, "ru")}
    assert russian["i1"]["image"] == second.pk
    assert state(page, "body.i1", "ru") == ts.MISSING


def test_a_block_removed_from_the_source_goes_everywhere_but_a_translators_own_stays(news):
    own = paragraph("A note for English readers.", "own")
    page = save_draft(news, body_en=[*stream_sync.raw(news.body_en), own])
    page = save_draft(page, body_az=stream_sync.raw(page.body_az)[:1])
    assert [ident for _k, ident, _v in stored(page, "en")] == ["p1", "own"]
    assert [ident for _k, ident, _v in stored(page, "ru")] == ["p1"]


def test_the_source_order_is_every_languages_order(news):
    page = save_draft(news, body_az=list(reversed(stream_sync.raw(news.body_az))))
    assert [ident for _k, ident, _v in stored(page, "ru")] == ["p2", "p1"]
    assert stored(page, "ru")[0][2] == "<p>Второй абзац.</p>"


def test_texts_written_separately_are_aligned_when_their_blocks_match(db):
    page = create_page(
        HomePage.objects.get(), StandardPage,
        title={"az": "Köhnə", "en": "Old", "ru": "Старое"},
        body={"az": [{"type": "paragraph", "value": "<p>Mətn.</p>"}],
              "en": [{"type": "paragraph", "value": "<p>Text.</p>"}],
              "ru": [{"type": "heading", "value": {"text": "Другое", "level": "h2"}}]},
    )
    page = StandardPage.objects.get(pk=page.pk)
    az_id = stored(page, "az")[0][1]
    assert stored(page, "en") == [("paragraph", az_id, "<p>Text.</p>")]
    # A language written on another structure is left as it is, never doubled.
    assert [kind for kind, _i, _v in stored(page, "ru")] == ["heading"]


def test_readers_see_an_untranslated_block_in_the_sources_language(client, news):
    quote = block("quote", {"text": "Heç kim unudulmayıb.", "attribution": "Anım kitabı"}, "q1")
    page = save_draft(news, body_az=[*stream_sync.raw(news.body_az), quote])
    with translation.override("en"):
        url = page.get_url()
    html = client.get(url).content.decode()
    html = html[html.index("<main"):]  # the page's text, not its meta description
    assert "First paragraph." in html
    start = html.index("Heç kim unudulmayıb.")
    opening = html.rfind('<div lang="', 0, start)
    assert html[opening:opening + 15] == '<div lang="az">'
    assert html.rfind('<div lang="az">', 0, html.index("First paragraph.")) < html.rfind(
        "</div>", 0, html.index("First paragraph."))
    assert "not yet been translated" in html
