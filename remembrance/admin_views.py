"""Import names from a CSV file in the admin: upload, dry run, confirm.

The dry run writes nothing: it shows the errors by row and column, or the records the file
would create and change. The checked file waits server-side (the default cache, under a random
key only the uploader's session knows, for an hour); the confirmation imports exactly that
content (its SHA-256 is checked) and only if the register would still change as shown.
Parsing, checks and writing are remembrance/importing.py, shared with ``import_names``.
"""

import hashlib
import logging
import secrets
import time
import zlib

from django import forms
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.template.defaultfilters import filesizeformat
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.crypto import constant_time_compare
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views import View
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets import HeaderButton
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.views.snippets import IndexView

from remembrance import importing
from remembrance.models import NameRecord

logger = logging.getLogger(__name__)

MAX_BYTES = 5 * 2**20
KEEP_SECONDS = 3600
SESSION_KEY = "remembrance-names-import"
SHOWN = 500  # rows of errors or changes listed on the page; the counts are always whole
permission_policy = ModelPermissionPolicy(NameRecord)


def can_import(user) -> bool:
    """An import creates records and changes existing ones."""
    return permission_policy.user_has_permission(
        user, "add"
    ) and permission_policy.user_has_permission(user, "change")


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "A UTF-8 CSV file with a header row. Nothing is written before you confirm the "
            "dry run."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise ValidationError(
                _("The file is %(size)s; files up to %(limit)s can be imported. Split it into "
                  "smaller files and import them one after the other."),
                code="too_large",
                params={"size": filesizeformat(upload.size), "limit": filesizeformat(MAX_BYTES)},
            )
        data = b"".join(upload.chunks())
        try:
            self.parsed = importing.parse_bytes(data)
        except importing.FileError as error:
            raise ValidationError(str(error), code="unreadable") from error
        self.content = data
        return upload


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def cache_key(token: str) -> str:
    return f"remembrance:names-import:{token}"


class NameRecordIndexView(IndexView):
    """The records listing, with "Import names" for those who may import."""

    import_url_name = None

    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if self.import_url_name and can_import(self.request.user):
            buttons.append(HeaderButton(
                _("Import names"), url=reverse(self.import_url_name), icon_name="upload",
            ))
        return buttons


class ImportView(WagtailAdminTemplateMixin, View):
    """GET: the upload form. POST: the dry run. POST to the confirmation URL: the import."""

    template_name = "remembrance/admin/import.html"
    page_title = _("Import names")
    header_icon = "upload"
    index_url_name = None
    import_url_name = None
    confirm_url_name = None

    def dispatch(self, request, *args, **kwargs):
        if not can_import(request.user):
            # A 403 here, where Wagtail would redirect to the dashboard.
            return TemplateResponse(request, self.template_name, self.get_context_data(
                forbidden=True,
            ), status=403)
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items,
                {"url": reverse(self.index_url_name),
                 "label": NameRecord._meta.verbose_name_plural},
                {"url": "", "label": self.get_page_title()}]

    def render(self, status=200, **context):
        context.setdefault("form", UploadForm())
        context.update({
            "import_url": reverse(self.import_url_name),
            "confirm_url": reverse(self.confirm_url_name),
            "index_url": reverse(self.index_url_name),
            "columns": importing.COLUMNS,
            "limit": filesizeformat(MAX_BYTES),
            "shown": SHOWN,
        })
        return TemplateResponse(
            self.request, self.template_name, self.get_context_data(**context), status=status,
        )

    def get(self, request):
        return self.render()

    def post(self, request):
        form = UploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render(form=form)
        self.forget(request)
        parsed = form.parsed
        if parsed.errors:
            return self.render(errors=parsed.errors, file_name=form.cleaned_data["file"].name)
        return self.dry_run(request, form.content, form.cleaned_data["file"].name, parsed)

    def dry_run(self, request, data, name, parsed, token=None, warning=None):
        planned = importing.plan(parsed.rows)
        context = {"plan": planned, "file_name": name, "warning": warning}
        if planned.created or planned.updated:
            token = token or secrets.token_urlsafe(32)
            cache.set(cache_key(token), zlib.compress(data), KEEP_SECONDS)
            request.session[SESSION_KEY] = {
                "token": token, "digest": digest(data), "plan": planned.fingerprint(),
                "name": name[:200], "at": time.time(),
            }
            context.update(digest=digest(data), fingerprint=planned.fingerprint())
        return self.render(**context)

    @staticmethod
    def forget(request):
        pending = request.session.pop(SESSION_KEY, None)
        if pending:
            cache.delete(cache_key(pending["token"]))


class ConfirmView(ImportView):
    http_method_names = ["post"]

    def refuse(self, message):
        """Nothing imported: the upload form again, with why (400: the request cannot be
        carried out as sent)."""
        return self.render(status=400, refusal=message)

    def post(self, request):
        pending = request.session.get(SESSION_KEY)
        expired = _(
            "This import is no longer waiting: a checked file is kept for an hour, and only "
            "until it is imported. Nothing was imported. Upload the file again."
        )
        if not pending or time.time() - pending["at"] > KEEP_SECONDS:
            self.forget(request)
            return self.refuse(expired)
        if not (constant_time_compare(request.POST.get("digest", ""), pending["digest"])
                and constant_time_compare(request.POST.get("plan", ""), pending["plan"])):
            return self.refuse(_(
                "This confirmation does not match the file checked in the dry run. Nothing was "
                "imported. Upload the file again."
            ))
        stored = cache.get(cache_key(pending["token"]))
        data = zlib.decompress(stored) if stored is not None else None
        if data is None:
            self.forget(request)
            return self.refuse(expired)
        if not constant_time_compare(digest(data), pending["digest"]):
            self.forget(request)
            return self.refuse(_(
                "The kept file is not the one the dry run checked. Nothing was imported. "
                "Upload the file again."
            ))
        parsed = importing.parse_bytes(data)
        if parsed.errors:  # a source deleted since the dry run, for instance
            self.forget(request)
            return self.render(errors=parsed.errors, file_name=pending["name"], warning=_(
                "The register changed since the dry run and the file no longer passes its "
                "checks. Nothing was imported."
            ))
        try:
            outcome = importing.import_rows(parsed.rows, user=request.user, expect=pending["plan"])
        except importing.PlanChanged:
            return self.dry_run(
                request, data, pending["name"], parsed, token=pending["token"], warning=_(
                    "Records changed since the dry run. Nothing was imported: check the changes "
                    "below again and confirm them."
                ),
            )
        self.forget(request)
        logger.info(
            "Names import by user %s: %s created, %s updated, %s unchanged (%s, sha256 %s)",
            request.user.pk, outcome.created, outcome.updated, outcome.unchanged,
            pending["name"], pending["digest"],
        )
        messages.success(request, ngettext(
            "%(created)s record created, %(updated)s updated",
            "%(created)s records created, %(updated)s updated",
            outcome.created,
        ) % {"created": outcome.created, "updated": outcome.updated})
        return redirect(self.index_url_name)
