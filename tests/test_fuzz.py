"""Thousands of generated requests at every public URL in every language: never a 5xx.

Hypothesis builds each request from a real address of the portal (every live page in every
language, the routes of routable pages and every argument-free URL pattern) and damages it:
Unicode and control characters, over-long paths and query strings, bad percent-encoding, NUL
bytes, unknown language prefixes, bad page numbers and filter values, other HTTP methods, odd
Host and Accept-Language headers. The example budget is fixed and derandomised for CI.
"""

import os
import re
from urllib.parse import quote

from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page

LANGUAGES = [code for code, _name in settings.LANGUAGES]
# make test-quick asks for fewer (FUZZ_EXAMPLES); make test for all of them.
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "2100"))
QUERY_KEYS = ["page", "tag", "year", "kind", "language", "q", "lang", "format", "p"]


def argument_free_routes():
    """Every named URL pattern outside the admin that takes no arguments, in each language."""
    names = []

    def walk(patterns):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace and pattern.namespace.startswith("wagtail"):
                    continue
                if "admin" in str(pattern.pattern):
                    continue
                walk(pattern.url_patterns)
            elif (
                isinstance(pattern, URLPattern)
                and pattern.name
                and not pattern.pattern.regex.groupindex
                and "(" not in str(pattern.pattern)
            ):
                names.append(pattern.name)

    walk(get_resolver().url_patterns)
    urls = set()
    for name in names:
        for language in LANGUAGES:
            with translation.override(language):
                try:
                    urls.add(reverse(name))
                except Exception:  # noqa: BLE001 - patterns that need kwargs are not targets
                    continue
    return urls


def page_routes():
    urls = set()
    for page in Page.objects.live().public().specific():
        for language in LANGUAGES:
            with translation.override(language):
                url = page.get_url()
                if not url:
                    continue
                urls.add(url)
                if isinstance(page, RoutablePageMixin):
                    for route in page.get_subpage_urls():
                        if route.pattern.regex.groupindex:
                            continue
                        try:
                            urls.add(url.rstrip("/") + page.reverse_subpage(route.name))
                        except Exception:  # noqa: BLE001 - routes with arguments
                            continue
    return sorted(urls)


text = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), min_size=0, max_size=40
)
nasty_fragment = st.sampled_from(
    ["%", "%ZZ", "%FF%FE", "%00", "%C3%28", "%E2%82", "..", "//", "\\", "\x00", "\x7f", "%2e%2e",
     "<script>alert(1)</script>", "' OR 1=1 --", "😀", "ı İ ə", "Ё", "\u202e", " ", "?", "#"]
)
segment = st.one_of(text.map(lambda value: quote(value, safe="")), nasty_fragment)
query_value = st.one_of(
    text,
    nasty_fragment,
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.sampled_from(["0", "-1", "1e9", "NaN", "inf", "1.5", "", "9" * 400]),
)


@st.composite
def requests(draw, targets):
    base = draw(st.sampled_from(targets))
    mutation = draw(st.sampled_from(["none", "suffix", "prefix", "long", "replace"]))
    path = base
    if mutation == "suffix":
        path = base.rstrip("/") + "/" + "/".join(draw(st.lists(segment, min_size=1, max_size=3)))
    elif mutation == "prefix":
        prefix = draw(st.one_of(st.sampled_from(["xx", "fr", "AZ", "En", "a", "azz", ""]), text))
        path = re.sub(r"^/[a-z]{2}/", "/" + quote(prefix, safe="") + "/", base)
    elif mutation == "long":
        path = base + "a" * draw(st.integers(min_value=1000, max_value=9000))
    elif mutation == "replace":
        path = "/" + "/".join(draw(st.lists(segment, min_size=0, max_size=4)))
    pairs = draw(
        st.lists(st.tuples(st.sampled_from(QUERY_KEYS), query_value), min_size=0, max_size=4)
    )
    query = "&".join(f"{quote(key)}={quote(value, safe='%')}" for key, value in pairs)
    if draw(st.booleans()) and draw(st.booleans()):
        query += "&q=" + "x" * draw(st.integers(min_value=1000, max_value=5000))
    method = draw(st.sampled_from(["GET", "GET", "GET", "HEAD", "POST", "PUT", "DELETE",
                                   "OPTIONS", "PATCH", "TRACE"]))
    host = draw(st.sampled_from(["testserver", "testserver", "evil.example", "", "127.0.0.1:1",
                                 "testserver:99999", "[::1", "a" * 300]))
    accept_language = draw(st.one_of(
        st.sampled_from(["", "az", "ru-RU,ru;q=0.9", "en;q=abc", "*", "zz-ZZ", "q=0.5", "ı"]),
        text,
    ))
    return method, path + ("?" + query if query else ""), host, accept_language


def test_every_public_url_answers_sensibly_under_fuzzing(db):
    targets = sorted(argument_free_routes() | set(page_routes()) | {"/"})
    assert len(targets) >= 3 * 3  # every page in every language at least
    client = Client(raise_request_exception=True)
    seen = {"count": 0}

    @hypothesis_settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(requests(targets))
    def check(request):
        method, path, host, accept_language = request
        seen["count"] += 1
        extra = {"HTTP_ACCEPT_LANGUAGE": accept_language}
        if host:
            extra["HTTP_HOST"] = host
        response = client.generic(method, path, **extra)
        assert response.status_code < 500, (method, path, host, response.status_code)
        language = re.match(r"^/(az|en|ru)/", path)
        content_type = response.get("Content-Type", "")
        if 400 <= response.status_code < 500 and language and "html" in content_type:
            body = response.content.decode("utf-8", "replace")
            if body.strip():
                assert f'<html lang="{language.group(1)}"' in body, (method, path)

    check()
    assert seen["count"] >= EXAMPLES * 0.95  # Hypothesis ran (nearly) all it was asked for
