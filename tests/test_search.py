"""Search in az, en and ru: every live, public page type, snippets, sections, promotions."""

import re

import pytest
from django.db import connection
from django.utils import translation
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import PageViewRestriction

from core.search import (
    MAX_QUERY_LENGTH,
    azerbaijani_forms,
    azerbaijani_stem,
    clean_query,
    fold,
)
from pages.models import StandardPage
from tests.factories import body, create_page

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
        ("ru", "годовщины", "Память павших", "Краткая заметка о выживших."),
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
        assert "Память павших" in search(client, "ru", "годовщина")
        assert "Память павших" in search(client, "ru", "убиты")
        assert "Remembering the fallen" in search(client, "en", "commemorations")
    else:
        # SQLite (FTS5) matches whole words only, case-insensitively.
        assert connection.vendor == "sqlite"
        assert "Память павших" in search(client, "ru", "ГОДОВЩИНЫ")
        assert "Память павших" in search(client, "ru", "убитых")
        assert "Память павших" not in search(client, "ru", "годовщина")
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


# The judged query set: (query, reader's language, the page a reader expects first, a page they
# expect among the first three), pages named by their English title. Where pages are equally
# good (four anniversary updates with the same title), any of them: ANNIVERSARY_UPDATES.
# Measured on the demo site on SQLite and on PostgreSQL (the suite runs on both).
ARTICLE = "The Khojaly massacre, 25–26 February 1992"
ANNIVERSARY_UPDATES = tuple(f"{n} anniversary of the Khojaly massacre"
                            for n in ("31st", "32nd", "33rd", "34th"))
JUDGED = [
    ("Khojaly", "en", ARTICLE, "Remembering Khojaly"),
    ("Khojaly", "az", ARTICLE, "Remembering Khojaly"),
    ("Khojaly", "ru", ARTICLE, "Remembering Khojaly"),
    ("Xocalı", "az", ARTICLE, "Remembering Khojaly"),
    ("Xocalı", "en", ARTICLE, "Remembering Khojaly"),
    ("Xocalı", "ru", ARTICLE, "Remembering Khojaly"),
    ("Xocali", "az", ARTICLE, "Remembering Khojaly"),
    ("XOCALI", "en", ARTICLE, "Remembering Khojaly"),
    ("Hodjaly", "en", ARTICLE, "Remembering Khojaly"),
    ("Hodjaly", "az", ARTICLE, "Remembering Khojaly"),
    ("Khodjaly", "ru", ARTICLE, "Remembering Khojaly"),
    ("Khojali", "en", ARTICLE, "Remembering Khojaly"),
    ("Ходжалы", "ru", ARTICLE, "Remembering Khojaly"),
    ("Ходжалы", "az", ARTICLE, "Remembering Khojaly"),
    ("Ходжалы", "en", ARTICLE, "Remembering Khojaly"),
    ("Ходжалинская", "ru", ARTICLE, "Remembering Khojaly"),
    ("Ходжалинская", "en", ARTICLE, "Remembering Khojaly"),
    ("Xocalıda", "az", ARTICLE, "Remembering Khojaly"),
    ("Xocalının", "az", ARTICLE, "Remembering Khojaly"),
    ("massacre", "en", ARTICLE, ANNIVERSARY_UPDATES),
    ("Khojaly massacre", "en", ARTICLE, ANNIVERSARY_UPDATES),
    ("soyqırım", "az", ARTICLE, ANNIVERSARY_UPDATES),
    ("soyqırımı", "az", ARTICLE, ANNIVERSARY_UPDATES),
    ("Xocalı soyqırımı", "az", ARTICLE, ANNIVERSARY_UPDATES),
    ("Black Garden", "en", "Thomas de Waal, Black Garden (2003)",
     "Thomas de Waal, Black Garden (2003)"),
    ("de Waal", "az", "Thomas de Waal, Black Garden (2003)", "Thomas de Waal, Black Garden (2003)"),
    ("Helsinki Watch", "ru", "Helsinki Watch, Bloodshed in the Caucasus (1992)",
     "Helsinki Watch, Bloodshed in the Caucasus (1992)"),
    ("Мемориал", "ru", "Memorial Human Rights Centre: report on Khojaly (1992)",
     "Memorial Human Rights Centre: report on Khojaly (1992)"),
    ("report", "en", "Memorial Human Rights Centre: report on Khojaly (1992)",
     "Helsinki Watch, Bloodshed in the Caucasus (1992)"),
    ("timeline", "en", "Timeline", "Timeline"),
    ("xronologiya", "az", "Timeline", "Timeline"),
    ("anniversary", "en", "Anniversary updates", "26 February 2026: the 34th anniversary"),
    ("ildönümləri", "az", "Anniversary updates", "Anniversary updates"),
    ("годовщины", "ru", "Anniversary updates", "Anniversary updates"),
    ("news", "en", "News", "News"),
    ("names register", "en", "Names register", "Names register"),
]
_RESULT_LINK = re.compile(r'<h3 class="search-result__title"[^>]*><a href="([^"]+)"')


def ranked_urls(client, language, query):
    return _RESULT_LINK.findall(search(client, language, query))


def url_of(title_en, language):
    from wagtail.models import Page

    page = Page.objects.get(title_en=title_en).specific
    with translation.override(language):
        return page.get_url()  # a resource's own "url" field hides Page.url


def top_three_holds(urls, expected, language):
    expected = (expected,) if isinstance(expected, str) else expected
    return any(url_of(title, language) in urls[:3] for title in expected)


@pytest.mark.parametrize(("query", "language", "first", "in_top_three"), JUDGED,
                         ids=[f"{q}-{lang}" for q, lang, *_ in JUDGED])
def test_judged_queries_rank_as_a_reader_expects(client, query, language, first, in_top_three):
    urls = ranked_urls(client, language, query)
    assert urls, f"{query!r} ({language}) finds nothing"
    assert urls[0] == url_of(first, language), f"{query!r} ({language}): {urls[:3]}"
    assert top_three_holds(urls, in_top_three, language), f"{query!r} ({language}): {urls[:3]}"


def test_judged_query_set_precision(client):
    """The figures the team quotes: every judged query has its page first and in the top
    three, on the backend this run uses."""
    first = top_three = 0
    for query, language, expected_first, expected_top in JUDGED:
        urls = ranked_urls(client, language, query)
        first += bool(urls) and urls[0] == url_of(expected_first, language)
        top_three += top_three_holds(urls, expected_top, language)
    print(f"\njudged search set on {connection.vendor}: first {first}/{len(JUDGED)}, "
          f"top three {top_three}/{len(JUDGED)}")
    assert (first, top_three) == (len(JUDGED), len(JUDGED))


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
