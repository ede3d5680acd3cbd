"""Cache purges for operators (Reports → Cache purges): what is pending, sent or failed."""

import django_filters
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.reports import ReportView

from ops.models import Purge


def can_view(user) -> bool:
    """Operators: the portal's administrators."""
    return user.is_active and user.is_superuser


class PurgeFilterSet(WagtailFilterSet):
    state = django_filters.ChoiceFilter(label=_("State"), choices=Purge.State.choices)

    class Meta:
        model = Purge
        fields = ["state"]


class PurgeReportView(ReportView):
    page_title = _("Cache purges")
    header_icon = "resubmit"
    filterset_class = PurgeFilterSet
    index_url_name = "cache_purges"
    index_results_url_name = "cache_purges_results"
    columns = [
        DateColumn("created_at", label=_("Recorded")),
        Column("state", label=_("State"), accessor="get_state_display"),
        Column("attempts", label=_("Attempts")),
        DateColumn("next_attempt_at", label=_("Next attempt")),
        Column("addresses", label=_("Addresses"), accessor="address_count"),
        Column("last_error", label=_("Last error")),
    ]

    def dispatch(self, request, *args, **kwargs):
        if not can_view(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return Purge.objects.all()

    def decorate_paginated_queryset(self, purges):
        for purge in purges:
            purge.address_count = len(purge.urls) + len(purge.hosts)
        return purges
