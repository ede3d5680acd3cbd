"""Editors' view of poll results in the admin, and their CSV export."""

import csv

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from polls.models import PollPage


def results_index(request):
    polls = PollPage.objects.order_by("-first_published_at", "pk")
    rows = []
    for poll in polls:
        results, total = poll.results()
        rows.append({"poll": poll, "results": results, "total": total, "status": poll.status()})
    return TemplateResponse(request, "polls/admin_results.html", {"rows": rows})


def _cell(value) -> str:
    """Spreadsheets run cells that start with these characters as formulas."""
    text = str(value)
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def results_csv(request, poll_id):
    poll = get_object_or_404(PollPage, pk=poll_id)
    results, total = poll.results()
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="poll-{poll.pk}-results.csv"'
    response.write("\ufeff")  # so spreadsheet programs read UTF-8 (az and ru letters)
    writer = csv.writer(response)
    writer.writerow([_("Poll"), _("Question"), _("Answer"), _("Votes"), _("Percent")])
    for result in results:
        writer.writerow([_cell(poll.title), _cell(poll.question), _cell(result.choice.label),
                         result.votes, result.percent])
    writer.writerow([_cell(poll.title), _cell(poll.question), _("Total"), total, 100 if total
                     else 0])
    return response
