"""The translation badges in the page explorer and the page search, through the doors Wagtail
documents for them (7.4+, "Customizing the default page listings"): a ``PageViewSet`` for every
page, registered with ``register_admin_viewset``, whose listing has a Translations column after
Wagtail's Status column, and whose ``search_view_class`` has the same column."""

from django.utils.translation import pgettext_lazy
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.pages.search import SearchView
from wagtail.admin.viewsets.pages import PageViewSet


class TranslationBadgesColumn(Column):
    """A badge per target language ("EN ✓", "RU: 2 missing"; translations.badges)."""

    cell_template_name = "translations/translation_badges_cell.html"


def with_translations(columns):
    """``columns`` with the Translations column after the Status column (at the end when there
    is none)."""
    column = TranslationBadgesColumn(
        "translations", label=pgettext_lazy("translation workbench", "Translations"),
        width="18%",
    )
    names = [item.name for item in columns]
    at = names.index("status") + 1 if "status" in names else len(columns)
    return [*columns[:at], column, *columns[at:]]


class PortalPageSearchView(SearchView):
    columns = with_translations(SearchView.columns)


class PortalPageViewSet(PageViewSet):
    columns = with_translations(PageViewSet.columns)
    search_view_class = PortalPageSearchView
