""""Cite this page": the citation of the page (or of an item it shows) for its template."""

from django import template
from django.urls import reverse
from django.utils import timezone, translation

from citations import citation, cite

register = template.Library()


@register.simple_tag(takes_context=True)
def cite_page(context, page, container="", item=None):
    """{plain, segments, links: [(format, label, url)]} for the page or ``item``."""
    request = context.get("request")
    item = item or None  # an item the template does not name arrives as ""
    language = translation.get_language()
    work = cite.work_for(page, request, container, item)
    accessed = timezone.localdate()
    if item is None:
        args = {"page_id": page.pk, "format": "F"}
        name = "cite"
    else:
        args = {"page_id": page.pk, "item": getattr(item, "pk", item), "format": "F"}
        name = "cite_item"
    base = reverse(name, kwargs=args)
    links = [(format, base[:-1] + format) for format in ("txt", "bibtex", "ris", "csl")]
    return {
        "work": work,
        "segments": citation.segments(work, language, accessed),
        "links": links,
    }


@register.simple_tag
def cited_source(source):
    """A source that names a page of the portal able to describe itself as a work (a resource)
    is cited from it, in the reader's language with its own title; None otherwise (the source's
    own citation text is shown)."""
    page = getattr(source, "page", None)
    if page is None or not page.live:
        return None
    make = getattr(page.specific, "citation_work", None)
    if make is None:
        return None
    language = translation.get_language()
    return citation.segments(make(language), language)
