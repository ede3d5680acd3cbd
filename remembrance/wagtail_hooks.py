"""The register in the admin: records (draft, review, publish), sources, and contributions."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from remembrance.models import Contribution, NameRecord, Source


class NameRecordFilterSet(WagtailFilterSet):
    class Meta:
        model = NameRecord
        fields = ["status", "live", "origin"]


class NameRecordViewSet(SnippetViewSet):
    model = NameRecord
    icon = "user"
    menu_label = _("Name records")
    list_display = ["__str__", "name_ru", "name_en", "status", "origin", "live", "updated_at"]
    # CSV and XLSX of the listing; CSV cells go through core.spreadsheets like every export.
    list_export = [
        "name_az", "name_ru", "name_en", "status", "birth_year", "age", "origin", "live",
        "updated_at",
    ]
    filterset_class = NameRecordFilterSet
    search_fields = ["name_az", "name_ru", "name_en", "external_id"]
    ordering = ["name_az", "pk"]


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
