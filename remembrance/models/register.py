"""Records of the names register, the sources that attest them, and private contributions."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel
from modeltranslation.utils import build_localized_fieldname
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.models import DraftStateMixin, RevisionMixin

from core import i18n
from core.dates import DatePrecision, date_attribute
from core.slugs import slugify
from remembrance.folding import fold
from translations import state as translation_state
from translations.forms import ByLanguageForm
from translations.panels import TranslationStatusPanel


def spelling_label(code: str) -> str:
    """"Name (Russian)": the label of the name as spelled in a configured language."""
    language = dict(settings.LANGUAGES).get(code, code)
    return _("Name (%(language)s)") % {"language": language}


class Source(models.Model):
    """A publication, archive or document that attests records, figures or events.

    Linked to a page of the portal (a resource page, for instance) when one exists, to an
    address on the web, or to neither when the citation says enough.
    """

    citation = models.TextField(
        _("Citation"),
        help_text=_(
            "The source as it should be cited: author or body, title, date, page. "
            "Write it in the source's own language."
        ),
    )
    url = models.URLField(
        _("Web address"), blank=True, help_text=_("Only the source's own, stable address.")
    )
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("Page on this portal"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("A page of the portal that describes or holds the source, if there is one."),
    )

    panels = [FieldPanel("citation"), FieldPanel("url"), FieldPanel("page")]

    class Meta:
        verbose_name = _("Source")
        verbose_name_plural = _("Sources")
        ordering = ["citation"]

    def __str__(self):
        return self.citation if len(self.citation) <= 80 else self.citation[:79] + "…"

    def get_link(self) -> str:
        if self.page_id and self.page.live:
            return self.page.url or self.url
        return self.url


class Status(models.TextChoices):
    KILLED = "killed", _("Killed")
    MISSING = "missing", _("Missing")
    HOSTAGE = "hostage", _("Taken hostage")
    RELEASED = "released", _("Released")


def status_count(status: str, count: int) -> str:
    """"3 people killed" in the reader's language, with its plural form (Russian has three)."""
    phrases = {
        Status.KILLED: ngettext("%(count)s person killed", "%(count)s people killed", count),
        Status.MISSING: ngettext("%(count)s person missing", "%(count)s people missing", count),
        Status.HOSTAGE: ngettext(
            "%(count)s person taken hostage", "%(count)s people taken hostage", count
        ),
        Status.RELEASED: ngettext(
            "%(count)s person released from captivity",
            "%(count)s people released from captivity", count,
        ),
    }
    return phrases[status] % {"count": count}


class Origin(models.TextChoices):
    EDITOR = "editor", _("Entered by an editor")
    IMPORT = "import", _("Imported from a file")
    CONTRIBUTION = "contribution", _("Proposed by a reader")


class NameRecord(DraftStateMixin, RevisionMixin, ClusterableModel):
    """One person in the register. Nothing is public until an editor publishes the record."""

    # name, place and biography are kept per language by modeltranslation, like every text of
    # the portal (remembrance/translation.py); a name is spelled in each language's script.
    # A machine's unreviewed suggestion never reaches the published record (save), so the
    # editor may offer "Suggest machine translation" (translations.suggest).
    holds_back_machine_text = True

    name = models.CharField(
        _("Name"), max_length=200, blank=True,
        help_text=_("As written in this language's script: surname, given name, patronymic."),
    )
    birth_year = models.PositiveSmallIntegerField(
        _("Year of birth"), null=True, blank=True,
    )
    age = models.PositiveSmallIntegerField(
        _("Age"), null=True, blank=True,
        help_text=_("Age at the time of the events, when the year of birth is not known."),
    )
    status = models.CharField(_("Status"), max_length=20, choices=Status.choices)
    event_date = models.DateField(
        _("Date"), null=True, blank=True,
        help_text=_("When the person was killed, went missing, was taken or released."),
    )
    event_date_precision = models.CharField(
        _("The date is known to the"), max_length=5,
        choices=DatePrecision.choices, default=DatePrecision.DAY,
        help_text=_("For a month or a year only, enter its first day and choose here."),
    )
    place = models.CharField(_("Place"), max_length=200, blank=True)
    photo = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("Photo"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
        help_text=_("Only with the family's consent and the rights holder's permission."),
    )
    photo_credit = models.CharField(
        _("Photo credit"), max_length=250, blank=True,
        help_text=_("Photographer, family or archive, as the rights holder asks."),
    )
    photo_is_graphic = models.BooleanField(
        _("The photo is graphic"), default=False,
        help_text=_("Readers then see a warning and choose whether to reveal it."),
    )
    biography = models.TextField(_("Short biography"), blank=True)
    sources = ParentalManyToManyField(
        Source, verbose_name=_("Sources"), blank=True, related_name="records",
        help_text=_("Every source that attests this record. Publish no record without one."),
    )
    external_id = models.CharField(
        _("External identifier"), max_length=100, unique=True, null=True, blank=True,
        help_text=_("The identifier in an imported file; a new import updates this record."),
    )
    origin = models.CharField(
        _("Origin"), max_length=20, choices=Origin.choices, default=Origin.EDITOR,
        editable=False,
    )
    corrects = models.ForeignKey(
        "self", verbose_name=_("Proposed correction of"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="proposed_corrections",
        help_text=_("For a reader's correction: the record it proposes to correct."),
    )
    search_key = models.CharField(max_length=700, editable=False, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="name_record")

    panels = [
        MultiFieldPanel([FieldPanel("name")], heading=_("Name")),
        FieldRowPanel([FieldPanel("birth_year"), FieldPanel("age")]),
        FieldPanel("status"),
        FieldRowPanel([FieldPanel("event_date"), FieldPanel("event_date_precision")]),
        MultiFieldPanel([FieldPanel("place")], heading=_("Place")),
        FieldPanel("sources"),
        FieldPanel("external_id"),
        FieldPanel("corrects"),
    ]
    biography_panels = [FieldPanel("biography")]
    photo_panels = [FieldPanel("photo"), FieldPanel("photo_credit"), FieldPanel("photo_is_graphic")]
    # Translators write their language's name, place and biography only.
    base_form_class = ByLanguageForm
    edit_handler = TabbedInterface([
        ObjectList([TranslationStatusPanel(), *panels], heading=_("Record")),
        ObjectList(biography_panels, heading=_("Biography")),
        ObjectList(photo_panels, heading=_("Photo")),
    ])

    class Meta:
        verbose_name = _("Name record")
        verbose_name_plural = _("Name records")
        ordering = [*i18n.language_columns("name"), "pk"]
        indexes = [models.Index(fields=["live", "status"], name="namerecord_live_status")]

    def __str__(self):
        return self.display_name()[0] or f"#{self.pk}"

    def spellings(self) -> dict[str, str]:
        """{language: the name as written in it} for every configured language ("" if none)."""
        return {code: getattr(self, build_localized_fieldname("name", code), None) or ""
                for code in i18n.language_codes()}

    def spelled_names(self) -> list[tuple[str, str, str]]:
        """(language, label, name) of every spelling the record has, for its page."""
        return [(code, spelling_label(code), name)
                for code, name in self.spellings().items() if name.strip()]

    def clean(self):
        super().clean()
        if not any(name.strip() for name in self.spellings().values()):
            first = i18n.language_columns("name")[0]
            raise ValidationError({first: _("Enter the name in at least one script.")})
        if self.photo_id and not (self.photo_credit or "").strip():
            raise ValidationError({"photo_credit": _("Credit the photo's rights holder.")})

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        translation_state.hold_back_unready(self, update_fields)
        self.search_key = self.build_search_key()
        if update_fields is not None and set(i18n.language_columns("name")) & set(update_fields):
            kwargs["update_fields"] = [*update_fields, "search_key"]
        super().save(*args, **kwargs)

    def status_label(self):
        return i18n.choice_label(Status, self.status)

    def build_search_key(self) -> str:
        """Every spelling of the name, folded; " | " keeps one name from running into the next."""
        names = self.spellings().values()
        return " | ".join(fold(name) for name in names if name.strip())

    # Reader-facing helpers.
    def display_name(self, language=None) -> tuple[str, str]:
        """(name, language of that spelling) in the reader's language, with fallback."""
        return i18n.localized(self, "name", language)

    @property
    def name_language(self):
        return self.display_name()[1]

    def display_biography(self):
        return i18n.localized(self, "biography")

    def display_place(self):
        return i18n.localized(self, "place")

    def slug(self, language=None) -> str:
        return slugify(self.display_name(language)[0]) or "record"

    def subpath(self, language=None) -> str:
        return f"{self.pk}-{self.slug(language)}/"

    @property
    def event_date_attribute(self):
        return date_attribute(self.event_date, self.event_date_precision)

    def get_url(self, request=None):
        """The record's page under the live names register, in the active language."""
        from remembrance.models.pages import NamesRegisterPage

        register = NamesRegisterPage.objects.live().first()
        if register is None or not self.live:
            return None
        base = register.get_url(request)
        return f"{base}{self.subpath()}" if base else None


class Contribution(models.Model):
    """Who proposed a record or a correction, and how to reach them.

    Private: shown only to editors in the admin, never rendered on a public page nor in any
    public export, and deleted on request (``manage.py delete_contributor_data EMAIL``).
    """

    record = models.ForeignKey(
        NameRecord, verbose_name=_("Draft record"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="contributions",
    )
    # Never shown to readers: a reader's proposal leaves the page cache alone (ops.signals).
    shown_to_readers = False

    contributor_name = models.CharField(_("Contributor's name"), max_length=200)
    email = models.EmailField(_("Email address"))
    phone = models.CharField(_("Telephone"), max_length=50, blank=True)
    relationship = models.CharField(
        _("Relationship to the person"), max_length=200, blank=True,
    )
    message = models.TextField(_("What the contributor knows"), blank=True)
    sources_note = models.TextField(_("How the contributor knows it"), blank=True)
    language = models.CharField(_("Language of the form"), max_length=10, blank=True)
    consent_given_at = models.DateTimeField(_("Consent given at"))
    created_at = models.DateTimeField(_("Received"), auto_now_add=True)

    panels = [
        FieldPanel("record", read_only=True),
        FieldPanel("contributor_name", read_only=True),
        FieldPanel("email", read_only=True),
        FieldPanel("phone", read_only=True),
        FieldPanel("relationship", read_only=True),
        FieldPanel("message", read_only=True),
        FieldPanel("sources_note", read_only=True),
        FieldPanel("language", read_only=True),
        FieldPanel("consent_given_at", read_only=True),
    ]

    class Meta:
        verbose_name = _("Contribution")
        verbose_name_plural = _("Contributions")
        ordering = ["-created_at"]

    def __str__(self):
        # Never the contact details: this string can appear in logs and choosers.
        return _("Contribution no. %(number)s") % {"number": self.pk}
