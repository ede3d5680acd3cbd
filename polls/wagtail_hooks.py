from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from polls import views


@hooks.register("register_admin_urls")
def register_poll_results_urls():
    return [
        path("poll-results/", views.results_index, name="poll_results"),
        path("poll-results/<int:poll_id>.csv", views.results_csv, name="poll_results_csv"),
    ]


class PollResultsMenuItem(MenuItem):
    def is_shown(self, request):
        return views.can_view_results(request.user)


@hooks.register("register_reports_menu_item")
def register_poll_results_menu_item():
    return PollResultsMenuItem(
        _("Poll results"), reverse("poll_results"), icon_name="list-ul", order=900
    )
