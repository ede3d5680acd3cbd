"""The register in the admin: records (draft, review, publish, import from a CSV file),
sources, and contributions."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from core import i18n
from remembrance import admin_views
from remembrance.models import Contribution, NameRecord, Source


class NameRecordFilterSet(WagtailFilterSet):
    class Meta:
        model = NameRecord
        fields = ["status", "live", "origin"]


def publication(record) -> str:
    """Words in the portal's own catalogues (Wagtail's "live"/"draft" have no Azerbaijani)."""
    if not record.live:
        return _("Draft")
    if record.has_unpublished_changes:
        return _("Published, with changes in draft")
    return _("Published")


class NameRecordViewSet(SnippetViewSet):
    model = NameRecord
    icon = "user"
    menu_label = _("Name records")
    index_view_class = admin_views.NameRecordIndexView
    # Every cell in words in the admin's language: labels of choices, not codes or "False".
    list_display = [
        # The name in the first language's spelling (or its fallback), then the others.
        "__str__", *i18n.language_columns("name")[1:],
        Column("status", label=_("Status"), accessor="get_status_display", sort_key="status"),
        Column("origin", label=_("Origin"), accessor="get_origin_display", sort_key="origin"),
        StatusTagColumn("live", label=_("Publication"), accessor=publication,
                        primary=lambda record: record.live, sort_key="live"),
        DateColumn("updated_at", label=_("Last updated"), sort_key="updated_at"),
    ]
    # CSV and XLSX of the listing; CSV cells go through core.spreadsheets like every export.
    list_export = [
        *i18n.language_columns("name"), "status", "birth_year", "age", "origin", "live",
        "updated_at",
    ]
    filterset_class = NameRecordFilterSet
    search_fields = [*i18n.language_columns("name"), "external_id"]
    ordering = [i18n.language_columns("name")[0], "pk"]

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(import_url_name=self.get_url_name("import"), **kwargs)

    @property
    def import_view(self):
        return self.construct_view(admin_views.ImportView, **self.import_view_kwargs())

    @property
    def import_confirm_view(self):
        return self.construct_view(admin_views.ConfirmView, **self.import_view_kwargs())

    def import_view_kwargs(self):
        return {
            "index_url_name": self.get_url_name("list"),
            "import_url_name": self.get_url_name("import"),
            "confirm_url_name": self.get_url_name("import_confirm"),
        }

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("import/", self.import_view, name="import"),
            path("import/confirm/", self.import_confirm_view, name="import_confirm"),
        ]


class SourceViewSet(SnippetViewSet):
    model = Source
    icon = "doc-full"
    menu_label = _("Sources")
    list_display = ["__str__", "url"]
    search_fields = ["citation", "url"]


class ContributionViewSet(SnippetViewSet):
    """Readers' proposals with their private contact details: editors read and delete them."""

    model = Contribution
    icon = "mail"
    menu_label = _("Contributions")
    list_display = ["__str__", "record", "created_at"]
    search_fields = ["email", "contributor_name"]
    add_to_admin_menu = False
    inspect_view_enabled = True


class RegisterViewSetGroup(SnippetViewSetGroup):
    items = (NameRecordViewSet, SourceViewSet, ContributionViewSet)
    menu_icon = "user"
    menu_label = _("Names register")
    menu_name = "names-register"


register_snippet(RegisterViewSetGroup)


@hooks.register("portal_search_results")
def names_in_the_site_search(query, expanded, site_root):
    """A name typed in the site search finds the person's record (core.search)."""
    from remembrance.search import site_search_results

    return site_search_results(query, expanded, site_root)
