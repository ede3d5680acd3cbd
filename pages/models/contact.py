"""The contact form: fields defined by editors in each language, submissions kept in the admin."""

import logging

from django import forms
from django.conf import settings
from django.db import models
from django.template.response import TemplateResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modeltranslation.utils import build_localized_fieldname
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.models import AbstractEmailForm, AbstractFormField
from wagtail.contrib.forms.panels import FormSubmissionsPanel
from wagtail.search import index

from core import ratelimit
from core.slugs import slugify
from editorial.permissions import can_read_readers_messages
from pages.models.base import BasePage
from pages.models.site_settings import PortalSettings
from translations import state as translation_state

logger = logging.getLogger(__name__)

# Named so that form-filling robots want to fill it; people never see it.
HONEYPOT_FIELD = "contact_website"


class ContactFormField(AbstractFormField):
    page = ParentalKey("ContactPage", on_delete=models.CASCADE, related_name="form_fields")

    def get_field_clean_name(self):
        """Readable ASCII names from the source language's label ("E-poçt" → "e_poct"), as
        slugs are."""
        column = build_localized_fieldname("label", translation_state.source_language())
        name = slugify(getattr(self, column, None) or self.label or "").replace("-", "_")
        return name or super().get_field_clean_name()


class ReadersMessagesPanel(FormSubmissionsPanel):
    """Wagtail's count of and link to the form's submissions, only for those who may read
    readers' messages (editorial.permissions)."""

    class BoundPanel(FormSubmissionsPanel.BoundPanel):
        def is_shown(self):
            return can_read_readers_messages(self.request.user) and super().is_shown()


class ContactPage(BasePage, AbstractEmailForm):
    intro = models.TextField(
        _("Introduction"),
        blank=True,
        help_text=_("A sentence or two above the form: who reads the messages and what to send."),
    )
    thank_you_text = models.TextField(
        _("Thank-you text"),
        blank=True,
        help_text=_("Shown after a message has been sent."),
    )

    translated_content_fields = ("title", "intro")
    main_text_field = "intro"
    parent_page_types = ["pages.HomePage"]
    subpage_types = []
    max_count = 1
    template = "pages/contact_page.html"
    landing_page_template = "pages/contact_page_landing.html"

    search_fields = [*BasePage.search_fields, index.SearchField("intro")]
    content_panels = [
        ReadersMessagesPanel(),
        *BasePage.content_panels,
        FieldPanel("intro"),
        InlinePanel("form_fields", label=_("Form fields")),
        FieldPanel("thank_you_text"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("from_address"), FieldPanel("to_address")]),
                FieldPanel("subject"),
            ],
            heading=_("Notification email (the site settings' contact address when empty)"),
        ),
    ]

    class Meta:
        verbose_name = _("Contact page")

    # The form

    def get_form(self, *args, **kwargs):
        form = super().get_form(*args, **kwargs)
        form.fields[HONEYPOT_FIELD] = forms.CharField(
            label=_("Leave this field empty"),
            required=False,
            widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
        )
        for name, field in form.fields.items():
            described = []
            if field.help_text:
                described.append(f"{name}-help")
            if form.is_bound and name in form.errors:
                described.append(f"{name}-error")
                field.widget.attrs["aria-invalid"] = "true"
            if described:
                field.widget.attrs["aria-describedby"] = " ".join(described)
        return form

    def recipients(self) -> list[str]:
        addresses = [a.strip() for a in (self.to_address or "").split(",") if a.strip()]
        if not addresses:
            site = self.get_site()
            contact = PortalSettings.for_site(site).contact_email if site else ""
            addresses = [contact] if contact else []
        return addresses

    def process_form_submission(self, form):
        """Store the message first; a mail failure is logged, never shown to the reader."""
        form.cleaned_data.pop(HONEYPOT_FIELD, None)
        submission = self.get_submission_class().objects.create(
            form_data=form.cleaned_data, page=self
        )
        recipients = self.recipients()
        if recipients:
            try:
                self.send_mail_to(form, recipients)
            except Exception:
                logger.exception("Contact message %s stored but not emailed", submission.pk)
        return submission

    def send_mail_to(self, form, recipients):
        from wagtail.admin.mail import send_mail

        subject = self.subject or gettext("Message from the memorial portal")
        send_mail(subject, self.render_email(form), recipients,
                  self.from_address or settings.DEFAULT_FROM_EMAIL)

    def serve(self, request, *args, **kwargs):
        if request.method != "POST":
            return super().serve(request, *args, **kwargs)
        form = self.get_form(request.POST, request.FILES, page=self, user=request.user)
        if not form.is_valid():
            return self.render_form(request, form, status=400)
        if form.cleaned_data.get(HONEYPOT_FIELD):
            return self.render_form(
                request, self.get_form(page=self, user=request.user), status=400,
                message=gettext("Your message could not be sent. Please try again."),
            )
        if not ratelimit.hit(request, "contact", settings.CONTACT_RATE_LIMIT,
                             settings.CONTACT_RATE_WINDOW):
            return self.render_form(
                request, form, status=429,
                message=gettext("Too many messages have come from your network address. "
                                "Please try again later."),
            )
        submission = self.process_form_submission(form)
        return self.render_landing_page(request, submission, *args, **kwargs)

    def render_form(self, request, form, status, message=None):
        context = self.get_context(request)
        context.update(form=form, form_message=message)
        return TemplateResponse(request, self.get_template(request), context, status=status)
