"""Footnotes (issue 19): words of a text tied to their sources. Readers get numbered notes in
reading order in each language, linked both ways in plain HTML, a list of the sources cited
written by the one citation helper, and figures that show their sources on focus; editors are
refused a note without its source; translators see a new note as missing; a resource page lists
the pages that cite it."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.utils import translation
from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from citations import citation
from citations.models import Footnote
from pages.models import HomePage, ResourceIndexPage, ResourcePage, StandardPage
from remembrance.models import Source
from tests.admin_forms import post_data, rendered_form
from tests.factories import create_page
from translations import state as ts

# The same three facts, in a different order in each language (a translation may reorder).
BODY = {
    "az": ('<p>Şəhərdə <a href="#note-town">təxminən 6 min nəfər</a> yaşayırdı. '
           '<a href="#figure-toll">600-dən çox</a> insan həlak oldu.</p>'
           '<p>Bir şahid <a href="#note-witness">yolu təsvir edir</a>; sayı yenə '
           '<a href="#note-toll">mənbə verir</a>.</p>'),
    "en": ('<p><a href="#note-witness">A witness describes the road</a>. About '
           '<a href="#note-town">6,000 people</a> lived in the town, and '
           '<a href="#figure-toll">more than 600</a> were killed.</p>'),
    "ru": ('<p>Погибли <a href="#figure-toll">более 600</a> человек; в городе жили '
           '<a href="#note-town">около 6 тысяч</a>.</p>'
           '<p>Свидетель <a href="#note-witness">описывает дорогу</a>.</p>'),
}
# The keys in reading order, per language.
ORDER = {"az": ["town", "toll", "witness"], "en": ["witness", "town", "toll"],
         "ru": ["toll", "town", "witness"]}


def paragraphs(html):
    return [{"type": "paragraph", "value": html, "id": "p1"}]


@pytest.fixture
def resource(db):
    return create_page(
        ResourceIndexPage.objects.get(), ResourcePage,
        title={"az": "Sınaq məruzəsi", "en": "A test report", "ru": "Тестовый доклад"},
        slug={"az": "sinaq-meruzesi", "en": "test-report", "ru": "testovyj-doklad"},
        kind="report", original_title="Test report on the town", authors="Test Author",
        publisher="Test Publisher", publication_date=datetime.date(1993, 3, 1),
        date_precision="day", original_language="en",
        summary={"az": "Sınaq.", "en": "A test.", "ru": "Тест."},
    )


@pytest.fixture
def source(db):
    return Source.objects.create(citation="Test register source, 1994", url="https://example.org/s")


def publish_with_notes(page, *footnotes, **fields):
    page = page.get_latest_revision_as_object()
    for name, value in fields.items():
        setattr(page, name, value)
    for position, footnote in enumerate(footnotes):
        footnote.sort_order = position
    page.footnotes = list(footnotes)
    page.save_revision().publish()
    return type(page).objects.get(pk=page.pk)


@pytest.fixture
def article(resource, source):
    page = create_page(
        HomePage.objects.get(), StandardPage,
        title={"az": "Qeydli məqalə", "en": "An article with notes", "ru": "Статья с примечаниями"},
        slug={"az": "qeydli-meqale", "en": "article-with-notes", "ru": "statya-s-primechaniyami"},
        body={code: paragraphs(html) for code, html in BODY.items()},
    )
    return publish_with_notes(
        page,
        Footnote(key="toll", resource=resource, locator_az="s. 12", locator_en="p. 12",
                 locator_ru="с. 12"),
        Footnote(key="toll", source=source),
        Footnote(key="town", reference_az="Xatirə səhifəsi, 2002",
                 reference_en="Memorial page, 2002", reference_ru="Мемориальная страница, 2002", url="https://example.org/2002"),
        Footnote(key="witness", reference_az="Şahidin ifadəsi", quotation_az="Yol qarlı idi."),
    )


def read(client, page, language):
    with translation.override(language):
        url = page.get_url()
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content.decode(), "html.parser")


@pytest.mark.parametrize("language", ["az", "en", "ru"])
def test_notes_are_numbered_in_reading_order_and_linked_both_ways(client, article, language):
    html = read(client, article, language)
    prose = html.select_one(".prose")
    markers = prose.select("a[role=doc-noteref]")
    numbers = [marker.get_text() for marker in markers]
    # First citations in reading order; a note cited again keeps its number.
    assert list(dict.fromkeys(numbers)) == ["1", "2", "3"]
    notes = html.select("section.notes ol > li")
    assert [note["id"] for note in notes] == ["fn-1", "fn-2", "fn-3"]
    section = html.select_one("section.notes")
    assert html.find(id=section["aria-labelledby"]).get_text(strip=True)
    for marker in markers:
        note = html.find(id=marker["href"][1:])
        assert note is not None and note.name == "li"
        back = note.select("a[role=doc-backlink]")
        assert f"#{marker['id']}" in [link["href"] for link in back]
        assert html.find(id=marker["id"]) is marker
    # Each note cites what its key names, in this language's reading order.
    expected = {"toll": "Test report on the town", "town": "2002", "witness": "Şahidin ifadəsi"}
    for note, key in zip(notes, ORDER[language], strict=True):
        assert expected[key] in note.get_text()
    # No script is needed: the page's notes are plain links and lists.
    assert not html.select(".prose script, section.notes script")


def test_a_note_cited_twice_keeps_its_number_with_a_way_back_to_each_place(client, article):
    html = read(client, article, "az")
    toll = [marker for marker in html.select("a[role=doc-noteref]") if marker["href"] == "#fn-2"]
    assert [marker["id"] for marker in toll] == ["fnref-2", "fnref-2-2"]
    backs = [link["href"] for link in html.find(id="fn-2").select("a[role=doc-backlink]")]
    assert backs == ["#fnref-2", "#fnref-2-2"]


def test_a_note_shows_its_page_quotation_and_the_language_of_untranslated_text(client, article):
    html = read(client, article, "ru")
    toll = html.find(id="fn-1")
    assert "с. 12" in toll.get_text()
    witness = html.find(id="fn-3")
    quotation = witness.find("q")
    assert quotation.get_text() == "Yol qarlı idi." and quotation["lang"] == "az"
    assert witness.find(lang="az", string=lambda text: "Şahidin ifadəsi" in text)


def test_a_figure_shows_its_sources_to_pointer_and_keyboard(client, article):
    html = read(client, article, "en")
    figure = html.select_one(".figure-cited")
    assert figure["tabindex"] == "0"
    tip = html.find(id=figure["aria-describedby"])
    assert tip in figure.descendants and tip["role"] == "tooltip"
    text = tip.get_text()
    assert "Test report on the town" in text and "p. 12" in text
    assert "Test register source, 1994" in text
    # The figure's number is a note too.
    assert figure.find_next_sibling("sup").a["href"] == "#fn-3"


def test_the_sources_cited_are_listed_once_by_the_citation_helper(client, article, resource):
    html = read(client, article, "en")
    entries = html.select("section.bibliography li")
    assert len(entries) == 4  # the report, the register source, two references
    expected = "".join(seg.text for seg in citation.segments(resource.citation_work("en"), "en"))
    report = next(entry for entry in entries if "Test report" in entry.get_text())
    assert " ".join(report.get_text().split()) == " ".join(expected.split())
    with translation.override("en"):
        assert report.a["href"] == resource.get_url()
    html = read(client, article, "ru")
    titles = [entry.get_text() for entry in html.select("section.bibliography li")]
    assert any("Мемориальная страница, 2002" in title for title in titles)


def test_a_page_without_notes_is_unchanged(client, about):
    html = read(client, about, "en")
    assert not html.select("section.notes, section.bibliography, a[role=doc-noteref]")


def test_the_resource_page_lists_the_pages_that_cite_it(client, article, resource):
    html = read(client, resource, "en")
    with translation.override("en"):
        article_url = article.get_url()
    links = [link["href"] for link in html.select(".cited-in a")]
    assert links == [article_url]
    assert "An article with notes" in html.select_one(".cited-in").get_text()
    # Unpublished, the article leaves the list (and the resource page's cached copy).
    Page.objects.get(pk=article.pk).unpublish()
    html = read(client, resource, "en")
    assert not html.select(".cited-in a")


def test_publishing_a_citing_page_announces_its_resources(article, resource, monkeypatch):
    from citations import signals

    announced = []
    monkeypatch.setattr(signals, "announce_change", lambda *pages: announced.extend(pages))
    article.get_latest_revision_as_object().save_revision().publish()
    assert resource.pk in {page.pk for page in announced}


# -- editors --------------------------------------------------------------------------------
def edit_form(article, body_az, keys):
    """The page editor's form for ``article`` with the Azerbaijani text ``body_az`` and the
    footnotes whose keys are ``keys``."""
    footnotes = []
    for n, note in enumerate(article.footnotes.all()):
        if note.key not in keys:
            continue
        row = {"id": note.pk, "key": note.key, "resource": note.resource_id or "",
               "source": note.source_id or "", "url": note.url, "ORDER": str(n)}
        for name in ("reference", "locator", "quotation"):
            for code in ("az", "en", "ru"):
                row[f"{name}_{code}"] = getattr(note, f"{name}_{code}") or ""
        footnotes.append(row)
    data = {"footnotes": inline_formset(footnotes, initial=len(footnotes))}
    for code in ("az", "en", "ru"):
        data[f"title_{code}"] = getattr(article, f"title_{code}")
        data[f"slug_{code}"] = getattr(article, f"slug_{code}")
        data[f"body_{code}"] = streamfield([("paragraph", rich_text(
            body_az if code == "az" else BODY[code]))])
    return nested_form_data(data)


def test_a_link_to_a_note_without_its_source_is_refused_with_its_key(admin_client, article):
    from django.urls import reverse

    url = reverse("wagtailadmin_pages:edit", args=[article.pk])
    page = admin_client.get(url)
    assert page.status_code == 200
    # The panel tells how to tie words to a source, in the editor's language.
    assert "(note-toll)" in page.content.decode() and "(figure-toll)" in page.content.decode()
    body_az = '<p><a href="#note-nowhere">Söz</a> və <a href="#note-town">şəhər</a>.</p>'
    every = {"toll", "town", "witness"}
    response = admin_client.post(url, edit_form(article, body_az, every))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"body_az"}
    message = str(errors["body_az"])
    assert "#note-nowhere" in message and "#note-town" not in message
    # With the note's source added, the same text is saved.
    response = admin_client.post(url, edit_form(
        article, body_az.replace("nowhere", "witness"), every))
    assert response.status_code == 302
    # A note whose source is removed while the Russian text still cites it is refused there.
    response = admin_client.post(url, edit_form(article, body_az.replace("nowhere", "town"),
                                                {"toll", "town"}))
    errors = response.context["form"].errors
    assert set(errors) == {"body_en", "body_ru"}
    assert "#note-witness" in str(errors["body_ru"])


def test_a_source_cited_must_say_what_it_cites(admin_client, article):
    from django.urls import reverse

    url = reverse("wagtailadmin_pages:edit", args=[article.pk])
    data = edit_form(article, BODY["az"], {"toll", "town", "witness"})
    count = int(data["footnotes-TOTAL_FORMS"])
    data.update({f"footnotes-{count}-{name}": "" for name in (
        "id", "resource", "source", "url", "reference_az", "reference_en", "reference_ru",
        "locator_az", "locator_en", "locator_ru", "quotation_az", "quotation_en",
        "quotation_ru")})
    data.update({f"footnotes-{count}-key": "empty", f"footnotes-{count}-ORDER": str(count),
                 "footnotes-TOTAL_FORMS": str(count + 1)})
    response = admin_client.post(url, data)
    assert response.status_code == 200
    formset = response.context["form"].formsets["footnotes"]
    assert formset.forms[count].non_field_errors()
    # Shown with the row, in the admin's language (English for an Azerbaijani browser).
    assert ("Choose a resource page or a source of the names register, or write a reference."
            in response.content.decode())


# -- translators ----------------------------------------------------------------------------
def test_a_note_added_in_az_is_missing_in_en_and_ru(article):
    version = article.get_latest_revision_as_object()
    added = Footnote(key="more", reference_az="Yeni mənbə", locator_az="s. 3", sort_order=9)
    version.footnotes.add(added)
    version.save_revision()
    version = type(article).objects.get(pk=article.pk).get_latest_revision_as_object()
    position = [note.key for note in version.footnotes.all()].index("more")
    ident = version.footnotes.all()[position].pk or f"new{position}"
    states = {(item.key, item.language): item.state for item in ts.states(version)}
    states = {(key.rsplit(".", 1)[1], language): state for (key, language), state in
              states.items() if key.startswith(f"footnotes.{ident}.")}
    for language in ("en", "ru"):
        assert states[("reference", language)] == ts.MISSING
        assert states[("locator", language)] == ts.MISSING
    assert ("quotation", "en") not in states  # nothing written, nothing to translate


# -- the demo ------------------------------------------------------------------------------
@pytest.mark.parametrize("language", ["az", "en", "ru"])
def test_the_memorial_articles_facts_cite_the_2002_memorial_page(client, memorial, language):
    seed = ResourcePage.objects.get(slug_en="memorial-page-2002")
    html = read(client, memorial, language)
    markers = html.select(".prose a[role=doc-noteref]")
    assert list(dict.fromkeys(marker.get_text() for marker in markers)) == ["1", "2", "3", "4"]
    assert len(html.select(".prose .figure-cited")) == 2  # the bodies brought in, the toll
    with translation.override(language):
        seed_url = seed.get_url()
    notes = html.select("section.notes li")
    assert len(notes) == 4 and all(note.a["href"] == seed_url for note in notes)
    entries = html.select("section.bibliography li")
    assert len(entries) == 1 and "Khojaly massacre" in entries[0].get_text()
    cited_in = read(client, seed, language).select(".cited-in a")
    with translation.override(language):
        assert [link["href"] for link in cited_in] == [memorial.get_url()]


def test_a_preview_shows_the_drafts_notes_and_readers_the_published_ones(client, article):
    draft = article.get_latest_revision_as_object()
    for code in ("az", "en", "ru"):
        body = getattr(draft, f"body_{code}").raw_data
        body.append({"type": "paragraph", "value": '<p><a href="#note-new">Yeni</a></p>',
                     "id": "p2"})
    draft.footnotes.add(Footnote(key="new", reference_az="Layihə mənbəyi", sort_order=9))
    draft.save_revision()
    draft = type(article).objects.get(pk=article.pk).get_latest_revision_as_object()
    preview = draft.make_preview_request(preview_mode="en")
    preview.render()
    html = BeautifulSoup(preview.content.decode(), "html.parser")
    assert len(html.select("section.notes li")) == 4
    assert "Layihə mənbəyi" in html.find(id="fn-4").get_text()
    assert len(read(client, article, "en").select("section.notes li")) == 3


def test_a_note_citing_an_unpublished_resource_keeps_its_citation_without_a_link(
        client, article, resource):
    resource.unpublish()
    html = read(client, article, "en")
    note = html.find(id="fn-3")  # "toll" in English reading order
    assert "Test report on the town" in note.get_text()
    assert not note.select("a:not([role=doc-backlink])")


# -- review: what notes may show of pages readers may not open ------------------------------
def test_a_note_citing_a_private_resource_shows_nothing_of_it(client, article, resource):
    """A resource behind a view restriction stays private: its title, authors and publisher
    are not written into the notes of a public page (the note keeps its other sources)."""
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(page=resource, restriction_type=PageViewRestriction.LOGIN)
    html = read(client, article, "en")
    text = html.select_one("section.notes").get_text() + html.select_one(
        "section.bibliography").get_text()
    for secret in ("Test report on the town", "Test Author", "Test Publisher"):
        assert secret not in text
    assert "Test register source, 1994" in text  # the note's other source stays
    assert html.select_one(".figure-cited") is not None


def test_a_note_citing_a_never_published_draft_shows_nothing_of_it(client, resource, source):
    draft = create_page(
        ResourceIndexPage.objects.get(), ResourcePage,
        title={"az": "Gizli layihə", "en": "A secret draft", "ru": "Тайный черновик"},
        slug={"az": "gizli-layihe", "en": "secret-draft", "ru": "tajnyj-chernovik"},
        kind="report", summary={"az": "X.", "en": "X.", "ru": "X."},
    )
    draft.unpublish()
    page = create_page(
        HomePage.objects.get(), StandardPage,
        title={"az": "Məqalə", "en": "Cites a draft", "ru": "Статья"},
        slug={"az": "meqale-layihe", "en": "cites-a-draft", "ru": "statya-chernovik"},
        body={code: paragraphs('<p><a href="#note-d">Words</a> and '
                               '<a href="#note-s">more</a>.</p>') for code in BODY},
    )
    page = publish_with_notes(page, Footnote(key="d", resource_id=draft.pk),
                              Footnote(key="s", source=source))
    Page.objects.filter(pk=draft.pk).update(first_published_at=None, last_published_at=None)
    html = read(client, page, "en")
    assert "A secret draft" not in html.get_text()
    # The note that had nothing else to show is no note: its words stay, without a dead link.
    assert [a["href"] for a in html.select("a[role=doc-noteref]")] == ["#fn-1"]
    assert "Words" in html.select_one(".prose").get_text()


def test_a_resource_unpublished_or_renamed_purges_the_pages_that_cite_it(
        article, resource, monkeypatch):
    """The proxy keeps pages until something purges them: a citing page shows the resource's
    title and link, so a change to the resource purges the citing pages too."""
    from citations import signals

    announced = []
    monkeypatch.setattr(signals, "announce_change", lambda *pages: announced.extend(pages))
    resource.get_latest_revision_as_object().save_revision().publish()
    assert article.pk in {page.pk for page in announced}
    announced.clear()
    Page.objects.get(pk=resource.pk).unpublish()
    assert article.pk in {page.pk for page in announced}


def test_a_translator_writes_the_notes_texts_but_cannot_remove_add_or_reorder_sources(
    client, article, django_user_model
):
    # Which sources a page cites is shared by every language: a translator for Russian writes
    # the notes' Russian texts; a crafted form changes no key, address or order, and adding or
    # removing a source is refused with a message, nothing saved.
    from django.contrib.auth.models import Group
    from django.urls import reverse

    from editorial.setup import TRANSLATORS

    user = django_user_model.objects.create_user("tr_ru_notes", password="x")
    user.groups.add(Group.objects.get(name=TRANSLATORS["ru"]))
    client.force_login(user)
    url = reverse("wagtailadmin_pages:edit", args=[article.pk])
    assert client.get(url).status_code == 200
    before = [(note.pk, note.key, note.url, note.sort_order) for note in article.footnotes.all()]
    revisions = article.revisions.count()
    rendered = rendered_form(client, url)

    def form(delete="", add=False):
        rows = [{"id": note.pk, "key": "stolen", "resource": "", "source": "",
                 "url": "https://attacker.example/", "ORDER": str(n),
                 "DELETE": delete if note.key == "witness" else "",
                 "reference_ru": f"Примечание {note.pk}", "locator_ru": "", "quotation_ru": ""}
                for n, note in enumerate(reversed(article.footnotes.all()))]
        if add:
            rows.append({"key": "added", "url": "https://attacker.example/",
                         "ORDER": str(len(rows)), "reference_ru": "Новый источник",
                         "locator_ru": "", "quotation_ru": ""})
        # The form as the admin renders it for the translator, its notes rows crafted.
        data = {key: value for key, value in post_data(rendered).items()
                if not key.startswith("footnotes-")}
        data.update(nested_form_data({"footnotes": inline_formset(rows, initial=len(before))}))
        return data

    for crafted in (form(delete="on"), form(add=True)):
        response = client.post(url, crafted)
        assert response.status_code == 200
        # In the admin's language (English for an Azerbaijani browser), above the form.
        assert response.context["form"].non_field_errors()
        assert "Only editors add, remove or reorder" in response.content.decode()
        assert article.revisions.count() == revisions

    response = client.post(url, form())
    assert response.status_code == 302
    draft = type(article).objects.get(pk=article.pk).get_latest_revision_as_object()
    notes = list(draft.footnotes.all())
    assert [(note.pk, note.key, note.url, note.sort_order) for note in notes] == before
    assert [note.reference_ru for note in notes] == [f"Примечание {pk}" for pk, *_ in before]
