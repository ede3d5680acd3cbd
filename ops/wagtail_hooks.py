from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from ops import reports


@hooks.register("register_admin_urls")
def register_purge_report_urls():
    return [
        path("cache-purges/", reports.PurgeReportView.as_view(), name="cache_purges"),
        path("cache-purges/results/", reports.PurgeReportView.as_view(results_only=True),
             name="cache_purges_results"),
    ]


class PurgeMenuItem(MenuItem):
    def is_shown(self, request):
        return reports.can_view(request.user)


@hooks.register("register_reports_menu_item")
def register_purge_report_menu_item():
    return PurgeMenuItem(_("Cache purges"), reverse("cache_purges"), name="cache-purges",
                         icon_name="resubmit", order=950)
