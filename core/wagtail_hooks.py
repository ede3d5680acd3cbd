"""The search synonyms in the admin: Settings → Search synonyms, beside Wagtail's promoted
search results."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from core.models import SearchSynonym


class SearchSynonymViewSet(SnippetViewSet):
    model = SearchSynonym
    icon = "search"
    menu_label = _("Search synonyms")
    menu_name = "search-synonyms"
    add_to_settings_menu = True
    list_display = ["term", "equivalents", "language"]
    list_filter = ["language"]
    search_fields = ["term", "equivalents"]
    search_backend_name = None  # the database's own filtering: a short list
    ordering = ["language", "term"]


register_snippet(SearchSynonymViewSet)
