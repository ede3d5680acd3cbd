"""The demo loader builds the tree once; a second run changes and duplicates nothing."""

import io

from django.core.management import call_command
from wagtail.models import Page, PageLogEntry, Revision, Site

from pages.models import HomePage, MemorialArticlePage


def snapshot():
    return (
        list(Page.objects.order_by("path").values_list("path", "title_az", "title_en", "title_ru")),
        Revision.objects.count(),
        PageLogEntry.objects.count(),
    )


def test_demo_content_builds_the_site_in_three_languages(db):
    home = HomePage.objects.get()
    assert Site.objects.get(is_default_site=True).root_page_id == home.pk
    article = MemorialArticlePage.objects.get()
    for code in ("az", "en", "ru"):
        assert getattr(article, f"title_{code}")
        assert getattr(article, f"lead_{code}")
        assert len(getattr(article, f"body_{code}")) >= 10
    assert article.live and home.live


def test_second_run_changes_nothing(db):
    before = snapshot()
    out = io.StringIO()
    call_command("load_demo_content", stdout=out)
    assert snapshot() == before
    assert "nothing changed" in out.getvalue()
