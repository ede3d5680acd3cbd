"""The one CSV writer: every CSV the portal hands out goes through it.

A spreadsheet program runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` (and, in some
programs, a tab or carriage return before them) as a formula: ``=HYPERLINK(…)`` sent through
the contact form, or a contributor's draft title, would run on the editor's machine when the
export is opened. Such cells are written with a leading apostrophe, which spreadsheets show as
text and do not display. Numbers stay numbers.

Two ways in, one rule:

- :func:`csv_response` for the portal's own exports (poll results);
- :class:`SafeCSVMiddleware` for every other ``text/csv`` response, Wagtail's own included
  (form submissions, reports, snippet listings, the translation status): it reads each row
  back and writes it again through the same writer, streaming, so an export of any size is
  never held in memory. XLSX exports keep Wagtail's own escaping (openpyxl string cells).
"""

import codecs
import csv
from collections.abc import Iterable, Iterator

from django.http import HttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """The value as a spreadsheet shows it as text: strings that would start a formula get a
    leading apostrophe; everything else is left as it is."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(row: Iterable) -> list:
    return [safe_cell(value) for value in row]


class _Line:
    """A file-like object for csv.writer that hands back what it was given."""

    def write(self, value: str) -> str:
        return value


class SafeWriter:
    """csv.writer whose every cell goes through :func:`safe_cell`."""

    def __init__(self, stream):
        self._writer = csv.writer(stream)

    def writerow(self, row: Iterable):
        return self._writer.writerow(safe_row(row))

    def writerows(self, rows: Iterable[Iterable]):
        for row in rows:
            self.writerow(row)


def csv_response(filename: str, rows: Iterable[Iterable]) -> HttpResponse:
    """A CSV download (UTF-8 with a byte order mark, so spreadsheet programs read az and ru
    letters) of ``rows``, the first of which is the heading."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    SafeWriter(response).writerows(rows)
    response.cells_are_safe = True  # SafeCSVMiddleware need not read it again
    return response


def _lines(chunks: Iterable[bytes | str], encoding: str) -> Iterator[str]:
    """Text lines (with their line ends) from a stream of byte or text chunks."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
    pending = ""
    for chunk in chunks:
        pending += decoder.decode(chunk) if isinstance(chunk, bytes) else chunk
        *complete, pending = pending.split("\n")
        for line in complete:
            yield line + "\n"
    pending += decoder.decode(b"", final=True)
    if pending:
        yield pending


def rewrite_csv(chunks: Iterable[bytes | str], encoding: str = "utf-8") -> Iterator[bytes]:
    """The same CSV with every cell made safe, one row at a time."""
    writer = csv.writer(_Line())
    for row in csv.reader(_lines(chunks, encoding)):
        yield writer.writerow(safe_row(row)).encode(encoding)


class SafeCSVMiddleware:
    """Runs every ``text/csv`` response through :func:`rewrite_csv`."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        content_type = response.get("Content-Type", "")
        if content_type.split(";")[0].strip().lower() != "text/csv":
            return response
        if getattr(response, "cells_are_safe", False):
            return response
        encoding = response.charset or "utf-8"
        if response.streaming:
            response.streaming_content = rewrite_csv(response.streaming_content, encoding)
        else:
            response.content = b"".join(rewrite_csv([response.content], encoding))
        return response
