"""Search in az, en and ru: every live, public page type, snippets, sections, promotions."""


import pytest
from django.db import connection
from django.utils import translation
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import PageViewRestriction

from core.search import MAX_QUERY_LENGTH, clean_query
from core.wordforms import azerbaijani_forms, azerbaijani_stem, fold
from pages.models import StandardPage
from tests.factories import body, create_page
from tests.test_search_judged import ranked_urls

POSTGRES = connection.vendor == "postgresql"


def make_page(parent, title, text, **extra):
    return create_page(parent, StandardPage, title=title, body={
        code: body(value) for code, value in text.items()
    }, **extra)


def search(client, language, query, **params):
    response = client.get(f"/{language}/search/", {"q": query, **params})
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def trilingual(home):
    return make_page(
        home,
        {"az": "Şəhidlərin xatirəsi", "en": "Remembering the fallen", "ru": "Память павших"},
        {
            "az": "Xocalının döyüşçü müdafiəçiləri və onların qəhrəmanlığı haqqında qeydlər.",
            "en": "Notes on the annual commemoration held by the survivors.",
            "ru": "Заметки о годовщины и о судьбе убитых жителей.",
        },
        search_description={
            "az": "Müdafiəçilər haqqında qısa qeyd.",
            "en": "A short note on the survivors.",
            "ru": "Краткая заметка о выживших.",
        },
    )


@pytest.mark.parametrize("language", ["az", "en", "ru"])
def test_search_page_exists_in_every_language(client, language):
    response = client.get(f"/{language}/search/")
    assert response.status_code == 200
    with translation.override(language):
        assert translation.gettext("Type one or more words to search the portal.") in (
            response.content.decode()
        )
    assert f'<html lang="{language}"' in response.content.decode()


@pytest.mark.parametrize("language", ["az", "en", "ru"])
def test_every_page_has_a_search_form_in_its_header(client, memorial, language):
    with translation.override(language):
        url = memorial.url
        label = translation.gettext("Search the portal")
        button = translation.gettext("Search")
    html = client.get(url).content.decode()
    header = html.split("</header>")[0]
    assert f'action="/{language}/search/"' in header
    assert f'<label for="site-search-q">{label}</label>' in header
    assert 'name="q"' in header and f">{button}</button>" in header


@pytest.mark.parametrize(
    ("language", "query", "title", "snippet"),
    [
        ("az", "döyüşçü", "Şəhidlərin xatirəsi", "Müdafiəçilər haqqında qısa qeyd."),
        ("en", "commemoration", "Remembering the fallen", "A short note on the survivors."),
        ("ru", "судьбе", "Память павших", "Краткая заметка о выживших."),
    ],
)
def test_words_in_the_readers_language_find_the_page(client, trilingual, language, query, title,
                                                      snippet):
    html = search(client, language, query)
    assert title in html
    assert snippet in html
    with translation.override(language):
        assert f'href="{trilingual.url}"' in html


def test_snippet_falls_back_to_the_pages_own_text_and_section_is_shown(client, about):
    make_page(
        about,
        {"az": "Arxiv qeydi", "en": "Archive note", "ru": "Архивная заметка"},
        {"az": "Zirzəmidə tapılan məktublar.", "en": "Letters found in a cellar.",
         "ru": "Письма, найденные в подвале."},
    )
    for language, query, snippet, section in [
        ("az", "zirzəmidə", "Zirzəmidə tapılan məktublar.", "Portal haqqında"),
        ("en", "cellar", "Letters found in a cellar.", "About the portal"),
        ("ru", "подвале", "Письма, найденные в подвале.", "О портале"),
    ]:
        html = search(client, language, query)
        assert snippet in html
        with translation.override(language):
            label = translation.gettext("Section:")
        assert f"{label} {section}" in html


def test_russian_and_english_word_forms(client, trilingual):
    if POSTGRES:
        # PostgreSQL's "russian" configuration stems Russian and (Latin words) English.
        assert "Память павших" in search(client, "ru", "судьба")
        assert "Память павших" in search(client, "ru", "убиты")
        assert "Remembering the fallen" in search(client, "en", "commemorations")
    else:
        # SQLite (FTS5) matches whole words only, case-insensitively.
        assert connection.vendor == "sqlite"
        assert "Память павших" in search(client, "ru", "СУДЬБЕ")
        assert "Память павших" in search(client, "ru", "убитых")
        assert "Память павших" not in search(client, "ru", "судьба")
        assert "Remembering the fallen" not in search(client, "en", "commemorations")


@pytest.mark.parametrize("query", ["QƏHRƏMANLIĞI", "qəhrəmanlığı", "qehremanligi", "doyuscu",
                                   "DÖYÜŞÇÜ", "mudafiecileri", "MÜDAFİƏÇİLƏRİ"])
def test_azerbaijani_ignores_case_and_special_letters(client, trilingual, query):
    assert "Şəhidlərin xatirəsi" in search(client, "az", query)


def test_a_word_with_dotless_i_is_found_typed_with_i(client, home):
    make_page(home, {"az": "Ağdam yolu", "en": "The road to Aghdam"},
              {"az": "Yağışlı gecədə sakinlər yola düşdülər.", "en": "Residents set out."})
    assert "Ağdam yolu" in search(client, "az", "Yagisli")
    assert "Ağdam yolu" in search(client, "az", "YAĞIŞLI")


def test_a_capital_dotted_i_is_an_i():
    assert clean_query("İLHAM MÜDAFİƏÇİLƏRİ").terms == ["ilham", "müdafiəçiləri"]


def test_folding_rules():
    assert fold("QƏHRƏMANLIĞI") == fold("qəhrəmanlığı") == "qehremanligi"
    assert fold("İlham IŞIQ") == "ilham isiq"
    assert fold("Döyüşçü Çay") == "doyuscu cay"
    assert fold("Годовщина") == "годовщина"


def test_pagination_and_bad_page_numbers(client, home):
    for number in range(13):
        make_page(home, {"az": f"Səhifə {number}", "en": f"Pagination page {number}"},
                  {"az": "zəncirvari", "en": "paginationword"})
    first = search(client, "en", "paginationword")
    assert "13 pages found" in first and "Page 1 of 2" in first and 'rel="next"' in first
    second = search(client, "en", "paginationword", page="2")
    assert "Page 2 of 2" in second and second.count('class="search-result"') == 3
    # One rule for every list: anything but a page of the results is the 404 page.
    for number in ("abc", "3", "99999999999999999999", "-1", "0"):
        response = client.get("/en/search/", {"q": "paginationword", "page": number})
        assert response.status_code == 404, number
        assert '<html lang="en"' in response.content.decode()


def test_drafts_unpublished_and_private_pages_never_appear(client, home):
    draft = make_page(home, {"az": "Qaralama", "en": "Draft"}, {"en": "draftword"}, publish=False)
    gone = make_page(home, {"az": "Geri", "en": "Withdrawn"}, {"en": "withdrawnword"})
    private = make_page(home, {"az": "Gizli", "en": "Private"}, {"en": "privateword"})
    child = make_page(private, {"az": "Alt", "en": "Below private"}, {"en": "privateword"})
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")
    assert "Withdrawn" in search(client, "en", "withdrawnword")
    gone.unpublish()
    for word in ("draftword", "withdrawnword", "privateword"):
        html = search(client, "en", word)
        assert "No pages match your search" in html
    assert "Below private" not in search(client, "en", "privateword")
    assert child.live
    # Publishing the draft puts it in the index without a manual step.
    draft.save_revision().publish()
    assert "Draft" in search(client, "en", "draftword")


def test_index_follows_edits_when_published(client, home):
    page = make_page(home, {"az": "Köhnə", "en": "Old title"}, {"en": "firstword"})
    page.body_en = body("secondword")
    page.save_revision()  # a draft edit does not change what readers find
    assert "Old title" in search(client, "en", "firstword")
    assert "No pages match your search" in search(client, "en", "secondword")
    page.get_latest_revision().publish()
    assert "Old title" in search(client, "en", "secondword")
    assert "No pages match your search" in search(client, "en", "firstword")


def test_editors_promoted_results_come_first(client, home, about):
    make_page(home, {"az": "Başqa", "en": "Other witness page"}, {"en": "witness"})
    query = Query.objects.create(query_string="witness")
    SearchPromotion.objects.create(query=query, page=about, sort_order=0,
                                   description="Read this first.")
    html = search(client, "en", "Witness")
    assert "Recommended by the editors" in html
    assert html.index("About the portal") < html.index("Other witness page")
    assert "Read this first." in html
    # Readers' searches are not written to the database.
    search(client, "en", "nobody promoted this")
    assert not Query.objects.filter(query_string="nobody promoted this").exists()


def test_home_and_memorial_are_searchable(client):
    assert "The Khojaly massacre, 25–26 February 1992" in search(client, "en", "Aghdam")
    assert "Ходжалинская трагедия" in search(client, "ru", "Агдама")


def test_long_query_is_shortened_and_said_so(client):
    html = search(client, "en", "word " * 400)
    assert "only its first" in html
    assert clean_query("a" * 5000).shown == "a" * MAX_QUERY_LENGTH


def test_markup_in_the_query_is_escaped(client):
    html = search(client, "en", '<script>alert("x")</script>')
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert" in html


def test_search_query_count_stays_flat(client, home, django_assert_max_num_queries):
    for number in range(10):
        make_page(home, {"az": f"Say {number}", "en": f"Count {number}"}, {"en": "countword"})
    with django_assert_max_num_queries(20):
        html = search(client, "en", "countword")
    assert html.count('class="search-result"') == 10


def test_a_title_shown_in_another_language_says_which(client, home):
    make_page(home, {"az": "Yalnız azərbaycanca başlıq"}, {"en": "onlyazerbaijanititleword"})
    html = search(client, "en", "onlyazerbaijanititleword")
    assert '<h3 class="search-result__title" lang="az"><a href="/en/' in html
    assert "Yalnız azərbaycanca başlıq" in html


@pytest.mark.parametrize("language", ["az", "en", "ru"])
def test_a_title_match_outranks_pages_that_only_mention_the_word(client, home, language):
    word = {"az": "bağbanlar", "en": "orchardists", "ru": "садоводы"}[language]
    mentions = make_page(home, {"az": "Qeyd", "en": "Note", "ru": "Заметка"},
                         {language: " ".join([word] * 12)})
    titled = make_page(home, {"az": f"Xocalı {word}", "en": f"Khojaly {word}",
                              "ru": f"Ходжалы {word}"}, {language: "Elsewhere entirely."})
    with translation.override(language):
        expected = [titled.url, mentions.url]
    assert ranked_urls(client, language, word) == expected


def test_azerbaijani_suffixes_are_found_both_ways(client, home):
    make_page(home, {"az": "Bağ qeydi", "en": "Garden note"},
              {"az": "Kəndin bağbanlarından biri danışdı."})
    # The query without the suffix finds the suffixed word, and the other way round.
    assert "Bağ qeydi" in search(client, "az", "bağban")
    assert "Bağ qeydi" in search(client, "az", "bağbanlardan")
    assert "Bağ qeydi" in search(client, "az", "BAĞBANLARINDAN")
    assert azerbaijani_stem("Xocalıda") == "xocali"
    assert azerbaijani_stem("soyqırımı") == "soyqirim"
    assert "soyqirimi" in azerbaijani_forms("soyqırım")


def test_the_events_name_is_one_word_in_every_spelling(client, home):
    make_page(home, {"az": "Ağdam yolu", "en": "The road"},
              {"ru": "Жители Ходжалы шли через лес к перевалу."})
    for spelling in ("Khojaly", "Xocalı", "XOCALI", "Hodjaly", "Khodjaly", "Ходжалы"):
        assert "The road" in search(client, "en", f"{spelling} перевалу"), spelling
    # A word that only begins like the name is not the name.
    assert "The road" not in search(client, "en", "Xoca перевалу")


# -- Synonyms editors keep, snippets, sections, leads, promotions (issue 29) ----------------
SYNONYMS_URL = "/admin/snippets/core/searchsynonym/"


def test_editors_synonyms_apply_in_their_language_only(editor, client, home):
    make_page(home, {"az": "Bağ qeydi", "en": "Orchard note", "ru": "Заметка о саде"},
              {"en": "The orchardists of the valley kept their trees."})
    assert "Orchard note" not in search(client, "en", "fruitgrowers")
    # An editor (not only an administrator) keeps the synonyms, under Settings.
    assert editor.get(SYNONYMS_URL).status_code == 200
    response = editor.post(SYNONYMS_URL + "add/", {
        "language": "en", "term": "fruitgrowers", "equivalents": "orchardists, gardeners",
    })
    assert response.status_code == 302
    # Saving the synonym starts a new cache generation: no stale "nothing found".
    assert "Orchard note" in search(client, "en", "fruitgrowers")
    assert "Orchard note" in search(client, "en", "fruitgrower")  # another form of the term
    assert "Orchard note" in search(client, "en", "gardeners")
    assert "Orchard note" not in search(client, "ru", "fruitgrowers")


def test_a_synonym_is_made_of_words(admin_client):
    from core.models import SearchSynonym

    response = admin_client.post(SYNONYMS_URL + "add/", {
        "language": "en", "term": "mass killing", "equivalents": "massacre; the killings",
    })
    assert response.status_code == 200
    html = response.content.decode()
    # The admin speaks its user's language (here the portal's default, Azerbaijani).
    with translation.override(admin_client.get("/admin/").headers["Content-Language"]):
        assert translation.gettext("Write one word (letters and digits only).") in html
        assert translation.gettext(
            "One word each, separated by commas or on their own lines: %(words)s"
        ) % {"words": "the killings"} in html
    assert not SearchSynonym.objects.filter(term="mass killing").exists()


@pytest.mark.parametrize("language", ["az", "en", "ru"])
def test_the_events_names_have_default_synonyms(language):
    from core.models import SearchSynonym

    words = {word for synonym in SearchSynonym.objects.filter(language=language)
             for word in synonym.words()}
    assert words >= {"az": {"soyqırım", "faciə", "qətliam"},
                     "en": {"massacre", "tragedy", "genocide"},
                     "ru": {"резня", "трагедия", "геноцид"}}[language]


@pytest.mark.parametrize("language", ["az", "en", "ru"])
def test_every_page_has_a_snippet_and_no_section_naming_itself(home, language):
    """Every live page of every type, as a result: a snippet in the reader's language where
    the page has text in it, and a section label only for pages inside a section."""
    from wagtail.models import Page

    from core.search import _sections, snippet

    pages = list(Page.objects.live().descendant_of(home).specific())
    sections = _sections(pages, home)
    with translation.override(language):
        for page in pages:
            text, shown = snippet(page)
            assert text, f"{type(page).__name__} {page.title!r} has no snippet"
            assert shown == language, f"{page.title!r}: snippet in {shown}"
            section = sections.get(page.pk)
            assert section is None or section.pk != page.pk
            assert (section is not None) == (page.depth > home.depth + 1)


def test_anniversary_results_show_their_summary_and_the_article_no_section(client, memorial):
    html = search(client, "ru", "годовщина")
    results = html.split('class="search-results"')[1]
    assert "Раздел: Годовщины" in results
    assert 'class="search-result__snippet" lang="ru">Азербайджан</p>' not in results
    assert "26 февраля 2026 года — 34-я годовщина Ходжалинской трагедии." in results
    html = search(client, "en", "Khojaly")
    first = html.split('class="search-result"')[1].split("</li>")[0]
    with translation.override("en"):
        assert f'href="{memorial.url}"' in first
    assert "Section:" not in first
    assert 'class="search-result__snippet" lang="en">' in first


def test_the_lead_weighs_more_than_the_body(client, home):
    body_only = make_page(home, {"az": "Birinci", "en": "First note", "ru": "Первая"},
                          {"en": " ".join(["beekeepers"] * 12)})
    in_the_lead = make_page(home, {"az": "İkinci", "en": "Second note", "ru": "Вторая"},
                            {"en": "Elsewhere entirely."},
                            search_description={"en": "What the beekeepers saw."})
    with translation.override("en"):
        expected = [in_the_lead.url, body_only.url]
    assert ranked_urls(client, "en", "beekeepers") == expected


def test_a_promotion_is_shown_for_every_spelling_and_synonym_of_its_query(client, memorial):
    """The demo promotes the article for "Khojaly massacre"; readers write it otherwise."""
    with translation.override("en"):
        link = f'href="{memorial.url}"'
    for query in ("Khojaly massacre", "Khodjaly tragedy", "Xocalı genocide", "KHOJALY MASSACRES"):
        html = search(client, "en", query)
        promoted = html.split('id="promoted-heading"')[1].split("</section>")[0]
        assert link in promoted, query
    assert 'id="promoted-heading"' not in search(client, "en", "Khojaly")


def test_saving_a_promotion_renews_cached_results(client, home, about):
    make_page(home, {"az": "Başqa", "en": "Beekeeping page"}, {"en": "apiary"})
    assert "Recommended by the editors" not in search(client, "en", "apiary")
    query = Query.objects.create(query_string="apiary")
    SearchPromotion.objects.create(query=query, page=about, sort_order=0)
    assert "Recommended by the editors" in search(client, "en", "apiary")
