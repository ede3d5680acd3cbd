"""The admin's exchange with translators: export a file, upload one, read the dry run, confirm.

The uploaded file stays on the server between the dry run and the confirmation (in the cache,
for an hour, at most the size limit), with its SHA-256: the confirmation imports exactly the
file the dry run showed, or nothing. Each user has one pending upload: a new one replaces it."""

from django import forms
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import pgettext, pgettext_lazy
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.admin.widgets import AdminPageChooser
from wagtail.models import Page

from core import i18n
from translations import machine
from translations import state as translation_state
from translations.exchange import formats, service
from translations.models import object_label

CACHE_SECONDS = 3600


def languages_of(user):
    return [code for code in translation_state.target_languages()
            if service.can_write(user, code)]


def _language_choices(user):
    return [(code, i18n.NATIVE_NAMES[code]) for code in languages_of(user)]


class ExportForm(forms.Form):
    language = forms.ChoiceField(label=pgettext_lazy("translation workbench", "Language"))
    format = forms.ChoiceField(label=pgettext_lazy("translation workbench", "Format"), choices=[
        (formats.XLIFF, pgettext_lazy("translation workbench",
            "XLIFF 1.2 (CAT tools: OmegaT, memoQ, Trados …)")),
        (formats.XLIFF2, pgettext_lazy("translation workbench",
            "XLIFF 2.0 (CAT tools that read version 2)")),
        (formats.PO, pgettext_lazy("translation workbench", "PO (Poedit, Weblate, Pontoon …)")),
    ])
    scope = forms.ChoiceField(label=pgettext_lazy("translation workbench",
        "What"), initial=service.REPORT, choices=[
        (service.PAGE, pgettext_lazy("translation workbench", "This page")),
        (service.SECTION, pgettext_lazy("translation workbench",
            "This page and the pages below it")),
        (service.REPORT, pgettext_lazy("translation workbench",
            "What the translation report lists in this state")),
        (service.SETTINGS, pgettext_lazy("translation workbench", "Site settings")),
        (service.RECORDS, pgettext_lazy("translation workbench", "Register records")),
        (service.SITE, pgettext_lazy("translation workbench", "The whole site")),
    ])
    # Wagtail's page chooser: "This page" and "… and the pages below it" export the chosen one.
    page = forms.ModelChoiceField(
        label=pgettext_lazy("translation workbench", "Page or section"),
        queryset=Page.objects.filter(depth__gt=1), required=False,
        widget=AdminPageChooser(can_choose_root=False),
        help_text=pgettext_lazy("translation workbench",
            "For “This page” and “This page and the pages below it”."))
    state = forms.ChoiceField(label=pgettext_lazy("translation workbench",
        "State"), required=False, choices=[
        ("", pgettext_lazy("translation workbench", "Anything to do")),
        *[(state, translation_state.LABELS[state]) for state in translation_state.TO_DO],
    ])
    machine = forms.BooleanField(
        label=pgettext_lazy("translation workbench",
            "Pre-fill missing texts with machine suggestions (marked “machine "
                           "— needs review”)"), required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = _language_choices(user)
        if machine.configured() is None:
            del self.fields["machine"]

    def clean(self):
        data = super().clean()
        if data.get("scope") in (service.PAGE, service.SECTION) and not data.get("page"):
            # Said once, beside the chooser.
            self.add_error("page", pgettext("translation workbench",
                                            "Choose the page or section to export."))
        return data


def forbidden(request):
    """403 (Wagtail would turn PermissionDenied into a redirect to the dashboard)."""
    return TemplateResponse(request, "translations/exchange/forbidden.html", status=403)


def export_view(request):
    if not languages_of(request.user):
        return forbidden(request)
    form = ExportForm(request.GET if request.GET.get("download") else None,
                      initial=request.GET.dict(), user=request.user)
    if request.GET.get("download") and form.is_valid():
        data = form.cleaned_data
        instances = service.select(data["scope"], data["language"], page=data.get("page"),
                                   state=data.get("state") or None, user=request.user)
        backend = machine.configured() if data.get("machine") else None
        unsupported = None if backend is None else backend.unsupported(
            i18n.source_language(), data["language"])
        too_many = machine.allowed(request.user, "export") if (
            backend is not None and not unsupported) else None
        try:
            if unsupported:  # the service refused the pair lately: nothing is asked of it
                raise machine.MachineTranslationError(unsupported)
            if too_many:
                raise machine.MachineTranslationError(too_many)
            content = service.export(instances, data["language"], data["format"],
                                     machine=backend, state=data.get("state") or None)
        except machine.MachineTranslationError as error:
            form.add_error(None, str(error))
        else:
            extension, mimetype = formats.FORMATS[data["format"]]
            label = data["page"].slug if data.get("page") else data["scope"]
            response = HttpResponse(content, content_type=f"{mimetype}; charset=utf-8")
            name = service.filename(data["language"], data["format"], label)
            response["Content-Disposition"] = f'attachment; filename="{name}"'
            return response
    page_id = request.GET.get("page", "")
    page = Page.objects.filter(pk=page_id).first() if page_id.isdigit() else None
    return TemplateResponse(request, "translations/exchange/export.html", {
        "form": form, "page": page, "import_url": reverse("translation_import"),
    })


class UploadForm(forms.Form):
    file = forms.FileField(label=pgettext_lazy("translation workbench", "XLIFF or PO file"))


def _key(user):
    """Where the user's one pending upload is kept: (digest, file)."""
    return f"editorial-exchange:pending:{user.pk}"


def import_view(request):
    """Upload → dry run (nothing written) → confirm → draft revisions."""
    if not languages_of(request.user):
        return forbidden(request)
    context = {"form": UploadForm(), "limit": f"{service.max_bytes() / 1024 / 1024:g}"}
    if request.method == "GET":
        context["drafts"] = request.session.pop(DONE_KEY, None)
    if request.method == "POST" and "digest" in request.POST:
        return _confirm(request, context)
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        context["form"] = form
        if form.is_valid():
            upload = form.cleaned_data["file"]
            if upload.size > service.max_bytes():
                form.add_error("file", pgettext("translation workbench",
                    "The file is larger than the limit of %(size)s MB.")
                               % {"size": context["limit"]})
                return TemplateResponse(request, "translations/exchange/import.html", context,
                                        status=400)
            else:
                data = upload.read(service.max_bytes() + 1)
                try:
                    result = service.plan(data, user=request.user)
                except PermissionDenied:
                    return forbidden(request)
                if result.unreadable:
                    cache.delete(_key(request.user))
                    context.update(plan=result, name=upload.name)
                    return TemplateResponse(request, "translations/exchange/import.html",
                                            context, status=400)
                cache.set(_key(request.user), (result.digest, data), CACHE_SECONDS)
                context.update(plan=result, name=upload.name)
    return TemplateResponse(request, "translations/exchange/import.html", context)


DONE_KEY = "editorial-exchange:done"


def _drafts(user, written, submit):
    """What the page after an import lists: each draft, its editor, whether it was submitted
    to the review workflow (asked for, and allowed)."""
    finder = AdminURLFinder(user)
    drafts = []
    for saved in written:
        submitted = submit and service.submit_for_review(saved, user)
        drafts.append({"label": object_label(saved),
                       "url": finder.get_edit_url(saved) or "",
                       "submitted": submitted, "asked": submit,
                       "is_page": isinstance(saved, Page)})
    return drafts


def _confirm(request, context):
    digest = request.POST.get("digest", "")
    kept_digest, data = cache.get(_key(request.user)) or (None, None)
    if data is None or kept_digest != digest or service.digest(data) != digest:
        messages.error(request, pgettext("translation workbench",
            "The uploaded file is no longer kept: upload it again."))
        return redirect("translation_import")
    accept = bool(request.POST.get("accept_changed_source"))
    try:
        result = service.plan(data, user=request.user, accept_changed_source=accept)
    except PermissionDenied:
        return forbidden(request)
    if result.ok:
        written = []
        try:
            count = service.apply(result, user=request.user, written=written)
        except service.ImportFailed as error:
            result.errors.append(str(error))
        else:
            cache.delete(_key(request.user))
            messages.success(request, pgettext("translation workbench",
                "%(count)s drafts saved with the %(language)s translations; nothing was "
                "published.") % {"count": count, "language": result.language_name})
            submit = bool(request.POST.get("submit_for_review"))
            request.session[DONE_KEY] = _drafts(request.user, written, submit)
            return redirect("translation_import")
    context.update(plan=result)
    return TemplateResponse(request, "translations/exchange/import.html", context)
