"""Editors' view of poll results in the admin, and their CSV export.

Both need the ``polls.view_poll_results`` permission (given to the Editors group): results
before a poll closes are for the editors, not for every contributor with an admin account.
"""

from django.contrib.auth.decorators import permission_required
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from core.spreadsheets import csv_response
from polls.models import PollPage

PERMISSION = "polls.view_poll_results"


def can_view_results(user) -> bool:
    return user.has_perm(PERMISSION)


def _require_permission(view):
    return permission_required(PERMISSION, raise_exception=True)(view)


@_require_permission
def results_index(request):
    polls = PollPage.objects.order_by("-first_published_at", "pk")
    rows = []
    for poll in polls:
        results, total = poll.results()
        rows.append({"poll": poll, "results": results, "total": total, "status": poll.status()})
    return TemplateResponse(request, "polls/admin_results.html", {"rows": rows})


@_require_permission
def results_csv(request, poll_id):
    poll = get_object_or_404(PollPage, pk=poll_id)
    results, total = poll.results()
    rows = [[_("Poll"), _("Question"), _("Answer"), _("Votes"), _("Percent")]]
    rows += [
        [poll.title, poll.question, result.choice.label, result.votes, result.percent]
        for result in results
    ]
    rows.append([poll.title, poll.question, _("Total"), total, 100 if total else 0])
    return csv_response(f"poll-{poll.pk}-results.csv", rows)


