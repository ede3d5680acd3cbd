"""Pages that change by themselves tell every cache when; a new release starts afresh.

Time is injected: the page cache reads ``ops.cache.wall_clock`` (frozen here), and the moments
a page changes are computed from a ``now`` the tests give.
"""

import datetime
import math
import re

import pytest
from django.core.cache import cache
from django.utils import timezone

from demo.builder import create_page
from ops import cache as page_cache
from pages.models import HomePage
from pages.models.site_settings import next_anniversary
from polls.models import PollChoice, PollPage


class FrozenClock:
    def __init__(self):
        self.now = 1_900_000_000.0

    def __call__(self):
        return self.now


@pytest.fixture
def clock(settings, monkeypatch):
    settings.PAGE_CACHE_ENABLED = True
    cache.clear()
    frozen = FrozenClock()
    monkeypatch.setattr(page_cache, "wall_clock", frozen)
    yield frozen
    cache.clear()


def s_maxage(response) -> int:
    return int(re.search(r"s-maxage=(\d+)", response["Cache-Control"]).group(1))


def poll(**moments):
    return create_page(
        HomePage.objects.get(), PollPage,
        title={"az": "Sınaq sorğusu", "en": "Test poll", "ru": "Тестовый опрос"},
        question={"az": "Sual?", "en": "Question?", "ru": "Вопрос?"},
        choices=[PollChoice(label_az=label) for label in ("a", "b")],
        **moments,
    )


def test_a_poll_that_opens_later_is_kept_until_it_opens(client, clock):
    opens_at = timezone.now() + datetime.timedelta(seconds=90)
    opening = poll(opens_at=opens_at)
    url = opening.get_url()
    before = timezone.now()
    first = client.get(url)
    after = timezone.now()
    assert first["X-Cache"] == "MISS"
    # Varnish and a CDN keep it no longer either: until it opens, counted when it was rendered.
    assert math.ceil((opens_at - after).total_seconds()) <= s_maxage(first)
    assert s_maxage(first) <= math.ceil((opens_at - before).total_seconds())
    assert "public" in first["Cache-Control"] and "stale-while-revalidate" in first["Cache-Control"]
    clock.now += 30
    second = client.get(url)
    assert second["X-Cache"] == "HIT"
    # What is left is the lifetime less the Age (RFC 9111), whichever server answers.
    assert s_maxage(second) == s_maxage(first) and second["Age"] == "30"
    clock.now += 61
    assert client.get(url)["X-Cache"] == "MISS"  # it opened: rendered again


def test_the_moments_a_poll_changes():
    now = timezone.now()
    opens, closes = now + datetime.timedelta(hours=1), now + datetime.timedelta(days=7)
    page = PollPage(opens_at=opens, closes_at=closes)
    assert page.next_change(None, now) == opens
    assert page.next_change(None, opens) == closes
    assert page.next_change(None, closes) is None


def test_the_home_page_is_kept_until_the_anniversarys_midnight():
    event = datetime.date(1992, 2, 26)
    baku = timezone.get_default_timezone()
    before = datetime.datetime(2027, 2, 25, 23, 59, 30, tzinfo=baku)
    midnight = next_anniversary(event, before)
    assert midnight == datetime.datetime(2027, 2, 26, 0, 0, tzinfo=baku)
    assert page_cache.lifetime(midnight, before) == 30  # "35 years since" at 00:00, Baku time
    assert next_anniversary(event, midnight) == datetime.datetime(2028, 2, 26, tzinfo=baku)
    leap = datetime.date(1992, 2, 29)
    assert next_anniversary(leap, before) == datetime.datetime(2027, 3, 1, tzinfo=baku)


def test_the_home_pages_header_says_so(client, clock):
    before = timezone.now()
    response = client.get("/en/")
    until = next_anniversary(datetime.date(1992, 2, 26), before)
    assert s_maxage(response) <= math.ceil(max((until - before).total_seconds(), 0))
    assert s_maxage(response) <= page_cache.lifetime(None, before)


def test_a_new_release_does_not_serve_what_the_old_one_stored(client, clock, settings):
    settings.PORTAL_RELEASE = "release-1"
    assert client.get("/en/")["X-Cache"] == "MISS"
    assert client.get("/en/")["X-Cache"] == "HIT"
    settings.PORTAL_RELEASE = "release-2"  # deployed: nothing to flush by hand
    assert client.get("/en/")["X-Cache"] == "MISS"
    assert client.get("/en/")["X-Cache"] == "HIT"


def test_signed_in_pages_are_private(admin_client):
    response = admin_client.get("/en/")
    assert "private" in response["Cache-Control"]
    assert "s-maxage" not in response["Cache-Control"]


def test_release_from_the_environment_or_the_checkout(tmp_path):
    from portal.release import release

    assert release({"PORTAL_RELEASE": "2027.02"}, tmp_path) == "2027.02"
    assert release({}, tmp_path) == "unknown"
    git = tmp_path / ".git"
    (git / "refs" / "heads").mkdir(parents=True)
    (git / "HEAD").write_text("ref: refs/heads/main\n")
    (git / "refs" / "heads" / "main").write_text("0123456789abcdef0123\n")
    assert release({}, tmp_path) == "0123456789ab"


# -- one announcement drives the page cache and the proxy --------------------------------
def test_a_bulk_change_invalidates_and_purges(purge_endpoint, django_capture_on_commit_callbacks):
    """Pages written in bulk send no signal; the loader announces the change itself."""
    from demo.bulk import add_children
    from pages.models import NewsIndexPage, NewsPage

    generation = page_cache.current_generation()
    index = NewsIndexPage.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        item = NewsPage(title_az="Toplu", slug_az="toplu", date=datetime.date.today())
        add_children(index, [item])
    assert page_cache.current_generation() != generation
    assert purge_endpoint  # the caching proxy drops the site's pages too


def test_a_many_to_many_change_invalidates(django_capture_on_commit_callbacks):
    """Tagging a picture writes no row of the picture itself."""
    from tests.factories import image

    picture = image()
    generation = page_cache.current_generation()
    with django_capture_on_commit_callbacks(execute=True):
        picture.tags.add("xocalı")
    assert page_cache.current_generation() != generation


def test_a_citable_page_is_kept_no_later_than_the_midnight_its_access_date_turns():
    """"Cite this page" names the day it is read: the article's caches end at local midnight;
    a page without a citation keeps no such limit."""
    from pages.models import MemorialArticlePage, StandardPage

    now = timezone.make_aware(datetime.datetime(2027, 2, 25, 23, 59, 30))
    article = MemorialArticlePage(title="a")
    assert article.next_change(None, now) == timezone.make_aware(
        datetime.datetime(2027, 2, 26, 0, 0))
    assert StandardPage(title="b").next_change(None, now) is None
