"""Uploaded files the app serves itself (``SERVE_MEDIA_FILES``, media on local disk).

Only pictures: Wagtail's original images, their renditions and the admin's avatars. Documents
are never served from ``/media/``: Wagtail's document view (``/documents/<id>/<name>``) checks
the reader's permission and the privacy of the document's collection, and sends every document
as a download. Anything a browser would run as a page (HTML, SVG, XML, scripts) is not served
here at all, whatever folder it is in.
"""

import mimetypes

from django.conf import settings
from django.http import Http404
from django.views.static import serve

PICTURE_FOLDERS = ("original_images", "images", "avatar_images")
PICTURE_TYPES = {"image/jpeg", "image/png", "image/gif", "image/webp", "image/avif"}


def is_public_picture(path: str) -> bool:
    folder, _slash, rest = path.partition("/")
    content_type, _encoding = mimetypes.guess_type(path)
    return folder in PICTURE_FOLDERS and bool(rest) and content_type in PICTURE_TYPES


def serve_picture(request, path):
    if not is_public_picture(path):
        raise Http404
    return serve(request, path, document_root=settings.MEDIA_ROOT)
