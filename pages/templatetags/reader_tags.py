"""What every page gives readers besides its content: breadcrumbs. What a shared link shows of a
page (Open Graph and Twitter meta) is sharing's: ``sharing.templatetags.sharing_tags``."""

from django import template
from django.utils.translation import gettext as _
from wagtail.models import Page

from core.routing import find_site, way_to

register = template.Library()


def _site(request):
    return find_site(request) if request is not None else None


@register.inclusion_tag("components/breadcrumbs.html", takes_context=True)
def breadcrumbs(context, page=None):
    """Home > section > … > this page, in one query; nothing on the home page itself."""
    request = context.get("request")
    site = _site(request)
    if not isinstance(page, Page) or site is None or page.pk == site.root_page_id:
        return {"crumbs": []}
    root = site.root_page
    if not page.path.startswith(root.path):
        return {"crumbs": []}
    ancestors = way_to(request, page, root)  # known from routing: no query
    if ancestors is None:
        ancestors = list(
            Page.objects.ancestor_of(page).filter(depth__gt=root.depth).order_by("depth")
        )
    crumbs = [{"page": root, "label": _("Home")}]
    crumbs += [{"page": ancestor, "label": ancestor.title} for ancestor in ancestors]
    crumbs.append({"page": page, "label": page.title})
    return {"crumbs": crumbs, "request": request}
