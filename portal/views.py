"""Error views that answer in the reader's language."""

from django.shortcuts import render


def csrf_failure(request, reason=""):
    """A form sent without a valid CSRF token: a 403 page that says what to do, in the reader's
    language (the language middleware has run by now). Nothing was saved."""
    return render(request, "403_csrf.html", status=403)
