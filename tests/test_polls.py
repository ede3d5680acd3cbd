"""The poll: a plain form, one vote per browser, a rate limit per address, results as bars."""

import datetime

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone, translation
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from pages.models import HomePage, StandardPage
from polls.models import VOTED_COOKIE, PollChoice, PollPage, Vote
from tests.factories import create_page

ANSWERS = [
    {"az": "Məktəbdə", "en": "At school", "ru": "В школе"},
    {"az": "Ailədən", "en": "From my family", "ru": "От семьи"},
    {"az": "Xəbərlərdən", "en": "From the news", "ru": "Из новостей"},
]


def make_poll(parent, **extra):
    return create_page(
        parent,
        PollPage,
        title={"az": "Sınaq sorğusu", "en": "Test poll", "ru": "Тестовый опрос"},
        question={"az": "Necə öyrəndiniz?", "en": "How did you learn?", "ru": "Как вы узнали?"},
        choices=[PollChoice(sort_order=n, **{f"label_{c}": v for c, v in a.items()})
                 for n, a in enumerate(ANSWERS)],
        **extra,
    )


@pytest.fixture
def poll(home):
    return make_poll(home)



@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Rate-limit counters live in the cache; each test starts with none."""
    cache.clear()
    yield
    cache.clear()

def url_of(page, language):
    with translation.override(language):
        return page.url


def choice_ids(poll):
    return list(poll.choices.order_by("sort_order", "pk").values_list("pk", flat=True))


def vote(client, poll, choice, language="en", **extra):
    return client.post(url_of(poll, language), {"choice": choice}, **extra)


class PollTreeRulesTests(WagtailPageTestCase):
    def test_poll_lives_under_the_home_page(self):
        self.assertAllowedParentPageTypes(PollPage, {HomePage})
        self.assertAllowedSubpageTypes(PollPage, set())
        self.assertCanNotCreateAt(StandardPage, PollPage)
        self.assertCanNotCreateAt(Page, PollPage)


@pytest.mark.parametrize(
    ("language", "thanks", "counted"),
    [
        ("az", "Təşəkkür edirik: səsiniz nəzərə alındı.", "1 səs (100%)"),
        ("en", "Thank you: your vote has been counted.", "1 vote (100%)"),
        ("ru", "Спасибо: ваш голос учтён.", "1 голос (100%)"),
    ],
)
def test_reader_votes_and_sees_accessible_results(client, poll, language, thanks, counted):
    page = client.get(url_of(poll, language)).content.decode()
    question = getattr(poll, f"question_{language}")
    assert question in page
    for answer in ANSWERS:
        assert answer[language] in page
    assert 'name="csrfmiddlewaretoken"' in page
    assert "<meter" not in page  # results hidden before voting by default
    first = choice_ids(poll)[0]
    response = vote(client, poll, first, language)
    assert response.status_code == 200
    html = response.content.decode()
    assert thanks in html
    assert counted in html
    assert 'min="0" max="100" value="100"' in html
    assert f'aria-labelledby="poll-choice-{first}"' in html
    assert "0%" in html  # the other answers, with their numbers, not colour only
    assert Vote.objects.filter(poll=poll, choice_id=first).count() == 1
    assert VOTED_COOKIE in response.cookies


def test_second_vote_from_the_same_browser_is_refused(client, poll):
    first, second = choice_ids(poll)[:2]
    assert vote(client, poll, first).status_code == 200
    response = vote(client, poll, second, "ru")
    assert response.status_code == 403
    assert "Вы уже голосовали в этом опросе с этого браузера." in response.content.decode()
    assert Vote.objects.filter(poll=poll).count() == 1
    # Revisiting shows the results and says the reader has voted.
    html = client.get(url_of(poll, "en")).content.decode()
    assert "You have voted in this poll. Thank you." in html and "<meter" in html
    assert 'type="radio"' not in html


def test_forged_cookie_is_ignored(client, poll):
    client.cookies[VOTED_COOKIE] = str(poll.pk)  # unsigned: not accepted as proof of a vote
    html = client.get(url_of(poll, "en")).content.decode()
    assert 'type="radio"' in html


def test_votes_from_one_address_are_rate_limited(settings, poll):
    settings.POLL_RATE_LIMIT = 2
    first = choice_ids(poll)[0]
    statuses = [vote(Client(), poll, first, REMOTE_ADDR="203.0.113.9").status_code
                for _ in range(3)]
    assert statuses == [200, 200, 429]
    assert Vote.objects.filter(poll=poll).count() == 2
    # Another address is not affected.
    assert vote(Client(), poll, first, REMOTE_ADDR="203.0.113.10").status_code == 200


def test_limited_reader_sees_a_message_in_their_language(settings, poll):
    settings.POLL_RATE_LIMIT = 0
    response = vote(Client(), poll, choice_ids(poll)[0], "az")
    assert response.status_code == 429
    assert "Şəbəkə ünvanınızdan çoxlu səs gəlib" in response.content.decode()


def test_address_is_stored_only_as_a_salted_hash(client, poll, settings):
    vote(client, poll, choice_ids(poll)[0], REMOTE_ADDR="198.51.100.7")
    stored = Vote.objects.get(poll=poll).voter
    assert "198.51.100.7" not in stored and len(stored) == 64
    settings.PORTAL_ADDRESS_SALT = "another salt"
    vote(Client(), poll, choice_ids(poll)[0], REMOTE_ADDR="198.51.100.7")
    assert len(set(Vote.objects.filter(poll=poll).values_list("voter", flat=True))) == 2


def test_vote_needs_csrf_token(poll):
    client = Client(enforce_csrf_checks=True)
    response = vote(client, poll, choice_ids(poll)[0])
    assert response.status_code == 403
    assert not Vote.objects.exists()


@pytest.mark.parametrize("choice", ["", "abc", "999999999", "-1", "1 OR 1=1"])
def test_invalid_answer_is_refused_in_the_readers_language(client, poll, choice):
    response = vote(client, poll, choice, "ru")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Ваш голос не учтён" in html
    assert not Vote.objects.exists()


def test_answer_of_another_poll_is_refused(client, poll, home):
    other = make_poll(home, slug={"az": "diger", "en": "other", "ru": "drugoj"})
    assert vote(client, poll, choice_ids(other)[0]).status_code == 400
    assert not Vote.objects.exists()


def test_poll_not_yet_open(client, home):
    poll = make_poll(home, opens_at=timezone.now() + datetime.timedelta(days=2))
    html = client.get(url_of(poll, "en")).content.decode()
    assert "This poll opens on" in html and 'type="radio"' not in html
    response = vote(client, poll, choice_ids(poll)[0])
    assert response.status_code == 403
    assert "not open for voting yet" in response.content.decode()
    assert not Vote.objects.exists()


@pytest.mark.parametrize("show", [True, False])
def test_closed_poll_shows_results_only_when_editors_allow(client, home, show):
    poll = make_poll(home, closes_at=timezone.now() - datetime.timedelta(days=1),
                     show_results_when_closed=show)
    Vote.objects.create(poll=poll, choice_id=choice_ids(poll)[1], voter="x" * 64)
    html = client.get(url_of(poll, "az")).content.decode()
    assert "Bu sorğu bağlanıb." in html and 'type="radio"' not in html
    assert ("<meter" in html) is show
    assert ("Nəticələri dərc olunmur." in html) is not show
    assert vote(client, poll, choice_ids(poll)[0]).status_code == 403
    assert Vote.objects.count() == 1


def test_results_before_voting_when_editors_allow(client, home):
    poll = make_poll(home, show_results_before_voting=True)
    html = client.get(url_of(poll, "en")).content.decode()
    assert "<meter" in html and 'type="radio"' in html and "0 votes in all." in html


def test_percentages_add_up(client, poll):
    ids = choice_ids(poll)
    for number, choice in enumerate([ids[0], ids[0], ids[1]]):
        Vote.objects.create(poll=poll, choice_id=choice, voter=str(number))
    results, total = poll.results()
    assert total == 3
    assert [(r.votes, r.percent) for r in results] == [(2, 67), (1, 33), (0, 0)]


def test_closing_must_follow_opening(home):
    from django.core.exceptions import ValidationError

    poll = PollPage(title="x", question="q", opens_at=timezone.now(),
                    closes_at=timezone.now() - datetime.timedelta(hours=1))
    with pytest.raises(ValidationError):
        poll.clean()


def test_editors_see_results_and_export_csv(admin_client, poll):
    ids = choice_ids(poll)
    Vote.objects.create(poll=poll, choice_id=ids[0], voter="a")
    Vote.objects.create(poll=poll, choice_id=ids[2], voter="b")
    html = admin_client.get("/admin/poll-results/").content.decode()
    assert "Məktəbdə" in html or "At school" in html
    response = admin_client.get(f"/admin/poll-results/{poll.pk}.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = response.content.decode("utf-8-sig").splitlines()
    assert len(rows) == 5 and rows[1].endswith(",1,50") and rows[3].endswith(",1,50")
    assert rows[4].endswith(",2,100")


def test_csv_neutralises_formulas(admin_client, home):
    poll = create_page(home, PollPage, title={"az": "F", "en": "F"}, question={"az": "=1+1"},
                       choices=[PollChoice(label_az="=HYPERLINK(1)"), PollChoice(label_az="b")])
    rows = admin_client.get(f"/admin/poll-results/{poll.pk}.csv").content.decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in rows and "'=1+1" in rows


def test_results_need_an_admin_login(client, poll):
    assert client.get(f"/admin/poll-results/{poll.pk}.csv").status_code == 302


def test_search_finds_the_poll(client, poll):
    assert "Тестовый опрос" in client.get("/ru/search/", {"q": "узнали"}).content.decode()
