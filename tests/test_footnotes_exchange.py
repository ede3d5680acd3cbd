"""Footnotes through the translators' files (issue 19, item 5): a note's link in the text
travels as a placeholder a translator's tool keeps, and the note's own texts (reference, page,
quotation) are segments of their own; the translated text imports with its notes intact."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.utils import translation

from citations.models import Footnote
from editorial.setup import TRANSLATORS
from pages.models import HomePage, StandardPage
from tests.factories import create_page
from tests.test_exchange import EDIT, import_file
from translations.exchange import formats, segments, service

TEXT = ('<p>Bir gündə <a href="#figure-bodies">200-dən çox</a> cəsəd gətirildi; '
        '<a href="#note-road">yol</a> atəş altında idi.</p>')


@pytest.fixture
def translator(django_user_model):
    user = django_user_model.objects.create_user("olga", "olga@example.org", "pw")
    user.groups.add(Group.objects.get(name=TRANSLATORS["ru"]))
    return user


@pytest.fixture
def article(db):
    page = create_page(
        HomePage.objects.get(), StandardPage,
        title={"az": "Qeydlər", "en": "Notes", "ru": "Примечания"},
        slug={"az": "qeydler-ixrac", "en": "notes-exchange", "ru": "primechaniya-eksport"},
        body={"az": [{"type": "paragraph", "value": TEXT, "id": "p1"}], "en": [], "ru": []},
    )
    page = page.get_latest_revision_as_object()
    page.footnotes = [
        Footnote(key="bodies", sort_order=0, reference_az="Xatirə səhifəsi, 2002",
                 locator_az="3-cü abzas"),
        Footnote(key="road", sort_order=1, reference_az="Şahidin ifadəsi",
                 quotation_az="Yol qarlı idi."),
    ]
    page.save_revision().publish()
    return StandardPage.objects.get(pk=page.pk)


@pytest.mark.parametrize("fmt", [formats.XLIFF, formats.PO])
def test_notes_survive_export_edit_and_import(client, article, translator, fmt):
    entry = segments.entry_for(article, "ru")
    by_key = {segment.id.split(":", 2)[2]: segment for segment in entry.segments}
    notes = {note.key: note.pk for note in article.footnotes.all()}
    # The notes' own texts are segments, each to translate.
    for key, name in (("bodies", "reference"), ("bodies", "locator"), ("road", "reference"),
                      ("road", "quotation")):
        assert f"footnotes.{notes[key]}.{name}" in by_key
    # In the text, the links are placeholders around their words; the anchor is only told.
    paragraph = next(segment for segment in entry.segments if ":body:" in segment.id)
    assert "href" not in paragraph.source
    assert "{1}200-dən çox{/1}" in paragraph.source and "{2}yol{/2}" in paragraph.source
    data = service.export([article], "ru", fmt)
    edited, changed = EDIT[fmt](data, lambda ident, source: "RU· ")
    assert len(changed) == len(entry.segments)
    import_file(edited, translator)

    draft = StandardPage.objects.get(pk=article.pk).get_latest_revision_as_object()
    body_ru = draft.body_ru.raw_data[0]["value"]
    assert '<a href="#figure-bodies">' in body_ru and '<a href="#note-road">' in body_ru
    translated = {note.key: note for note in draft.footnotes.all()}
    assert translated["bodies"].reference_ru == "RU· Xatirə səhifəsi, 2002"
    assert translated["road"].quotation_ru == "RU· Yol qarlı idi."

    # Published, the Russian page numbers its notes and shows their Russian texts.
    draft.save_revision().publish()
    with translation.override("ru"):
        url = StandardPage.objects.get(pk=article.pk).get_url()
    html = BeautifulSoup(client.get(url).content.decode(), "html.parser")
    assert [a.get_text() for a in html.select(".prose a[role=doc-noteref]")] == ["1", "2"]
    assert "RU· Xatirə səhifəsi, 2002" in html.find(id="fn-1").get_text()
    assert html.find(id="fn-2").find("q").get_text() == "RU· Yol qarlı idi."
