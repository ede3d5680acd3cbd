"""What a first-time reader meets (issue 18, parts 4 to 6): a home page that leads to the
article, dates that belong to the works, a short menu that folds on phones without script, and
About, Privacy, Contact and the feeds at the foot of every page and beside every form."""

import datetime
import re

import pytest
from django.utils import timezone, translation

from pages.models import HomePage, NewsIndexPage, ResourceIndexPage, ResourcePage, StandardPage
from tests.conftest import LANGUAGES
from tests.factories import create_page

TODAY_WORDS = {"az": "dekabr", "en": "December", "ru": "декабря"}


def url_of(page, language):
    with translation.override(language):
        return page.get_url()


def title_of(page, language):
    with translation.override(language):
        return page.title


def between(html, start, end):
    return html.split(start, 1)[1].split(end, 1)[0]


def footer(html):
    return between(html, '<footer class="site-footer">', "</footer>")


def menu(html):
    return between(html, '<nav class="main-nav"', "</nav>")


# The home page leads to the story --------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_one_path_to_the_memorial_article_from_the_home_page(client, memorial, language):
    """The banner opens the memorial; "What happened" below it holds the one link to the
    article (the menu aside): two buttons to the same page made readers wonder which to take."""
    html = client.get(f"/{language}/").content.decode()
    main = between(html, '<main id="main"', "</main>")
    link = f'href="{url_of(memorial, language)}"'
    assert main.count(link) == 1
    assert link in between(main, 'class="home-event"', "</section>")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_first_thing_after_the_banner_tells_what_happened(client, memorial, language):
    html = client.get(f"/{language}/").content.decode()
    after_banner = html.split('class="memorial-hero"', 1)[1].split("</section>", 1)[1]
    first_section = between(after_banner, "<section", "</section>")
    assert 'class="home-event"' in first_section
    with translation.override(language):
        lead = memorial.lead
    assert lead in first_section
    assert f'href="{url_of(memorial, language)}"' in first_section


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_note_about_the_2002_page_comes_after_the_sections(client, language):
    html = client.get(f"/{language}/").content.decode()
    assert html.index('class="home-sections"') < html.index('class="prose home-body"')
    assert html.index('class="home-event"') < html.index('class="home-anniversary"')


def recently_published(html):
    return between(html, 'id="latest-title"', "</section>")


@pytest.mark.parametrize("language", LANGUAGES)
def test_recently_published_dates_a_book_by_its_year_not_by_today(client, language):
    index = ResourceIndexPage.objects.get()
    book = create_page(
        index, ResourcePage,
        title={"az": "Sınaq kitabı", "en": "A test book", "ru": "Тестовая книга"},
        kind="book", authors="A. Author", publication_date=datetime.date(2003, 1, 1),
        date_precision="year", summary={"az": "Qısa", "en": "Short", "ru": "Кратко"},
    )
    latest = recently_published(client.get(f"/{language}/").content.decode())
    item = between(latest, title_of(book, language), "</li>")
    assert '<time datetime="2003">2003</time>' in item
    today = timezone.localdate()
    assert str(today.year) not in item


@pytest.mark.parametrize("language", LANGUAGES)
def test_recently_published_dates_a_page_without_a_date_of_its_own_by_its_publication(
    client, about, language
):
    page = create_page(
        about, StandardPage,
        title={"az": "Yeni qeyd", "en": "A new note", "ru": "Новая заметка"},
        body={"az": [], "en": [], "ru": []},
    )
    latest = recently_published(client.get(f"/{language}/").content.decode())
    item = between(latest, title_of(page, language), "</li>")
    day = timezone.localtime(page.first_published_at).date()
    assert f'<time datetime="{day.isoformat()}' in item


def article_dates(html):
    return between(html, 'class="article__dates"', "</dl>")


@pytest.mark.parametrize(
    "language, label, written",
    [("az", "İlk yazıldığı tarix", "26 fevral 2000"), ("en", "First written", "26 February 2000"),
     ("ru", "Впервые написано", "26 февраля 2000")],
)
def test_the_article_says_when_it_was_first_written(client, memorial, language, label, written):
    dates = article_dates(client.get(url_of(memorial, language)).content.decode())
    assert label in dates
    assert f'<time datetime="2000-02-26">{written}</time>' in dates
    # Not "First published: <the day the demo was loaded>".
    with translation.override(language):
        assert translation.gettext("First published") not in dates


def test_the_date_first_written_is_kept_at_its_precision(client, memorial):
    memorial.first_written = datetime.date(2000, 1, 1)
    memorial.first_written_precision = "year"
    memorial.save_revision().publish()
    dates = article_dates(client.get(url_of(memorial, "en")).content.decode())
    assert '<time datetime="2000">2000</time>' in dates


def test_without_a_date_first_written_the_article_shows_its_first_publication(client, memorial):
    memorial.first_written = None
    memorial.save_revision().publish()
    dates = article_dates(client.get(url_of(memorial, "en")).content.decode())
    assert "First published" in dates and "First written" not in dates


def test_editors_set_the_date_first_written_in_the_admin(admin_client, memorial):
    html = admin_client.get(f"/admin/pages/{memorial.pk}/edit/").content.decode()
    assert 'name="first_written"' in html and 'name="first_written_precision"' in html


def test_editors_choose_the_pages_the_footer_links_on_the_home_page(admin_client, home):
    html = admin_client.get(f"/admin/pages/{home.pk}/edit/").content.decode()
    assert 'name="about_page"' in html and 'name="privacy_page"' in html


# The menu ------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_menu_names_the_article_shortly(client, memorial, language):
    nav = menu(client.get(f"/{language}/").content.decode())
    short = {"az": "Xocalı soyqırımı", "en": "The Khojaly massacre",
             "ru": "Ходжалинская трагедия"}[language]
    assert re.search(rf'href="{url_of(memorial, language)}"[^>]*>{short}</a>', nav)
    assert title_of(memorial, language) not in nav


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_menu_is_short_and_the_rest_is_under_more(client, language):
    from pages.models import ContactPage, LinksPage
    from polls.models import PollPage

    nav = menu(client.get(f"/{language}/").content.decode())
    primary = nav.split('class="main-nav__more"', 1)[0]
    more = between(nav, 'class="main-nav__more"', "</details>")
    assert primary.count("<li>") <= 7  # six sections and the search
    for model in (LinksPage, PollPage, ContactPage):
        url = url_of(model.objects.get(), language)
        assert f'href="{url}"' in more and f'href="{url}"' not in primary
    for model in (NewsIndexPage, ResourceIndexPage):
        assert f'href="{url_of(model.objects.get(), language)}"' in primary


def test_the_menu_folds_behind_a_button_that_needs_no_script(client):
    html = client.get("/en/").content.decode()
    nav = menu(html)
    # <details> opens and closes by itself: the button is its <summary>, before the list.
    # Its name is read out even where the stylesheet shows it as three bars (phones).
    assert re.search(r'<details class="main-nav__menu">\s*<summary[^>]*>'
                     r'<span class="main-nav__toggle-label">Menu</span></summary>', nav)
    assert "<script" not in html.split("</header>")[0].split("<body", 1)[1]


def test_the_open_section_is_marked_inside_more(client):
    from polls.models import PollPage

    poll = PollPage.objects.get()
    nav = menu(client.get(url_of(poll, "en")).content.decode())
    assert 'class="main-nav__more-current"' in nav
    assert f'href="{url_of(poll, "en")}" aria-current="page"' in nav


# Footer and privacy --------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_footer_links_about_privacy_contact_and_the_feeds(client, home, language):
    from pages.models import ContactPage

    html = client.get(f"/{language}/").content.decode()
    foot = footer(html)
    urls = [url_of(home.about_page, language), url_of(home.privacy_page, language),
            url_of(ContactPage.objects.get(), language)]
    news = url_of(NewsIndexPage.objects.get(), language)
    feeds = [f"{news}feed/rss/", f"{news}feed/atom/"]
    for url in urls + feeds:
        assert f'href="{url}"' in foot, url
        assert client.get(url).status_code == 200, url
    with translation.override(language):
        for label in ("About the portal", "Privacy"):
            assert translation.gettext(label) in foot


def test_the_footer_is_on_every_page_and_costs_no_query(client, memorial):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = url_of(memorial, "en")
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        html = client.get(url).content.decode()
    assert "footer-nav" in footer(html)
    assert not [q for q in queries if "pages_homepage" in q["sql"]]


@pytest.mark.parametrize(
    "language, words",
    [
        ("az", ["Əlaqə formu", "ad təklif", "Sorğu", "silinməsi", "redaktorlar"]),
        ("en", ["contact form", "Proposing a name", "poll", "Deleting your details", "editors"]),
        ("ru", ["Форма связи", "Предложение имени", "Опрос", "Удаление ваших данных",
                "редакторы"]),
    ],
)
def test_the_privacy_page_covers_the_forms_and_the_poll(client, home, language, words):
    html = client.get(url_of(home.privacy_page, language)).content.decode()
    text = between(html, "<main", "</main>")
    for word in words:
        assert word in text, word


def privacy_beside_button(html, home, language):
    form = between(html, "<form", "</form>")
    privacy = url_of(home.privacy_page, language)
    return re.search(rf'href="{privacy}"[^<]*</a></p>\s*<button type="submit">', form)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_contact_form_links_the_privacy_page_beside_its_button(client, home, language):
    from pages.models import ContactPage

    html = client.get(url_of(ContactPage.objects.get(), language)).content.decode()
    html = html.split('role="search"', 1)[1].split("</form>", 1)[1]  # past the header's search
    assert privacy_beside_button(html, home, language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_name_proposal_form_links_the_privacy_page_beside_its_button(client, home, language):
    from remembrance.models import NamesRegisterPage

    register = NamesRegisterPage.objects.get()
    html = client.get(url_of(register, language) + "propose/").content.decode()
    html = html.split('role="search"', 1)[1].split("</form>", 1)[1]
    assert privacy_beside_button(html, home, language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_poll_links_the_privacy_page_beside_its_button(client, home, language):
    # A vote keeps a salted hash of the voter's address: the privacy page says so.
    from polls.models import PollPage

    html = client.get(url_of(PollPage.objects.get(), language)).content.decode()
    html = html.split('role="search"', 1)[1].split("</form>", 1)[1]
    assert 'name="choice"' in html
    assert privacy_beside_button(html, home, language)


def test_without_a_privacy_page_chosen_the_forms_show_no_dead_link(client, home):
    from pages.models import ContactPage

    home.privacy_page = None
    home.save_revision().publish()
    html = client.get(url_of(ContactPage.objects.get(), "en")).content.decode()
    assert "form-privacy" not in html
    assert HomePage.objects.get().privacy_page_id is None
