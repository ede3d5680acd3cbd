"""News topics in the admin (Snippets → News topics): each tag's name in every language."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from pages.models import NewsTopic


class NewsTopicViewSet(SnippetViewSet):
    model = NewsTopic
    icon = "tag"
    menu_label = _("News topics")
    menu_name = "news-topics"
    list_display = ["name", "tag"]
    search_fields = ["tag__name"]
    search_backend_name = None  # the database's own filtering: a short list


register_snippet(NewsTopicViewSet)
