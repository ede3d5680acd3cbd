"""Capturing what an anonymous reader of the live site receives, URL by URL.

Pages, feeds, sitemaps, share cards, "cite this page" downloads and documents are asked of the
portal itself through Django's test client (every middleware, the page cache, the privacy checks
of pages and of document collections), with no cookie and no session: what the archive holds is
what an anonymous reader is given, nothing more. Static files and pictures are read from their
storage, as the web server or the object storage serves them to readers (``ops.media`` says
which uploaded files are public pictures).

Every answer but a 200 or a redirect to another address of the site is left out.
"""

import mimetypes
import posixpath
import re
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, unquote, urlencode, urljoin, urlsplit, urlunsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.files.storage import default_storage
from django.test import Client

from ops.media import is_public_picture

# Paths that are never an anonymous reader's: the admin and its login, health checks, the
# password and login forms of private pages.
EXCLUDED_PREFIXES = ("/admin/", "/django-admin/", "/healthz", "/readyz", "/_util/")
# Query strings kept: a list's pages. Searches, filters and form pre-fills are left to the site.
KEPT_QUERY = re.compile(r"^page=[0-9]{1,6}$")
REDIRECTS = {301, 302, 303, 307, 308}


@dataclass
class Capture:
    """One response as the archive keeps it."""

    url: str
    status: int
    headers: list[tuple[str, str]]
    body: bytes
    content_type: str = ""
    page_id: int | None = None
    # What of the page it shows, when a page shows items at addresses of their own (a record of
    # the names register): the route's arguments but the slug, "" for the page itself.
    item: str = ""
    location: str = ""  # where a redirect leads (absolute)
    links: list[str] = field(default_factory=list)  # internal URLs it names, absolute

    @property
    def is_html(self) -> bool:
        return self.content_type == "text/html"


def media_type(value: str) -> str:
    return (value or "").split(";")[0].strip().lower()


class Site:
    """The live site's address, and how an address of it maps to a capture."""

    def __init__(self, base_url: str):
        parts = urlsplit(base_url)
        self.scheme = parts.scheme or "https"
        self.netloc = parts.netloc
        self.base = f"{self.scheme}://{self.netloc}"
        self.static_url = urljoin(self.base + "/", settings.STATIC_URL)
        self.media_url = urljoin(self.base + "/", settings.MEDIA_URL)

    def absolute(self, url: str, base: str | None = None) -> str | None:
        """``url`` (as written in a page at ``base``) as an absolute address the archive may
        hold, without its fragment; None when it is another site's, not http(s), excluded, or
        asks what the archive does not keep (a search, a filter)."""
        url = (url or "").strip()
        if not url or url.startswith(("#", "mailto:", "tel:", "javascript:", "data:")):
            return None
        joined = urljoin(base or self.base + "/", url)
        parts = urlsplit(joined)
        if parts.scheme not in ("http", "https"):
            return None
        if joined.startswith((self.static_url, self.media_url)):
            return urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))
        if parts.netloc != self.netloc:
            return None
        if parts.path.startswith(EXCLUDED_PREFIXES):
            return None
        query = parts.query
        if query and not KEPT_QUERY.match(query):
            return None
        return urlunsplit((self.scheme, self.netloc, parts.path or "/", query, ""))

    def is_file(self, url: str) -> str | None:
        """"static" or "media" for a file read from storage, else None (asked of the site)."""
        if url.startswith(self.static_url):
            return "static"
        if url.startswith(self.media_url):
            return "media"
        return None


class Fetcher:
    """Asks the portal, as an anonymous reader, for one address at a time."""

    def __init__(self, site: Site):
        self.site = site
        self.client = Client(
            HTTP_HOST=site.netloc,
            HTTP_ACCEPT_LANGUAGE=settings.LANGUAGE_CODE,
            HTTP_USER_AGENT="khojaly-preservation (static copy and WARC)",
        )
        self.refused: dict[str, int] = {}  # address -> the status it answered

    def fetch(self, url: str) -> Capture | None:
        kind = self.site.is_file(url)
        if kind:
            return self._file(url, kind)
        return self._ask(url)

    def _ask(self, url: str) -> Capture | None:
        parts = urlsplit(url)
        self.client.cookies.clear()  # never a session, never a reader's cookie
        response = self.client.get(
            unquote(parts.path), dict(parse_qsl(parts.query)),
            secure=self.site.scheme == "https",
        )
        # The test client closes the response itself (keeping the database connection).
        if getattr(response, "streaming", False):
            body = b"".join(response.streaming_content)
        else:
            body = response.content
        status = response.status_code
        location = ""
        if status in REDIRECTS:
            location = self.site.absolute(response.get("Location", ""), url) or ""
            if not location:
                return None
        elif status != 200:
            self.refused[url] = status
            return None
        route = getattr(response.wsgi_request, "portal_route", None)  # core.routing
        headers = [(name, value) for name, value in response.items()
                   if name.lower() not in ("set-cookie", "x-cache")]
        return Capture(
            url=url, status=status, headers=headers, body=body,
            content_type=media_type(response.get("Content-Type", "")),
            page_id=route.page.pk if route is not None and status == 200 else None,
            location=location, item=route_item(route) if status == 200 else "",
        )

    def _file(self, url: str, kind: str) -> Capture | None:
        if kind == "static":
            name = unquote(url[len(self.site.static_url):])
            body = _read_static(name)
        else:
            name = unquote(url[len(self.site.media_url):])
            body = _read_media(name) if is_public_picture(name) else None
        if body is None:
            return None
        content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
        if content_type.startswith("text/") or content_type in (
            "application/javascript", "text/javascript", "application/json"
        ):
            content_type_header = f"{content_type}; charset=utf-8"
        else:
            content_type_header = content_type
        headers = [("Content-Type", content_type_header), ("Content-Length", str(len(body)))]
        return Capture(url=url, status=200, headers=headers, body=body,
                       content_type=content_type)


def route_item(route) -> str:
    """The route's arguments that name an item of its page ("record_id=12"), "" for none."""
    if route is None:
        return ""
    named = {name: value for name, value in (route.kwargs or {}).items() if name != "slug"}
    parts = [str(value) for value in route.args or ()]
    parts += [f"{name}={value}" for name, value in sorted(named.items())]
    return "&".join(parts)


def _safe_name(name: str) -> bool:
    normal = posixpath.normpath(name)
    return bool(name) and not normal.startswith(("../", "/")) and normal != ".."


def _read_static(name: str) -> bytes | None:
    if not _safe_name(name):
        return None
    try:
        if staticfiles_storage.exists(name):
            with staticfiles_storage.open(name) as handle:
                return handle.read()
    except Exception:  # a storage without the file (no collectstatic in development)
        pass
    found = finders.find(name)
    if found:
        with open(found, "rb") as handle:
            return handle.read()
    return None


def _read_media(name: str) -> bytes | None:
    if not _safe_name(name) or not default_storage.exists(name):
        return None
    with default_storage.open(name) as handle:
        return handle.read()


def page_query(url: str) -> str:
    """The list page a URL asks for ("" for the first)."""
    return dict(parse_qsl(urlsplit(url).query)).get("page", "")


def with_page(url: str, number: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(query=urlencode({"page": number}) if number else ""))
