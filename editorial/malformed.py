"""Refuse admin edit forms whose StreamField or rich text data cannot be read, instead of
failing with a 500.

A StreamField reaches the server as numbered keys (``body_<code>-count``, ``body_<code>-0-type``,
``body_<code>-0-order``, …) that Wagtail's page and snippet forms read without checking: a truncated
or scripted POST (no count, a count that is not a number or is larger than the blocks sent, a
block without its type) raises KeyError or ValueError inside the form and the editor gets a
server error. The ``before_*`` hooks registered in translations/wagtail_hooks.py read every
StreamField of the form from the POST data first and answer such a request with 400 and a
message in the editor's language; the view is not run, so nothing is stored. The same for a
rich text field whose Draftail document is not JSON.
"""

import functools

from django.http import JsonResponse
from django.template import engines
from django.utils import translation
from django.utils.datastructures import MultiValueDictKeyError
from django.utils.translation import gettext, gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.blocks.base import BlockField
from wagtail.users.models import UserProfile

# What Wagtail's blocks raise when the numbered keys are missing or are not numbers.
READ_ERRORS = (KeyError, MultiValueDictKeyError, ValueError, TypeError, IndexError)

# The admin's own page furniture (menu, header) around the message and a way back to the form.
TEMPLATE = """{% extends "wagtailadmin/generic/base.html" %}
{% block main_content %}
    <div class="help-block help-critical" role="alert"><p>{{ message }}</p></div>
    {% if back_url %}<p><a class="button" href="{{ back_url }}">{{ back_label }}</a></p>{% endif %}
{% endblock %}
"""


@functools.cache
def message_template():
    return engines["django"].from_string(TEMPLATE)


def _read_by_script(field) -> bool:
    """Fields whose value the admin's scripts write (a StreamField, a rich text editor)."""
    from wagtail.admin.rich_text import DraftailRichTextArea

    return isinstance(field, BlockField) or isinstance(field.widget, DraftailRichTextArea)


def unreadable_stream_fields(form_class, request):
    """Labels of the form's StreamFields and rich text fields that cannot be read from the
    request's POST data.

    Fields the user may not edit (FieldPanel(permission=…)) are left out of the form, and so
    are not read here either.
    """
    meta = getattr(form_class, "_meta", None)
    field_permissions = getattr(meta, "field_permissions", None) or {}
    unreadable = []
    for name, field in form_class.base_fields.items():
        if not _read_by_script(field):
            continue
        permission = field_permissions.get(name)
        if permission and not request.user.has_perm(permission):
            continue
        try:
            field.widget.value_from_datadict(request.POST, request.FILES, name)
        except READ_ERRORS:
            unreadable.append(str(field.label or name))
    return unreadable


class MalformedFormView(WagtailAdminTemplateMixin, TemplateView):
    page_title = gettext_lazy("Nothing was saved")
    header_icon = "warning"
    breadcrumbs_items = []
    message = ""
    back_url = ""

    def get_template_names(self):
        # A compiled template rather than a list of names: TemplateResponse accepts either.
        return message_template()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            message=self.message, back_url=self.back_url, back_label=gettext("Back to the form")
        )
        return context

    def post(self, request, *args, **kwargs):
        return self.get(request, *args, **kwargs)


def malformed_response(request, labels):
    """400 with the message: JSON for the admin's background saves, an admin page otherwise."""
    message = gettext(
        "The form arrived incomplete or damaged (%(fields)s), so nothing was saved. "
        "Reload the editor and make your changes again."
    ) % {"fields": ", ".join(labels)}
    if not request.accepts("text/html"):
        return JsonResponse(
            {"success": False, "error_code": "malformed_form", "error_message": message},
            status=400,
        )
    response = MalformedFormView.as_view(message=message, back_url=request.get_full_path())(request)
    response.status_code = 400
    return response


def check_form(request, form_class):
    """The 400 response for a POST whose StreamFields cannot be read; None for any other."""
    if request.method != "POST" or form_class is None:
        return None
    labels = unreadable_stream_fields(form_class, request)
    return malformed_response(request, labels) if labels else None


def page_form_class(page_class):
    return page_class.get_edit_handler().get_form_class()


def snippet_form_class(model, for_update):
    viewset = getattr(model, "snippet_viewset", None)
    return viewset.get_form_class(for_update=for_update) if viewset else None


def before_edit_page(request, page):
    return check_form(request, page_form_class(page.specific_class))


def before_create_page(request, parent_page, page_class):
    return check_form(request, page_form_class(page_class))


def before_edit_snippet(request, instance):
    return check_form(request, snippet_form_class(type(instance), for_update=True))


def before_create_snippet(request, model):
    return check_form(request, snippet_form_class(model, for_update=False))


class MalformedPreviewMiddleware:
    """The live preview posts the same form to its own view, which runs no hook: the same
    check, before that view, for page previews."""

    PREVIEWS = {"wagtailadmin_pages:preview_on_edit", "wagtailadmin_pages:preview_on_add"}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if request.method != "POST" or match is None or match.view_name not in self.PREVIEWS:
            return None
        if not request.user.has_perm("wagtailadmin.access_admin"):
            return None  # the view sends them to sign in
        page_class = preview_page_class(view_kwargs)
        if page_class is None:
            return None
        # Before the view, so in the editor's language as the admin's views do it.
        language = UserProfile.get_for_user(request.user).get_preferred_language()
        with translation.override(language):
            return check_form(request, page_form_class(page_class))


def preview_page_class(kwargs):
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Page

    if "page_id" in kwargs:
        page = Page.objects.filter(pk=kwargs["page_id"]).first()
        return page.specific_class if page else None
    content_type = ContentType.objects.filter(
        app_label=kwargs.get("content_type_app_name"),
        model=kwargs.get("content_type_model_name"),
    ).first()
    model = content_type.model_class() if content_type else None
    return model if model is not None and issubclass(model, Page) else None
