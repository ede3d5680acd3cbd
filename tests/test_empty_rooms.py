"""No empty rooms (issue 18, part 3): a section with nothing published stays out of the menu
and the home page (editors signed in still see it, marked), the register counts only what it
holds, with the plural forms of each language, and no form chooses an answer for the reader."""

import datetime
import re

import pytest
from django.utils import translation

from pages.models import NewsIndexPage
from remembrance import models as remembrance_models
from tests.conftest import LANGUAGES
from tests.factories import create_page
from tests.remembrance_factories import make_record

REGISTER_URLS = {"az": "/az/adlar-reyestri/", "en": "/en/names/", "ru": "/ru/reestr-imyon/"}


@pytest.fixture
def testimonies():
    index = remembrance_models.TestimoniesIndexPage.objects.get()
    assert not index.get_children().live().exists(), "the demo has no testimony"
    return index


def menu(html):
    return html.split('<nav class="main-nav"')[1].split("</nav>")[0]


def sections(html):
    return html.split('class="home-sections"')[1].split("</section>")[0]


def home_url(language):
    return f"/{language}/"


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_section_with_nothing_published_is_not_offered_to_readers(client, testimonies,
                                                                    language):
    with translation.override(language):
        url, title = testimonies.get_url(), testimonies.title
    html = client.get(home_url(language)).content.decode()
    assert f'href="{url}"' not in menu(html)
    assert f'href="{url}"' not in sections(html)
    # The sections with content are there.
    with translation.override(language):
        news = NewsIndexPage.objects.get().get_url()
    assert f'href="{news}"' in menu(html) and f'href="{news}"' in sections(html)
    # The section itself still answers at its address (links and bookmarks keep working).
    assert client.get(url).status_code == 200
    assert title


@pytest.mark.parametrize("language", LANGUAGES)
def test_it_returns_when_something_is_published(client, testimonies, language):
    create_page(
        testimonies, remembrance_models.TestimonyPage,
        title={"az": "Sintetik ifadə", "en": "Synthetic testimony", "ru": "Тестовое свидетельство"},
        slug={"az": "sintetik-ifade", "en": "synthetic-testimony", "ru": "testovoe"},
        recorded_on=datetime.date(2020, 5, 4), original_language="az",
    )
    with translation.override(language):
        url = testimonies.get_url()
    html = client.get(home_url(language)).content.decode()
    assert f'href="{url}"' in menu(html) and f'href="{url}"' in sections(html)


def test_a_draft_alone_leaves_the_room_empty(client, testimonies):
    create_page(
        testimonies, remembrance_models.TestimonyPage, publish=False,
        title={"az": "Qaralama ifadə", "en": "Draft testimony"},
        recorded_on=datetime.date(2020, 5, 4), original_language="az",
    )
    with translation.override("en"):
        url = testimonies.get_url()
    assert f'href="{url}"' not in menu(client.get("/en/").content.decode())


@pytest.mark.parametrize("language", LANGUAGES)
def test_editors_still_see_the_empty_section_marked(admin_client, testimonies, language):
    with translation.override(language):
        url = testimonies.get_url()
        mark = translation.gettext("empty, hidden from readers")
        note = translation.gettext(
            "Readers do not see this section until something is published in it."
        )
    html = admin_client.get(home_url(language)).content.decode()
    item = menu(html).split(f'href="{url}"')[1].split("</li>")[0]
    assert mark in item
    card = sections(html).split(f'href="{url}"')[1].split("</li>")[0]
    assert note in card
    # Sections with content carry no mark.
    assert menu(html).count(mark) == 1


@pytest.mark.parametrize(
    ("language", "count", "status", "expected"),
    [
        ("en", 1, "killed", "1 person killed"),
        ("en", 2, "killed", "2 people killed"),
        ("en", 3, "hostage", "3 people taken hostage"),
        ("ru", 1, "killed", "1 человек погиб"),
        ("ru", 2, "killed", "2 человека погибли"),
        ("ru", 5, "killed", "5 человек погибли"),
        ("ru", 21, "missing", "21 человек пропал без вести"),
        ("ru", 3, "released", "3 человека освобождены из плена"),
        ("az", 1, "killed", "1 nəfər həlak olub"),
        ("az", 2, "hostage", "2 nəfər girov götürülüb"),
    ],
)
def test_register_counts_speak_each_languages_plural(client, language, count, status,
                                                     expected):
    for number in range(count):
        make_record(name_en=f"Test Person {number}", name_az=f"Test Şəxs {number}",
                    name_ru=f"Тест Персона {number}", status=status)
    html = client.get(REGISTER_URLS[language]).content.decode()
    figures = html.split('class="register-figures__list"')[1].split("</ul>")[0]
    assert f'<p class="register-figure__count">{expected}</p>' in figures
    # Only the statuses the register holds are counted: never a zero.
    assert figures.count('class="register-figure"') == 1
    assert ">0 " not in figures


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_proposal_form_chooses_no_answer_for_the_reader(client, language):
    html = client.get(f"{REGISTER_URLS[language]}propose/").content.decode()
    select = html.split('name="status"')[1].split("</select>")[0]
    with translation.override(language):
        blank = translation.gettext("Choose one")
    assert f'<option value="" selected>{blank}</option>' in select
    assert select.count(" selected") == 1
    # Sent without choosing, the form asks for it.
    response = client.post(f"{REGISTER_URLS[language]}propose/", {
        "name_en": "Test Person", "sources_note": "Synthetic", "contributor_name": "Tester",
        "email": "tester@example.org", "consent": "on",
    })
    assert response.status_code == 400
    assert "status" in response.context["form"].errors


def test_no_form_preselects_an_answer_anywhere(client):
    """Every public form in every language: no radio button or option starts chosen, except
    a blank "choose" option."""
    from pages.models import ContactPage
    from polls.models import PollPage

    urls = [f"{REGISTER_URLS[language]}propose/" for language in LANGUAGES]
    for language in LANGUAGES:
        with translation.override(language):
            urls += [PollPage.objects.get().get_url(), ContactPage.objects.get().get_url()]
    for url in urls:
        html = client.get(url).content.decode()
        assert not re.search(r"<input[^>]*\schecked", html), url
        chosen = re.findall(r"<option[^>]*\sselected[^>]*>", html)
        assert set(chosen) <= {'<option value="" selected>'}, url
