"""The archive (preservation/): the static copy, the WARC, the bag, nothing private, the
incremental build and the upload.

One archive is built per module from the demo site, with markers planted in everything an
anonymous reader cannot see (private, password and group pages and a page under one, a draft, an
unpublished revision, a document in a private collection, an unpublished record of the names
register, a contributor's contact details) and a public document and record beside them; the
planted rows are rolled back afterwards.
"""

import gzip
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

import bagit
import pytest
from bs4 import BeautifulSoup
from django.core.files.base import ContentFile
from django.core.management.base import CommandError
from django.db import transaction
from django.test import override_settings
from django.utils import timezone, translation

from tests.factories import body, create_page, image
from tests.remembrance_factories import make_record

BASE = "http://testserver"  # the site's configured address (tests/conftest.py)
MARKERS = {
    "login page": "qzxloginpage4471",
    "password page": "qzxpasswordpage4472",
    "group page": "qzxgrouppage4473",
    "under a private page": "qzxunderprivate4474",
    "draft": "qzxdraftpage4475",
    "unpublished revision": "qzxrevision4476",
    "private document title": "qzxprivatedoctitle4477",
    "private document file": "qzxprivatedocfile4478",
    "unpublished record": "qzxunpublishedrecord4479",
    "contributor's name": "qzxcontributor4480",
    "contributor's email": "qzxmail4481@example.org",
    "contributor's phone": "+994 12 4482 9911",
}
PUBLIC_DOCUMENT = b"qzxpublicdocument5501: a public file of the archive test"
PUBLIC_RECORD = "Qzxarchived Person"


def text(marker):
    return {"az": body(marker), "en": body(marker), "ru": body(marker)}


def titled(name):
    return {"az": f"{name} az", "en": f"{name} en", "ru": f"{name} ru"}


def plant():
    """Everything an anonymous reader cannot see, each with its marker, and a public page
    linking to the documents (the crawler meets the private one and must be refused it)."""
    from django.contrib.auth.models import Group
    from wagtail.documents.models import Document
    from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

    from pages.models import HomePage, StandardPage
    from remembrance.models import Contribution

    home = HomePage.objects.get()
    login = create_page(home, StandardPage, title=titled("Login only"),
                        body=text(MARKERS["login page"]))
    PageViewRestriction.objects.create(page=login, restriction_type=PageViewRestriction.LOGIN)
    create_page(login, StandardPage, title=titled("Below login"),
                body=text(MARKERS["under a private page"]))
    password = create_page(home, StandardPage, title=titled("Password only"),
                           body=text(MARKERS["password page"]))
    PageViewRestriction.objects.create(page=password, password="secret",
                                       restriction_type=PageViewRestriction.PASSWORD)
    group = create_page(home, StandardPage, title=titled("Editors only"),
                        body=text(MARKERS["group page"]))
    restriction = PageViewRestriction.objects.create(
        page=group, restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.set(Group.objects.all()[:1])
    create_page(home, StandardPage, title=titled("Never published"), publish=False,
                body=text(MARKERS["draft"]))
    revised = create_page(home, StandardPage, title=titled("Revised later"),
                          body=text("The published text."))
    revised.body_en = body(MARKERS["unpublished revision"])
    revised.save_revision()

    private = Collection.get_first_root_node().add_child(name="Private papers")
    CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.LOGIN)
    secret = Document.objects.create(
        title=MARKERS["private document title"], collection=private,
        file=ContentFile(MARKERS["private document file"].encode(), name="secret.txt"))
    shared = Document.objects.create(
        title="Public test document", file=ContentFile(PUBLIC_DOCUMENT, name="shared.txt"))
    links = "".join(f'<a linktype="document" id="{doc.pk}">document {doc.pk}</a> '
                    for doc in (secret, shared))
    create_page(home, StandardPage, title=titled("Documents"),
                body={code: [("paragraph", f"<p>{links}</p>")] for code in ("az", "en", "ru")})

    picture = image("Archive test picture")
    shown = [("image", {"image": picture, "alt_text": "qzxpicture alt", "caption": "",
                        "credit": ""})]
    create_page(home, StandardPage, title=titled("Pictured"),
                body=dict.fromkeys(("az", "en", "ru"), shown))

    make_record(publish=True, name_az=PUBLIC_RECORD, name_en=PUBLIC_RECORD,
                name_ru=PUBLIC_RECORD)
    unpublished = make_record(publish=False, name_az=MARKERS["unpublished record"],
                              name_en=MARKERS["unpublished record"],
                              name_ru=MARKERS["unpublished record"])
    Contribution.objects.create(
        record=unpublished, contributor_name=MARKERS["contributor's name"],
        email=MARKERS["contributor's email"], phone=MARKERS["contributor's phone"],
        message="I knew this person.", language="en", consent_given_at=timezone.now(),
    )


def fresh_caches():
    from django.core.cache import cache

    from ops.cache import forget_local_state

    cache.clear()
    forget_local_state()


@pytest.fixture(scope="module")
def archive(django_db_setup, django_db_blocker, tmp_path_factory):
    """(root, report): one full build with the planted rows, which are then rolled back."""
    from preservation import build

    root = tmp_path_factory.mktemp("archive")
    with django_db_blocker.unblock(), override_settings(
        PRESERVATION_ROOT=root, PRESERVATION_BASE_URL=BASE
    ), translation.override("az"):
        fresh_caches()
        with transaction.atomic():
            plant()
            report = build.build(full=True)
            transaction.set_rollback(True)
        fresh_caches()
    yield root, report


def site_dir(root):
    return Path(root) / "current" / "data" / "site"


def warc_file(root):
    return next((Path(root) / "current" / "data" / "warc").glob("*.warc.gz"))


def every_byte(root):
    """Each file under the archive's root, WARCs unpacked: (path, content)."""
    for path in sorted(Path(root).rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            yield path, gzip.decompress(data) if path.suffix == ".gz" else data


def sitemap_urls(root):
    xml = (site_dir(root) / "sitemap.xml").read_text()
    return re.findall(r"<loc>([^<]+)</loc>", xml)


def static_file(root, url):
    from preservation.rewrite import file_path

    return site_dir(root) / file_path(url, "text/html")


# -- what is in it ---------------------------------------------------------------------------
def test_every_page_of_the_sitemap_is_in_the_static_copy_and_the_warc(archive):
    root, report = archive
    urls = sitemap_urls(root)
    assert len(urls) > 60
    for code in ("az", "en", "ru"):
        assert any(urlsplit(url).path.startswith(f"/{code}/") for url in urls)
    cdx = (Path(root) / "current" / "data" / "warc" / "index.cdxj").read_text()
    indexed = {re.search(r'"url": "([^"]+)"', line).group(1) for line in cdx.splitlines()}
    for url in urls:
        page = static_file(root, url)
        assert page.exists(), url
        assert url in indexed, url
        language = urlsplit(url).path.split("/")[1]
        assert f'lang="{language}"' in page.read_text()[:300], url
    assert report.captured == len(indexed)


def test_the_copy_opens_on_the_home_page_and_holds_feeds_sitemaps_and_share_cards(archive):
    root, _report = archive
    site = site_dir(root)
    index = (site / "index.html").read_text()
    assert 'lang="az"' in index and 'href="az/' in index
    assert (site / "sitemap.xml").exists() and (site / "robots.txt").exists()
    feeds = list(site.glob("*/*/feed/*/index.xml"))
    assert len(feeds) == 12  # RSS and Atom of the news and the anniversaries, each language
    assert list(site.glob("*/share/*/*.png"))
    assert (site / "static" / "css" / "portal.css").exists()
    assert list((site / "static" / "vendor" / "noto-serif").glob("*.woff2"))


def test_public_pictures_documents_and_records_are_archived(archive):
    root, _report = archive
    site = site_dir(root)
    pictured = static_file(root, f"{BASE}/en/pictured-en/")
    soup = BeautifulSoup(pictured.read_bytes(), "html.parser")
    sources = [tag["src"] for tag in soup.select("main img")]
    assert sources
    for source in sources:  # the rendition the page shows, not the uploaded original
        assert "media/images/" in source
        assert (pictured.parent / source).resolve().is_file()
    assert not list(site.glob("media/original_images/*"))
    contents = {path.name: data for path, data in every_byte(root)
                if "/data/site/documents/" in str(path)}
    assert PUBLIC_DOCUMENT in contents.values()
    register = [data for path, data in every_byte(root)
                if "/data/site/" in str(path) and path.suffix == ".html"
                and PUBLIC_RECORD.encode() in data]
    assert len(register) >= 6  # the register and the record's own page, in each language


def test_nothing_an_anonymous_reader_cannot_see_leaves(archive):
    root, _report = archive
    found = {}
    for path, data in every_byte(root):
        lowered = data.lower()
        for what, marker in MARKERS.items():
            if marker.lower().encode() in lowered:
                found.setdefault(what, []).append(str(path))
    assert found == {}
    # The crawler's CSRF tokens and cookies are not kept either.
    for path, data in every_byte(root):
        assert b"csrfmiddlewaretoken" not in data, path
        assert b"Set-Cookie" not in data, path


# -- verifiable ------------------------------------------------------------------------------
def test_the_warc_passes_warcio_check(archive):
    root, _report = archive
    warcio = Path(sys.executable).with_name("warcio")
    result = subprocess.run([str(warcio), "check", "-v", str(warc_file(root))],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr
    assert "digest pass" in result.stdout


def test_the_bag_validates_and_says_what_it_is_in_every_language(archive):
    root, _report = archive
    bag = bagit.Bag(str(Path(root) / "current"))
    bag.validate()
    assert "sha256" in bag.algorithms
    readme = (Path(root) / "current" / "README.txt").read_text()
    for words in ("Xocalı", "Khojaly", "Ходжал", "index.html", "bagit", "WARC"):
        assert words.lower() in readme.lower(), words
    assert readme.count(bag.info["Bagging-Date"]) >= 3  # the day it was made, in each language


def linked_files(html_path):
    """Every file a page of the static copy links, loads or styles itself with."""
    soup = BeautifulSoup(html_path.read_bytes(), "html.parser")
    for tag in soup.find_all(True):
        for attribute in ("href", "src", "data-geojson-url"):
            value = tag.get(attribute)
            if value and tag.name not in ("meta",) and "canonical" not in (tag.get("rel") or []):
                yield tag.name, value
        for item in (tag.get("srcset") or "").split(","):
            if item.strip():
                yield tag.name, item.split()[0]


def test_no_internal_link_image_or_stylesheet_is_broken(archive):
    root, _report = archive
    site = site_dir(root)
    broken, checked = [], 0
    for page in site.rglob("*.html"):
        for tag, value in linked_files(page):
            parts = urlsplit(value)
            if parts.scheme or parts.netloc or value.startswith("#"):
                continue
            target = (page.parent / unquote(parts.path)).resolve()
            checked += 1
            if not target.is_file():
                broken.append(f"{page.relative_to(site)}: <{tag}> {value}")
    for sheet in site.rglob("*.css"):
        for value in re.findall(r"url\(['\"]?([^'\")]+)", sheet.read_text()):
            if value.startswith(("data:", "#")):
                continue
            checked += 1
            if not (sheet.parent / urlsplit(value).path).resolve().is_file():
                broken.append(f"{sheet.relative_to(site)}: url({value})")
    assert checked > 1000
    assert broken == []


def test_nothing_is_loaded_from_another_host(archive):
    root, _report = archive
    for page in site_dir(root).rglob("*.html"):
        soup = BeautifulSoup(page.read_bytes(), "html.parser")
        for tag in soup.find_all(["img", "script", "iframe", "video", "audio", "source",
                                  "embed"]):
            assert not urlsplit(tag.get("src", "")).netloc, (page, tag)
        for tag in soup.find_all("link", rel=["stylesheet", "preload", "icon"]):
            assert not urlsplit(tag["href"]).netloc, (page, tag)


@pytest.mark.parametrize("code", ["az", "en", "ru"])
def test_forms_become_a_note_in_the_readers_language(archive, code):
    from pages.models import ContactPage
    from polls.models import PollPage
    from remembrance.models import NamesRegisterPage

    root, _report = archive
    notes = {"az": "arxiv", "en": "archived copy", "ru": "архивн"}
    with translation.override(code):
        urls = [BASE + page.get_url() for page in (ContactPage.objects.get(),
                                                    PollPage.objects.live().first())]
        urls.append(BASE + NamesRegisterPage.objects.get().get_url() + "propose/")
    for url in urls:
        html = static_file(root, url).read_text()
        soup = BeautifulSoup(html, "html.parser")
        assert not [form for form in soup.find_all("form")
                    if (form.get("method") or "").lower() == "post"], url
        note = soup.select_one(".archive-note")
        assert note is not None, url
        assert notes[code] in note.get_text().lower(), url
        assert note.find("a")["href"] == url


# -- kept current ----------------------------------------------------------------------------
def test_publishing_records_what_the_next_build_captures_again(about):
    from wagtail.models import Site

    from pages.models import NewsPage, PortalSettings
    from preservation.models import PendingChange

    PendingChange.objects.all().delete()
    item = NewsPage.objects.live().first()
    item.title_en = "A news item, revised"
    item.save_revision().publish()
    assert set(PendingChange.objects.values_list("page_id", "everywhere")) == {(item.pk, False)}
    PendingChange.objects.all().delete()
    about.title_en = "About the portal (revised)"  # a section: its title is in every menu
    about.save_revision().publish()
    assert PendingChange.objects.filter(everywhere=True).exists()
    PendingChange.objects.all().delete()
    PortalSettings.for_site(Site.objects.get()).save()  # every page's header and footer
    assert PendingChange.objects.filter(everywhere=True).exists()


@pytest.fixture(scope="module")
def settled(archive, django_db_blocker, tmp_path_factory):
    """The module's archive brought up to date once: the planted rows are gone."""
    from preservation import build
    from preservation.models import PendingChange

    root, _report = archive
    copy = tmp_path_factory.mktemp("settled") / "archive"
    shutil.copytree(root, copy, symlinks=True)
    with django_db_blocker.unblock(), override_settings(
        PRESERVATION_ROOT=copy, PRESERVATION_BASE_URL=BASE
    ), translation.override("az"):
        fresh_caches()
        PendingChange.objects.all().delete()
        report = build.build(full=False)
        fresh_caches()
    assert report.removed > 0  # the planted pages, gone with the rollback
    return copy


def test_an_incremental_build_captures_again_only_what_shows_the_change(
        archive, settled, tmp_path):
    from pages.models import NewsPage
    from preservation import build

    _root, full = archive
    copy = tmp_path / "archive"
    shutil.copytree(settled, copy, symlinks=True)
    item = NewsPage.objects.live().order_by("pk").first()
    unchanged = site_dir(copy) / "en" / "links" / "index.html"
    untouched = unchanged.stat().st_mtime_ns
    with override_settings(PRESERVATION_ROOT=copy, PRESERVATION_BASE_URL=BASE):
        from preservation.models import PendingChange

        PendingChange.objects.all().delete()
        item.title_en = "A corrected news title qzxfresh"
        item.save_revision().publish()
        report = build.build(full=False)
    assert not report.full
    assert 0 < report.captured < full.captured / 4
    with translation.override("en"):
        item_url = BASE + item.get_url()
    page = static_file(copy, item_url).read_text()
    assert "A corrected news title qzxfresh" in page
    news_index = static_file(copy, BASE + item.get_parent().specific.get_url()).read_text()
    assert "qzxfresh" in news_index
    feeds = list(site_dir(copy).glob("en/*/feed/rss/index.xml"))
    assert "qzxfresh" in feeds[0].read_text()
    assert unchanged.stat().st_mtime_ns == untouched
    data = gzip.decompress(warc_file(copy).read_bytes())
    assert data.count(b"A corrected news title qzxfresh") >= 2
    bagit.Bag(str(copy / "current")).validate()
    assert not PendingChange.objects.exists()


def test_an_unpublished_page_leaves_the_archive_at_the_next_build(settled, tmp_path):
    from pages.models import NewsPage
    from preservation import build

    copy = tmp_path / "archive"
    shutil.copytree(settled, copy, symlinks=True)
    item = NewsPage.objects.live().order_by("-pk").first()
    with translation.override("ru"):
        url = BASE + item.get_url()
    title = item.title_ru
    assert static_file(copy, url).exists()
    with override_settings(PRESERVATION_ROOT=copy, PRESERVATION_BASE_URL=BASE):
        item.unpublish()
        build.build(full=False)
    assert not static_file(copy, url).exists()
    index = static_file(copy, BASE + "/ru/").read_text()
    assert title not in index
    cdx = (copy / "current" / "data" / "warc" / "index.cdxj").read_text()
    assert f'"url": "{url}"' not in cdx
    assert title.encode() not in gzip.decompress(warc_file(copy).read_bytes())
    bagit.Bag(str(copy / "current")).validate()


# -- upload and retention -------------------------------------------------------------------
def test_upload_keeps_the_newest_builds_and_the_first_of_each_month(archive, tmp_path):
    import tarfile

    from preservation import upload

    root, _report = archive
    bucket = tmp_path / "bucket"
    bucket.mkdir()
    old = ["khojaly-archive-20260105T030000.tar", "khojaly-archive-20260120T030000.tar",
           "khojaly-archive-20260201T030000.tar", "khojaly-archive-20260215T030000.tar"]
    for name in old:
        (bucket / name).write_bytes(b"old")
    storage = {"BACKEND": "django.core.files.storage.FileSystemStorage",
               "OPTIONS": {"location": str(bucket)}}
    with override_settings(PRESERVATION_UPLOAD=storage, PRESERVATION_KEEP_UPLOADS=2):
        name = upload.upload(str(Path(root) / "current"))
    kept = sorted(path.name for path in bucket.iterdir())
    assert kept == ["khojaly-archive-20260105T030000.tar", "khojaly-archive-20260201T030000.tar",
                    "khojaly-archive-20260215T030000.tar", name]
    with tarfile.open(bucket / name) as tar:
        names = tar.getnames()
    assert any(item.endswith("/bagit.txt") for item in names)
    assert any(item.endswith("/data/site/index.html") for item in names)


def test_upload_without_a_storage_says_how_to_set_one():
    from preservation import upload

    with override_settings(PRESERVATION_UPLOAD=None), pytest.raises(RuntimeError) as raised:
        upload.storage()
    assert "PRESERVATION_BUCKET" in str(raised.value)
    assert "PRESERVATION_UPLOAD_DIR" in str(raised.value)


def test_a_build_the_portal_refuses_says_why_and_leaves_no_archive(tmp_path):
    from preservation import build

    with override_settings(PRESERVATION_ROOT=tmp_path,
                           PRESERVATION_BASE_URL="https://unknown-host.example"), \
            pytest.raises(RuntimeError) as raised:
        build.build(full=True)
    assert "answered 400" in str(raised.value)
    assert "ALLOWED_HOSTS" in str(raised.value)
    assert not (tmp_path / "current").exists()
    assert not list((tmp_path / "builds").iterdir())


def test_an_archive_address_the_site_does_not_name_is_warned_about(tmp_path):
    """The sitemap, share cards and offline search name the site's own address: an archive
    built for another one would silently leave them out, so the command says so first."""
    from io import StringIO

    from django.core.management import call_command

    errors = StringIO()
    with override_settings(PRESERVATION_ROOT=tmp_path,
                           PRESERVATION_BASE_URL="https://unknown-host.example"), \
            pytest.raises(CommandError):
        call_command("build_archive", stderr=errors)
    assert "is not the site's own address (http://testserver)" in errors.getvalue()
    assert "set_site_address" in errors.getvalue()
