""""Cite this page" as a download: plain text, BibTeX, RIS or CSL-JSON of a live, public page
(or of an item a page shows, such as a register record), in the reader's language, with
today's date as the access date."""

from django.http import Http404, HttpResponse
from django.urls import path
from django.utils import timezone, translation
from wagtail.models import Page

from citations import citation
from core import site_root
from core.restrictions import public


def work_for(page, request, container="", item=None):
    """The work to cite: the page itself, or ``item`` when the page shows items of its own
    (it then offers ``cited_item(item, request)``, which answers None for an unknown item)."""
    if item is not None:
        finder = getattr(page, "cited_item", None)
        work = finder(item, request) if finder else None
        if work is None:
            raise Http404
    else:
        work = citation.page_work(page, site_root.page_url(page, request))
    work.container = work.container or container
    return work


def cite(request, page_id, format, item=None):
    if format not in citation.FORMATS:
        raise Http404
    page = public(Page.objects.live()).filter(pk=page_id).first()
    if page is None:
        raise Http404
    page = page.specific
    language = translation.get_language()
    work = work_for(page, request, site_root.site_name(request), item)
    accessed = timezone.localdate()
    writer, content_type, extension = citation.FORMATS[format]
    if writer is None:
        text = citation.plain(work, language, accessed) + "\n"
    else:
        text = writer(work, accessed)
    response = HttpResponse(text, content_type=content_type)
    name = (getattr(page, "slug", "") or "page") + (f"-{item}" if item is not None else "")
    response["Content-Disposition"] = f'attachment; filename="{name}.{extension}"'
    response["Content-Language"] = language
    # The access date changes every day: never kept by a cache.
    response["Cache-Control"] = "no-store"
    return response


urlpatterns = [
    path("<int:page_id>.<str:format>", cite, name="cite"),
    path("<int:page_id>/<int:item>.<str:format>", cite, name="cite_item"),
]
