"""The sections in the main menu: shared by the navigation template tag and the home page."""

from core.restrictions import public
from ops.cache import remember


def menu_pages(home) -> list:
    """The live, public children of the home page that editors put in the menu, in tree
    order; remembered until any page changes (ops.cache.remember)."""
    return remember(f"menu:{home.pk}", lambda: list(public(home.get_children().live()).in_menu()))
