"""Media in S3-compatible object storage, with documents kept private.

Pictures are read by readers' browsers straight from the bucket (or the CDN in front of it).
Documents are not: a document in a private collection must stay private, and an uploaded file
must never be opened from a public address as a page. So every object under ``documents/`` is
written with a private ACL and as a download; readers get documents only through Wagtail's
document view (``WAGTAILDOCS_SERVE_METHOD = "serve_view"``), which checks who may read them
and streams the file from the bucket with the portal's own credentials.
"""

from storages.backends.s3 import S3Storage

DOCUMENTS_FOLDER = "documents/"


class MediaStorage(S3Storage):
    def is_document(self, name: str) -> bool:
        location = (self.location or "").strip("/")
        relative = name.lstrip("/")
        if location and relative.startswith(location + "/"):
            relative = relative[len(location) + 1:]
        return relative.startswith(DOCUMENTS_FOLDER)

    def get_object_parameters(self, name):
        parameters = super().get_object_parameters(name)
        if self.is_document(name):
            parameters["ACL"] = "private"
            parameters["ContentDisposition"] = "attachment"
            parameters["CacheControl"] = "private, max-age=0"
        return parameters
