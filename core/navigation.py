"""The sections in the main menu: shared by the navigation template tag and the home page.

No empty rooms: a section whose page type shows its child pages (``shows_children = True``:
news, anniversary updates, resources, testimonies) stays out of the menu and the home page
while it has no live, public child. Signed-in editors still see it, marked, so they can fill it.
"""

from django.db.models import Exists, OuterRef

from core.restrictions import public
from ops.cache import remember


def _read_menu(home) -> list:
    from wagtail.models import Page

    children = public(Page.objects.live()).filter(
        depth=OuterRef("depth") + 1, path__startswith=OuterRef("path")
    )
    sections = public(home.get_children().live()).in_menu().annotate(has_children=Exists(children))
    return list(sections)


def is_empty(page) -> bool:
    """Whether a section (read by :func:`menu_pages`) has nothing for readers yet."""
    return bool(getattr(page.specific_class, "shows_children", False)) and not getattr(
        page, "has_children", True
    )


def sees_empty_sections(request) -> bool:
    """Signed-in editors (anyone who may use the admin) see sections readers do not."""
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated
                and user.has_perm("wagtailadmin.access_admin"))


def menu_pages(home, request=None) -> list:
    """The live, public children of the home page that editors put in the menu, in tree
    order, without the empty ones unless an editor is signed in; remembered until a change that
    reaches every page: a section, the first or last page of one, restrictions (ops.signals)."""
    sections = remember(f"menu:{home.pk}", lambda: _read_menu(home), tags=())
    if sees_empty_sections(request):
        return sections
    return [section for section in sections if not is_empty(section)]
