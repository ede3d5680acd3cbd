"""The WARC (ISO 28500) of the archive: a ``warcinfo`` record, then for each address a request
record and the response the archive keeps, each record a gzip member of its own (as web archives
exchange them); and its CDXJ index (pywb's format, written by Webrecorder's cdxj-indexer).

Every address's pair of records is one byte range of the file, remembered in the build's state:
an incremental build copies the ranges of what did not change, byte for byte, and appends what
was captured again, so the WARC always holds exactly the current state of the site (a page
unpublished or made private leaves it at the next build, as it leaves the static copy).
"""

import io
from datetime import UTC, datetime
from http import HTTPStatus
from urllib.parse import urlsplit

from cdxj_indexer.main import write_cdx_index
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from preservation.capture import Capture


def warc_date(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class Writer:
    """Appends records to one WARC file and says where each address's records are."""

    def __init__(self, handle, moment: datetime):
        self.handle = handle
        self.writer = WARCWriter(handle, gzip=True)
        self.date = warc_date(moment)

    def info(self, filename: str, fields: dict) -> None:
        record = self.writer.create_warcinfo_record(filename, fields)
        self.writer.write_record(record)

    def capture(self, capture: Capture) -> tuple[int, int]:
        """Writes the request and the response; returns the byte range (start, end) of both."""
        start = self.handle.tell()
        parts = urlsplit(capture.url)
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        request_headers = StatusAndHeaders(
            f"GET {target} HTTP/1.1",
            [("Host", parts.netloc), ("User-Agent", "khojaly-preservation"),
             ("Accept-Language", "*")],
            is_http_request=True,
        )
        phrase = HTTPStatus(capture.status).phrase
        response_headers = StatusAndHeaders(
            f"{capture.status} {phrase}",
            [(name, value) for name, value in capture.headers
             if name.lower() not in ("content-length", "transfer-encoding")]
            + [("Content-Length", str(len(capture.body)))],
            protocol="HTTP/1.1",
        )
        response = self.writer.create_warc_record(
            capture.url, "response", payload=io.BytesIO(capture.body),
            http_headers=response_headers, warc_headers_dict={"WARC-Date": self.date},
        )
        request = self.writer.create_warc_record(
            capture.url, "request", payload=io.BytesIO(b""), http_headers=request_headers,
            warc_headers_dict={"WARC-Date": self.date},
        )
        request.rec_headers.add_header(
            "WARC-Concurrent-To", response.rec_headers.get_header("WARC-Record-ID"))
        self.writer.write_record(response)
        self.writer.write_record(request)
        return start, self.handle.tell()


def copy_range(source, target, start: int, end: int) -> tuple[int, int]:
    """Copies the bytes [start, end) of ``source`` to the end of ``target``; the new range."""
    new_start = target.tell()
    source.seek(start)
    remaining = end - start
    while remaining:
        chunk = source.read(min(remaining, 1 << 20))
        if not chunk:
            raise ValueError("The WARC is shorter than its recorded ranges")
        target.write(chunk)
        remaining -= len(chunk)
    return new_start, target.tell()


def read_body(handle, start: int) -> bytes:
    """The payload of the response record that starts at ``start``."""
    handle.seek(start)
    for record in ArchiveIterator(handle):
        if record.rec_type == "response":
            return record.content_stream().read()
        break
    raise ValueError(f"No response record at {start}")


def write_index(warc_path, cdx_path) -> None:
    """The sorted CDXJ index of the WARC, with its file name as pywb looks it up."""
    write_cdx_index(str(cdx_path), [str(warc_path)], {"sort": True})
