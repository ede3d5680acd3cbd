"""Building the archive: a full build, or an incremental one after publishing.

``PRESERVATION_ROOT`` holds ``builds/<time>/`` (each a BagIt bag: ``data/site/`` the static copy,
``data/warc/`` the WARC and its CDXJ index), ``current`` (a link to the newest complete build,
which a web server may serve: a full build switches it only once it is complete) and
``state.json`` (what the current build holds: for each address its file, type, the page it
shows, the addresses it names, its byte range in the WARC and its search entry).

A full build asks for the sitemap's pages in every language, each language's home and search
pages, ``robots.txt`` and the sitemap, then for everything they name on the site, recursively.
An incremental build captures again only the addresses that show what changed
(:func:`addresses_to_capture`), drops what an anonymous reader can no longer see, and rewrites
the WARC from the unchanged byte ranges and the new captures.
"""

import fcntl
import json
import os
import posixpath
import resource
import shutil
import time
from collections import deque
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import strip_tags

from core import i18n
from core.restrictions import public
from preservation import bag as bagging
from preservation import rewrite, search
from preservation.capture import Fetcher, Site
from preservation.models import PendingChange
from preservation.warc import Writer, copy_range, read_body, warc_date, write_index

SEARCH_SCRIPT = "preservation/search.js"
FEED_TYPES = {"application/rss+xml", "application/atom+xml"}
REWRITTEN = {"text/html", "text/css"}


def archive_root() -> Path:
    return Path(settings.PRESERVATION_ROOT)


def base_url() -> str:
    """The live site's address the archive names (``PRESERVATION_BASE_URL``, else the default
    site's)."""
    from core import site_root

    configured = getattr(settings, "PRESERVATION_BASE_URL", "")
    if configured:
        return configured.rstrip("/")
    return site_root.root_url()


def address_mismatch() -> str:
    """A warning when ``PRESERVATION_BASE_URL`` is not the address the site names itself by
    (``core.site_root``, ``set_site_address``): the sitemap, the share cards and the offline
    search name the site's own address, so the crawl would leave them out. "" when they agree."""
    from urllib.parse import urlsplit

    from core import site_root

    configured = getattr(settings, "PRESERVATION_BASE_URL", "")
    own = site_root.root_url()
    if not configured or urlsplit(configured).netloc == urlsplit(own).netloc:
        return ""
    return (f"PRESERVATION_BASE_URL ({configured}) is not the site's own address ({own}): the "
            "sitemap's pages, the share cards and what the offline search finds are named by "
            "the site's address and will be missing from the archive. Set the site's address "
            "(manage.py set_site_address) or leave PRESERVATION_BASE_URL unset.")


@dataclass
class Report:
    full: bool
    captured: int = 0
    kept: int = 0
    removed: int = 0
    files: int = 0
    site_bytes: int = 0
    warc_bytes: int = 0
    seconds: float = 0.0
    peak_memory_mb: float = 0.0
    path: str = ""
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        kind = "full" if self.full else "incremental"
        return (
            f"{kind} build in {self.seconds:.1f} s: {self.captured} addresses captured, "
            f"{self.kept} kept, {self.removed} removed; static copy {self.files} files "
            f"{self.site_bytes / 2**20:.1f} MiB, WARC {self.warc_bytes / 2**20:.1f} MiB, "
            f"peak memory {self.peak_memory_mb:.0f} MiB; {self.path}"
        )


@contextmanager
def locked(root: Path):
    """One build at a time (the timer's and an editor's command may meet)."""
    root.mkdir(parents=True, exist_ok=True)
    with open(root / ".lock", "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise RuntimeError("Another archive build is running.") from None
        yield


# -- what to capture -----------------------------------------------------------------------
def search_url(site: Site, code: str) -> str:
    with translation.override(code):
        return site.base + reverse("search")


def seeds(site: Site, fetcher: Fetcher) -> tuple[list[str], list[str]]:
    """Where a full build starts: the sitemap's pages in every language, each language's home
    and search page, the sitemap, robots.txt and the offline search's script; and the pages
    the sitemap lists (what the offline search finds)."""
    found = [site.base + "/", site.base + "/sitemap.xml", site.base + "/robots.txt",
             site.static_url.rstrip("/") + "/" + SEARCH_SCRIPT]
    for code in i18n.language_codes():
        found += [f"{site.base}/{code}/", search_url(site, code)]
    sitemap = fetcher.fetch(site.base + "/sitemap.xml")
    listed = sitemap_urls(sitemap.body, site) if sitemap is not None else []
    found += listed
    urls = list(dict.fromkeys(url for url in (site.absolute(u) or "" for u in found) if url))
    return urls, listed


def sitemap_urls(body: bytes, site: Site) -> list[str]:
    from xml.etree import ElementTree

    names = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    tree = ElementTree.fromstring(body)
    return [site.absolute(loc.text.strip()) or "" for loc in tree.iterfind(".//s:loc", names)
            if loc.text]


def live_public_pages() -> set[int]:
    from wagtail.models import Page

    return set(public(Page.objects.live()).values_list("pk", flat=True))


def page_urls(site: Site, pages) -> set[str]:
    """Every language's address of the pages."""
    urls = set()
    for page in pages:
        for code in i18n.language_codes():
            with translation.override(code):
                url = page.get_url()
            if url:
                urls.add(site.absolute(url) or "")
    return urls - {""}


def addresses_to_capture(state: dict, site: Site, changed: set[int], gone: set[int]) -> set[str]:
    """What shows the changed pages: their addresses as they were and as they are (with the
    citation files and share cards only they name), every
    address that names one of them (the lists they are in, the home page's latest items, pages
    citing them), their ancestors (a list they left, a section that counts them), each of those
    with all its list pages, the feeds and the sitemap."""
    from wagtail.models import Page

    entries = state["entries"]
    pages = list(Page.objects.filter(pk__in=changed - gone).specific())
    ancestors = {ancestor for page in pages
                 for ancestor in page.get_ancestors().filter(depth__gt=1).specific()}
    shown = {url for url, entry in entries.items() if entry.get("page") in changed | gone}
    # What only these pages name and no page owns: their citation files and share cards.
    shown |= {link for url in shown for link in entries[url].get("links", ())
              if link in entries and not entries[link].get("page") and not site.is_file(link)
              and entries[link].get("type") not in REWRITTEN}
    shown |= page_urls(site, pages)
    dirty = shown | page_urls(site, ancestors)
    dirty |= {url for url, entry in entries.items() if shown & set(entry.get("links", ()))}
    dirty |= {url for url, entry in entries.items()
              if entry.get("type") in FEED_TYPES or url.endswith(("/sitemap.xml", "/robots.txt"))}
    paths = {url.split("?")[0] for url in dirty}
    dirty |= {url for url in entries if url.split("?")[0] in paths}
    return dirty


# -- capturing ----------------------------------------------------------------------------
class Crawl:
    """Captures addresses (and what they name, when it is not in the archive yet) into a WARC,
    writing the files the static copy holds as they are."""

    def __init__(self, site: Site, site_dir: Path, writer: Writer, entries: dict, listed=()):
        self.site = site
        self.listed = set(listed)
        self.site_dir = site_dir
        self.writer = writer
        self.entries = entries
        self.fetcher = Fetcher(site)
        self.captured: set[str] = set()
        self.failed: set[str] = set()

    def run(self, urls, follow_known: bool) -> None:
        queue = deque(dict.fromkeys(urls))
        queued = set(queue)
        while queue:
            url = queue.popleft()
            links = self.capture(url)
            for link in links:
                if link in queued or (not follow_known and link in self.entries):
                    continue
                queued.add(link)
                queue.append(link)

    def capture(self, url: str) -> list[str]:
        capture = self.fetcher.fetch(url)
        if capture is None:
            self.failed.add(url)
            self.entries.pop(url, None)
            return []
        entry = {"type": capture.content_type, "status": capture.status}
        links: list[str] = []
        if capture.location:
            entry["location"] = capture.location
            links = [capture.location]
        elif capture.is_html:
            soup = rewrite.parse(capture.body)
            if rewrite.replace_forms(soup, url):
                capture.body = str(soup).encode("utf-8")
            links = [self.site.absolute(value, url) for _tag, _attr, value in
                     rewrite.html_links(soup)]
            if url in self.listed or (capture.item and capture.status == 200
                                      and not urlsplit(url).query):
                entry["doc"] = document(soup)
        elif capture.content_type == "text/css":
            text = capture.body.decode("utf-8", "replace")
            links = [self.site.absolute(value, url) for value in rewrite.css_links(text)]
        links = list(dict.fromkeys(link for link in links if link))
        entry["links"] = links
        if capture.page_id:
            entry["page"] = capture.page_id
        if capture.item:
            entry["item"] = capture.item
        if capture.status == 200:
            entry["path"] = rewrite.file_path(url, capture.content_type)
            if capture.content_type not in REWRITTEN:
                write_file(self.site_dir / entry["path"], capture.body)
        start, end = self.writer.capture(capture)
        entry["range"] = [start, end]
        self.entries[url] = entry
        self.captured.add(url)
        return links


def document(soup) -> dict:
    """What the offline search keeps of a page: its heading, main text and description."""
    main = soup.find("main") or soup
    heading = main.find("h1")
    text = " ".join(main.get_text(" ").split())
    description = soup.find("meta", attrs={"name": "description"})
    summary = description.get("content", "") if description else ""
    return {
        "title": " ".join(heading.get_text(" ").split()) if heading else "",
        "title_language": (heading.get("lang") if heading else "") or rewrite.page_language(soup),
        "language": rewrite.page_language(soup),
        "text": text,
        "snippet": summary or search.snippet(text),
    }


def write_file(path: Path, body: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".part")
    temporary.write_bytes(body)
    os.replace(temporary, path)


# -- the static copy's pages ---------------------------------------------------------------
def write_pages(state: dict, site: Site, build_dir: Path, urls) -> None:
    """Writes the pages and style sheets of ``urls`` into the static copy with relative links;
    the search pages get the offline search; the copy's own index.html is the home page the
    site's root leads to."""
    entries = state["entries"]
    paths = {url: entry["path"] for url, entry in entries.items() if entry.get("path")}
    redirects = {url: entry["location"] for url, entry in entries.items()
                 if entry.get("location")}
    site_dir = build_dir / "data" / "site"
    linker = rewrite.Linker(site, paths, redirects,
                            read=lambda path: (site_dir / path).read_bytes())
    search_pages = {search_url(site, code) for code in i18n.language_codes()}
    root_target = linker.resolve(site.base + "/")
    root_url = next((url for url, path in paths.items() if path == root_target), None)
    with open(build_dir / state["warc"], "rb") as warc:
        for url in sorted(urls):
            entry = entries.get(url)
            if not entry or entry.get("type") not in REWRITTEN or not entry.get("path"):
                continue
            body = read_body(warc, entry["range"][0])
            targets = [entry["path"]] + (["index.html"] if url == root_url else [])
            for target in targets:
                if entry["type"] == "text/css":
                    text = linker.rewrite_css(body.decode("utf-8", "replace"), url, target)
                    write_file(site_dir / target, text.encode("utf-8"))
                    continue
                soup = rewrite.parse(body)
                linker.rewrite_html(soup, url, target)
                if url in search_pages:
                    add_offline_search(soup, site, target, paths)
                write_file(site_dir / target, str(soup).encode("utf-8"))


def add_offline_search(soup, site: Site, target: str, paths: dict) -> None:
    form = soup.select_one(".search-page form") or soup.find("main")
    script = paths.get(site.static_url.rstrip("/") + "/" + SEARCH_SCRIPT, "")
    with translation.override(rewrite.page_language(soup) or None):
        html = render_to_string("preservation/search_offline.html", {
            "root": rewrite.relative(".", target).rstrip("/") + "/" if "/" in target else "",
            "script": rewrite.relative(script, target),
        })
    form.insert_after(rewrite.parse(html.encode("utf-8")))


def write_search_indexes(state: dict, site: Site, build_dir: Path) -> None:
    """One index per language beside its search page, from the pages the sitemap lists and
    the items pages show at addresses of their own (the names register's records), which the
    live search finds too."""
    from wagtail.models import Page

    from core.search import leads_of

    entries = state["entries"]
    listed = set(state.get("listed", ()))
    documents = {url: entry for url, entry in entries.items()
                 if (url in listed or entry.get("item")) and entry.get("doc")
                 and entry.get("page")}
    page_ids = {entry["page"] for entry in documents.values()}
    pages = list(Page.objects.filter(pk__in=page_ids).only("pk", "content_type"))
    prominence = {page.pk: getattr(page.specific_class, "search_prominence", 0)
                  for page in pages}
    leads = leads_of(pages)

    def thing(entry):  # the same page, or item of a page, in every language
        return entry["page"], entry.get("item", "")

    titles: dict[tuple, dict[str, str]] = {}
    for entry in documents.values():
        titles.setdefault(thing(entry), {})[entry["doc"]["language"]] = entry["doc"]["title"]
    for code in i18n.language_codes():
        items = []
        for _url, entry in sorted(documents.items()):
            doc = entry["doc"]
            if doc["language"] != code:
                continue
            own = not entry.get("item")
            items.append({
                "url": entry["path"], "title": doc["title"],
                "title_language": doc["title_language"], "snippet": doc["snippet"],
                "prominence": prominence.get(entry["page"], 0) if own else 0,
                "titles": [title for language, title in sorted(titles[thing(entry)].items())
                           if language != code],
                "lead": strip_tags(leads.get(entry["page"], "")) if own else "",
                "text": doc["text"],
            })
        search_entry = entries.get(search_url(site, code))
        if not search_entry or not search_entry.get("path"):
            continue
        folder = posixpath.dirname(search_entry["path"])
        with translation.override(code):
            index = search.build_index(items, code)
        write_file(build_dir / "data" / "site" / folder / "search-index.js",
                   search.index_script(index).encode("utf-8"))


# -- the whole build -----------------------------------------------------------------------
def build(full: bool = True, now: datetime | None = None) -> Report:
    """A full build, or an incremental one (``full=False``) from the announced changes; an
    incremental build without a previous build, or after a change every page shows, is full."""
    root = archive_root()
    with locked(root):
        started = time.monotonic()
        now = now or timezone.now()
        state = load_state(root)
        pending = list(PendingChange.objects.values_list("pk", "page_id", "everywhere"))
        last = max((pk for pk, _page, _all in pending), default=0)
        if not full and (state is None or any(everywhere for _pk, _page, everywhere in pending)):
            full = True
        report = Report(full=full)
        site = Site(base_url())
        if full:
            build_dir, state = full_build(root, site, now, report)
        else:
            changed = {page for _pk, page, _all in pending if page}
            build_dir = incremental_build(root, site, state, changed, now, report)
        # What was announced while this build ran waits for the next one.
        PendingChange.objects.filter(pk__lte=last).delete()
        report.seconds = time.monotonic() - started
        report.peak_memory_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        report.path = str(build_dir)
        site_dir = build_dir / "data" / "site"
        sizes = [path.stat().st_size for path in site_dir.rglob("*") if path.is_file()]
        report.files, report.site_bytes = len(sizes), sum(sizes)
        report.warc_bytes = (build_dir / state["warc"]).stat().st_size
        return report


def full_build(root: Path, site: Site, now: datetime, report: Report):
    stamp = now.strftime("%Y%m%dT%H%M%S")
    build_dir = root / "builds" / stamp
    if build_dir.exists():
        shutil.rmtree(build_dir)
    bag = bagging.start(build_dir)
    state = {"entries": {}, "base_url": site.base, "built_at": now.isoformat(),
             "build": build_dir.name}
    entries = state["entries"]
    start_urls, state["listed"] = seeds(site, Fetcher(site))
    warc_name = warc_file_name(now)
    state["warc"] = f"data/warc/{warc_name}"
    (build_dir / "data" / "warc").mkdir(parents=True, exist_ok=True)
    with open(build_dir / state["warc"], "wb") as handle:
        writer = Writer(handle, now)
        writer.info(warc_name, warc_info(site, now))
        crawl = Crawl(site, build_dir / "data" / "site", writer, entries, state["listed"])
        crawl.run(start_urls, follow_known=False)
    home = f"{site.base}/{settings.LANGUAGE_CODE}/"
    if home not in entries:
        shutil.rmtree(build_dir, ignore_errors=True)
        status = crawl.fetcher.refused.get(home, "no answer")
        raise RuntimeError(
            f"The portal answered {status} for {home}: nothing was archived. Is the host of "
            "PRESERVATION_BASE_URL in ALLOWED_HOSTS, and is it the address of a site?"
        )
    finish(state, site, build_dir, bag, entries.keys(), now)
    report.captured = len(crawl.captured)
    switch_current(root, build_dir)
    save_state(root, state)
    return build_dir, state


def incremental_build(root: Path, site: Site, state: dict, changed: set[int], now, report):
    build_dir = (root / "current").resolve()
    entries = state["entries"]
    visible = live_public_pages()
    gone = {entry["page"] for entry in entries.values()
            if entry.get("page") and entry["page"] not in visible}
    if not changed and not gone:
        report.kept = len(entries)
        return build_dir
    state["listed"] = seeds(site, Fetcher(site))[1]  # a new page is searched offline too
    dirty = addresses_to_capture(state, site, changed, gone)
    old_warc = build_dir / state["warc"]
    warc_name = warc_file_name(now)
    new_warc = build_dir / "data" / "warc" / warc_name
    kept = {url: entry for url, entry in entries.items() if url not in dirty}
    state["entries"] = kept
    with open(old_warc, "rb") as source, open(new_warc.with_suffix(".part"), "wb") as handle:
        writer = Writer(handle, now)
        writer.info(warc_name, warc_info(site, now))
        for entry in kept.values():
            entry["range"] = list(copy_range(source, handle, *entry["range"]))
        crawl = Crawl(site, build_dir / "data" / "site", writer, kept, state.get("listed", ()))
        crawl.run(sorted(dirty), follow_known=False)
    os.replace(new_warc.with_suffix(".part"), new_warc)
    if old_warc != new_warc:
        old_warc.unlink()
    state["warc"] = f"data/warc/{warc_name}"
    removed = {url for url in dirty if url not in kept}
    for url in removed:
        old_path = entries[url].get("path") if url in entries else None
        if old_path:
            (build_dir / "data" / "site" / old_path).unlink(missing_ok=True)
    finish(state, site, build_dir, bagging.open_bag(build_dir), crawl.captured, now)
    state["built_at"] = now.isoformat()
    save_state(root, state)
    report.captured, report.removed = len(crawl.captured), len(removed)
    report.kept = len(kept) - len(crawl.captured)
    return build_dir


def finish(state, site, build_dir, bag, rewritten_urls, now) -> None:
    """Pages with relative links, the search indexes, the CDXJ index, the README, the bag."""
    write_pages(state, site, build_dir, rewritten_urls)
    write_search_indexes(state, site, build_dir)
    warc_dir = build_dir / "data" / "warc"
    write_index(build_dir / state["warc"], warc_dir / "index.cdxj")
    bagging.finish(bag, build_dir, site, now, state)


def warc_file_name(now: datetime) -> str:
    return f"khojaly-{now.strftime('%Y%m%d%H%M%S')}.warc.gz"


def warc_info(site: Site, now: datetime) -> dict:
    return {
        "software": f"Khojaly memorial portal, release {settings.PORTAL_RELEASE}",
        "format": "WARC File Format 1.1",
        "conformsTo": "http://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/",
        "isPartOf": site.base,
        "description": "Every page an anonymous reader can see, in every language.",
        "robots": "not applicable: the portal's own content",
        "http-header-user-agent": "khojaly-preservation",
        "date": warc_date(now),
    }


def switch_current(root: Path, build_dir: Path) -> None:
    """Points ``current`` at the new build in one step, then removes the older builds."""
    link = root / "current"
    temporary = root / "current.part"
    temporary.unlink(missing_ok=True)
    temporary.symlink_to(build_dir.relative_to(root))
    os.replace(temporary, link)
    for old in (root / "builds").iterdir():
        if old != build_dir:
            shutil.rmtree(old, ignore_errors=True)


def load_state(root: Path) -> dict | None:
    """What the current build holds; None without one, or when the state describes another
    build (a build stopped between switching and saving): the next build is then full."""
    path = root / "state.json"
    if not path.exists() or not (root / "current").exists():
        return None
    state = json.loads(path.read_text())
    return state if state.get("build") == (root / "current").resolve().name else None


def save_state(root: Path, state: dict) -> None:
    write_file(root / "state.json", json.dumps(state, ensure_ascii=False).encode("utf-8"))
