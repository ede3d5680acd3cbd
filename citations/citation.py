"""The portal's one way to cite: a work (a resource, a page, a register record) written in the
reader's language with the source's own title, and the same work as BibTeX, RIS and CSL-JSON.

It imports no page type: callers describe what they cite as a :class:`Work`. The access date
is always passed in (the view gives today's date), never assumed here.
"""

import datetime
import json
import re
from dataclasses import dataclass, field

from django.utils import translation
from django.utils.translation import gettext

from core import i18n
from core.dates import DatePrecision, date_attribute, written_date


@dataclass
class Work:
    """What a citation needs. ``title`` is in the reader's language (``title_language``);
    ``original_title`` is the title as published, when the work has one of its own."""

    title: str
    title_language: str = ""
    original_title: str = ""
    original_language: str = ""
    original_language_label: str = ""
    described: bool = False  # the title describes an untitled work: shown in brackets
    # The reader's title after the work's own ("[...]"): off where ``title`` is a catalogue
    # label rather than a translation of the title (resource pages).
    show_translated_title: bool = True
    authors: tuple = ()
    publisher: str = ""
    container: str = ""  # the site the page belongs to
    date: datetime.date | None = None
    precision: str = DatePrecision.DAY
    version_date: datetime.date | None = None  # last published
    url: str = ""  # the permanent address
    archive_url: str = ""
    kind: str = "webpage"  # a CSL type: webpage, report, book, article, ...
    key: str = ""  # BibTeX key / RIS ID
    notes: list = field(default_factory=list)


@dataclass
class Segment:
    """A piece of the plain citation and the language it is written in ("" = the reader's)."""

    text: str
    language: str = ""


def _day(value):
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        from django.utils import timezone

        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def _full_stop(text):
    """Ends a part with a full stop unless it already ends with one (or ? or !)."""
    return text if text.endswith((".", "?", "!")) else text + "."


def segments(work: Work, language: str, accessed: datetime.date | None = None) -> list:
    """The citation in ``language`` as segments, each with the language it is written in,
    so a page can mark the publisher or the original title with their own ``lang``."""
    with translation.override(language):
        out = []
        if work.authors:
            out.append(Segment(_full_stop(", ".join(work.authors)), work.original_language
                               if work.original_language in i18n.language_codes() else ""))
            out.append(Segment(" "))
        original_language = work.original_language if work.original_language not in (
            "", "other") else ""
        if work.original_title and work.original_title != work.title:
            out.append(Segment(gettext("“%(title)s”") % {"title": work.original_title},
                               original_language))
            if work.show_translated_title:
                out.append(Segment(" ["))
                out.append(Segment(work.title, work.title_language))
                out.append(Segment("]"))
        elif work.described:
            out.append(Segment(f"[{work.title}]", work.title_language))
        else:
            out.append(Segment(gettext("“%(title)s”") % {"title": work.title},
                               work.title_language))
        out.append(Segment(". "))
        if work.container:
            out.append(Segment(_full_stop(work.container) + " "))
        date = written_date(language, work.date, work.precision) if work.date else gettext(
            "n.d.")
        if work.publisher:
            publisher_language = work.original_language if work.original_language not in (
                "", "other") else ""
            out.append(Segment(work.publisher, publisher_language))
            out.append(Segment(_full_stop(f", {date}")))
        else:
            out.append(Segment(_full_stop(date)))
        if work.original_language_label and work.original_language != language:
            label = str(work.original_language_label)
            if language in ("az", "ru"):  # language names are lower case inside a sentence
                label = label[:1].replace("İ", "i").lower() + label[1:]
            out.append(Segment(" " + gettext("Original language: %(language)s.") % {
                "language": label}))
        version = _day(work.version_date)
        if version:
            out.append(Segment(" " + gettext("Version of %(date)s.") % {
                "date": written_date(language, version, DatePrecision.DAY)}))
        if work.url and work.archive_url:
            out.append(Segment(" " + gettext("Online: %(url)s (archived copy: %(archive)s)") % {
                "url": work.url, "archive": work.archive_url}))
        elif work.url:
            out.append(Segment(" " + gettext("Online: %(url)s") % {"url": work.url}))
        elif work.archive_url:
            out.append(Segment(" " + gettext("Archived copy: %(url)s") % {
                "url": work.archive_url}))
        if accessed and (work.url or work.archive_url):
            out.append(Segment(" " + gettext("(accessed %(date)s)") % {
                "date": written_date(language, _day(accessed), DatePrecision.DAY)} + "."))
    return out


def reference_segments(text: str, language: str, text_language: str = "",
                       url: str = "") -> list:
    """A source known only by the words that cite it (a free-text reference, a source of the
    names register), written as the editor gave it, with its address: the same shape and
    punctuation as :func:`segments`, for a bibliography that mixes both."""
    with translation.override(language):
        out = [Segment(_full_stop(re.sub(r"\s+", " ", text).strip()), text_language
                       if text_language != language else "")]
        if url:
            out.append(Segment(" " + gettext("Online: %(url)s") % {"url": url}))
    return out


def plain(work: Work, language: str, accessed: datetime.date | None = None) -> str:
    """The citation as one line of text in ``language``."""
    text = "".join(segment.text for segment in segments(work, language, accessed))
    return re.sub(r"\s+", " ", text).replace(" .", ".").strip()


# Machine-readable formats.

BIBTEX_TYPES = {"book": "book", "report": "techreport", "article-journal": "article"}
RIS_TYPES = {"book": "BOOK", "report": "RPRT", "article-journal": "JOUR", "article": "GEN",
             "webpage": "ELEC", "interview": "GEN"}


def _key(work):
    if work.key:
        return re.sub(r"[^A-Za-z0-9_-]", "", work.key) or "portal"
    return "portal"


def _bibtex_escape(text):
    """A value safe inside BibTeX braces: no brace or backslash (a value could otherwise
    close its field and add others), LaTeX's special characters escaped, one line."""
    text = _one_line(text)
    for char in "\\{}":
        text = text.replace(char, "")
    for char in "&%$#_":
        text = text.replace(char, "\\" + char)
    return text


def bibtex(work: Work, accessed: datetime.date | None = None) -> str:
    """One BibTeX entry (biblatex fields ``urldate`` and ``date`` beside ``year``)."""
    entry_type = BIBTEX_TYPES.get(work.kind, "misc")
    fields = [("title", work.title)]
    if work.original_title and work.original_title != work.title:
        fields.append(("origtitle", work.original_title))
    # Each author in braces of its own (a body's name, not "last, first"), escaped as every
    # value is: the site's name, which translators write, is the author of its pages.
    if work.authors:
        fields.append(("author", " and ".join(f"{{{_bibtex_escape(a)}}}"
                                               for a in work.authors)))
    elif work.container:
        fields.append(("author", f"{{{_bibtex_escape(work.container)}}}"))
    if work.publisher:
        fields.append(("institution" if entry_type == "techreport" else "publisher",
                       work.publisher))
    elif work.container:
        fields.append(("howpublished", work.container))
    if work.date:
        fields.append(("year", str(work.date.year)))
        fields.append(("date", date_attribute(work.date, work.precision)))
    version = _day(work.version_date)
    if version:
        fields.append(("version", version.isoformat()))
    if work.url:
        fields.append(("url", work.url))
    if accessed:
        fields.append(("urldate", _day(accessed).isoformat()))
    if work.title_language:
        fields.append(("language", work.title_language))
    body = ",\n".join(
        f"  {name} = {{{value if name == 'author' else _bibtex_escape(value)}}}"
        for name, value in fields
    )
    return f"@{entry_type}{{{_key(work)},\n{body}\n}}\n"


def ris(work: Work, accessed: datetime.date | None = None) -> str:
    """One RIS record: ``TY`` first, ``ER`` last, each line ``XX  - value``."""
    lines = [("TY", RIS_TYPES.get(work.kind, "GEN")), ("TI", work.title)]
    if work.original_title and work.original_title != work.title:
        lines.append(("OP", work.original_title))
    for author in work.authors or ((work.container,) if work.container else ()):
        lines.append(("AU", author))
    if work.publisher:
        lines.append(("PB", work.publisher))
    if work.container:
        lines.append(("T2", work.container))
    if work.date:
        lines.append(("PY", str(work.date.year)))
        parts = date_attribute(work.date, work.precision).split("-")
        lines.append(("DA", "/".join(parts + [""] * (3 - len(parts))) + "/"))
    version = _day(work.version_date)
    if version:
        lines.append(("ET", version.isoformat()))
    if work.url:
        lines.append(("UR", work.url))
    if accessed:
        lines.append(("Y2", _day(accessed).strftime("%Y/%m/%d")))
    if work.title_language:
        lines.append(("LA", work.title_language))
    if work.key:
        lines.append(("ID", _key(work)))
    lines.append(("ER", ""))
    return "".join(f"{tag}  - {_one_line(value)}\r\n" for tag, value in lines)


def _one_line(text):
    return re.sub(r"\s+", " ", str(text)).strip()


def _date_parts(day, precision=DatePrecision.DAY):
    parts = [day.year]
    if precision != DatePrecision.YEAR:
        parts.append(day.month)
        if precision != DatePrecision.MONTH:
            parts.append(day.day)
    return {"date-parts": [parts]}


def csl(work: Work, accessed: datetime.date | None = None) -> dict:
    """The work as a CSL-JSON item (what Zotero and citeproc read)."""
    item = {"id": _key(work), "type": work.kind or "webpage", "title": work.title}
    if work.original_title and work.original_title != work.title:
        item["original-title"] = work.original_title
    if work.authors:
        item["author"] = [{"literal": author} for author in work.authors]
    elif work.container:
        item["author"] = [{"literal": work.container}]
    if work.publisher:
        item["publisher"] = work.publisher
    if work.container:
        item["container-title"] = work.container
    if work.date:
        item["issued"] = _date_parts(work.date, work.precision)
    version = _day(work.version_date)
    if version:
        item["version"] = version.isoformat()
    if work.url:
        item["URL"] = work.url
    if accessed:
        item["accessed"] = _date_parts(_day(accessed))
    if work.title_language:
        item["language"] = work.title_language
    return item


def csl_json(work: Work, accessed: datetime.date | None = None) -> str:
    return json.dumps([csl(work, accessed)], ensure_ascii=False, indent=2) + "\n"


# name: (writer, content type, file extension)
FORMATS = {
    "txt": (None, "text/plain; charset=utf-8", "txt"),
    "bibtex": (bibtex, "application/x-bibtex; charset=utf-8", "bib"),
    "ris": (ris, "application/x-research-info-systems; charset=utf-8", "ris"),
    "csl": (csl_json, "application/vnd.citationstyles.csl+json; charset=utf-8", "json"),
}


def page_work(page, url: str, container: str = "", language: str = "") -> Work:
    """A page of the portal as a work: its title in the reader's language, the site as its
    author, the date it is about (first written, its date, first published), the version
    (last published) and its permanent address."""
    language = language or translation.get_language()
    date = (getattr(page, "first_written", None) or getattr(page, "date", None)
            or getattr(page, "commemoration_date", None) or getattr(page, "recorded_on", None)
            or _day(page.first_published_at))
    precision = getattr(page, "first_written_precision", None) if getattr(
        page, "first_written", None) else DatePrecision.DAY
    return Work(
        title=page.title,
        title_language=i18n.shown_language(page, "title") or language,
        container=container,
        date=_day(date),
        precision=precision or DatePrecision.DAY,
        version_date=_day(page.last_published_at),
        url=url,
        kind="webpage",
        key=f"page{page.pk}{language}",
    )
