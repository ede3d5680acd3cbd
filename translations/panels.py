"""The translation status at the top of an editor: each text's state in each language."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.text import capfirst, format_lazy
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel, ObjectList, Panel, TabbedInterface

from core import i18n
from translations import memory, stream_sync
from translations import state as translation_state
from translations.field_permissions import SHARED_PERMISSION, language_of, required_permission
from translations.permissions import can_write


def panel_offers(instance, texts, field_states) -> dict:
    """{(key, language): Offer} for the missing, copied and outdated texts of ``instance``:
    one query."""
    from translations.models import MemoryEntry

    if instance.pk is None:
        return {}
    source_code = i18n.source_language()
    by_key = {text.key: text for text in texts}
    to_do = (translation_state.MISSING, translation_state.SAME, translation_state.OUTDATED)
    wanted = [item for item in field_states if item.language != source_code
              and item.key in by_key and item.state in to_do]
    if not wanted:
        return {}
    prints = {item.key: translation_state.fingerprint(by_key[item.key].values.get(source_code))
              for item in wanted}
    content_type = ContentType.objects.get_for_model(instance, for_concrete_model=False)
    rows = list(MemoryEntry.objects.filter(
        language__in={item.language for item in wanted}).filter(
        Q(source_fingerprint__in=set(prints.values()))
        | Q(content_type=content_type, object_id=str(instance.pk))).order_by("updated_at"))
    offers = {}
    for item in wanted:
        text = by_key[item.key]
        if item.state == translation_state.OUTDATED:
            current = translation_state.fingerprint(text.values.get(item.language))
            mine = [row for row in rows if row.content_type_id == content_type.pk
                    and row.object_id == str(instance.pk) and row.field == item.key
                    and row.language == item.language and row.target_fingerprint == current
                    and row.source_fingerprint != prints[item.key]]
            if mine:
                row = mine[-1]
                offers[(item.key, item.language)] = _offer(
                    "previous", row, old_source=memory.plain_text(row.source_text),
                    diff=memory.word_diff(
                        memory.plain_text(row.source_text),
                        memory.plain_text(memory.stored(text.values.get(source_code)))))
            continue
        same = [row for row in rows if row.source_fingerprint == prints[item.key]
                and row.language == item.language]
        if same:
            offers[(item.key, item.language)] = _offer("suggestion", same[-1])
    return offers


def _offer(kind, row, **extra) -> memory.Offer:
    from translations.models import labels_for_reader

    return memory.Offer(kind, memory.plain_text(row.target_text), row.object_label,
                        labels_for_reader(row.field_label), memory.edit_url(row), **extra)


class TranslationStatusPanel(Panel):
    """Fields by state and language for the version being edited (a page's latest revision,
    a snippet, a setting), with a link to confirm a text that is right as it stands."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "translations/translation_status_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            instance = self.instance
            context["languages"] = [
                (code, i18n.NATIVE_NAMES[code]) for code in translation_state.target_languages()
            ]
            context["source_name"] = i18n.NATIVE_NAMES[i18n.source_language()]
            context["source_code"] = i18n.source_language()
            if instance is None or instance.pk is None:
                context["rows"] = []
                context["new"] = True
                return context
            field_states = translation_state.states(instance)
            all_texts = translation_state.texts(instance)
            sources = {text.key: text.values.get(i18n.source_language()) for text in all_texts}
            content_type = ContentType.objects.get_for_model(instance, for_concrete_model=False)
            back = self.request.get_full_path() if self.request else ""
            rows, counts = {}, translation_state.summary(field_states)
            user = getattr(self.request, "user", None)
            writable = {code for code in translation_state.target_languages()
                        if user is not None and can_write(user, code)}
            from translations import suggest  # the machine's offer

            offers = suggest.panel_context(self.request, instance, field_states)
            context["suggesting"] = bool(offers)

            remembered = panel_offers(instance, all_texts, field_states)
            for item in field_states:
                if item.language == i18n.source_language():
                    continue
                row = rows.setdefault(item.key, {
                    "label": item.label, "cells": [],
                    "source": memory.plain_text(sources.get(item.key), limit=300),
                })
                confirm_url = None
                # Offered only in the languages the user writes (the view refuses the others).
                if (item.state in (translation_state.SAME, translation_state.OUTDATED)
                        or item.machine) and item.language in writable:
                    confirm_url = reverse(
                        "translation_confirm", args=[content_type.pk, instance.pk]
                    ) + "?" + urlencode({"field": item.key, "language": item.language,
                                         "next": back})
                row["cells"].append({"item": item, "confirm_url": confirm_url,
                                     "suggest": offers.get((item.key, item.language)),
                                     "memory": remembered.get((item.key, item.language))})
            context["rows"] = [row for row in rows.values()
                               if any(c["item"].state in translation_state.TO_DO
                                      for c in row["cells"])]
            context["complete"] = not context["rows"]
            context["counts"] = [
                (i18n.NATIVE_NAMES[code], counts[code]) for code in counts
            ]
            return context

    def clone_kwargs(self):
        kwargs = super().clone_kwargs()
        kwargs.setdefault("heading", pgettext_lazy("translation workbench", "Translation status"))
        return kwargs


# -- who may edit which field (translations.field_permissions) --------------------------
class SharedStructurePanel(FieldPanel):
    """A language's column of a body kept on the source's blocks (translations.stream_sync): for
    someone who may not change what all languages share (a translator), the editor offers no
    way to add, remove, move or duplicate blocks (``portal-structure-locked``, whose controls
    editorial/static/editorial/structure.css hides); the page form refuses a crafted change
    (translations.page_forms)."""

    class BoundPanel(FieldPanel.BoundPanel):
        def classes(self):
            classes = super().classes()
            if self.request is not None and not self.request.user.has_perm(SHARED_PERMISSION):
                classes.append("portal-structure-locked")
            return classes




def by_language(panel, model):
    """A copy of ``panel`` in which each language's field names its language ("Title —
    Русский") and may be edited only by those who write that language
    (``translations.translate_<code>``), and every other field only by those who may change
    what all languages share (``translations.edit_shared_fields``): a translator for Russian
    sees and edits the Russian texts, nothing else. Wagtail leaves the fields a user may not
    edit out of the form, so their values stay as they are."""
    from wagtail.admin.panels import FieldPanel, InlinePanel

    kwargs = panel.clone_kwargs()
    panel_class = panel.__class__
    if "children" in kwargs:
        kwargs["children"] = [by_language(child, model) for child in panel.children]
    elif isinstance(panel, InlinePanel):
        related = model._meta.get_field(panel.relation_name).related_model
        definitions = panel.panels if panel.panels is not None else getattr(related, "panels", None)
        if definitions is not None:
            kwargs["panels"] = [
                by_language(child if not isinstance(child, str) else FieldPanel(child), related)
                for child in definitions
            ]
    elif isinstance(panel, FieldPanel):
        base, code = language_of(model, panel.field_name)
        kwargs["permission"] = kwargs.get("permission") or required_permission(
            model, panel.field_name
        )
        if code is not None:
            # The portal's own mark of the field's language, on the panel's element (the Panel
            # API's ``attrs``): editorial/static/editorial/locale_picker.js reads which
            # languages the form holds from it.
            kwargs["attrs"] = {**(kwargs.get("attrs") or {}), "data-portal-language": code}
        if code is not None and (not panel.heading or panel.heading == panel.field_name):
            # "[ru]" ties the field to wagtail-modeltranslation's language picker's "ru"
            # button (the picker finds a language's fields by that mark in their label).
            kwargs["heading"] = format_lazy(
                "{} — {} [{}]", capfirst(translation_state.label_of(model, base)),
                i18n.NATIVE_NAMES[code], code,
            )
        if panel_class is FieldPanel and base in stream_sync.synced_fields(model):
            panel_class = SharedStructurePanel
    return panel_class(**kwargs)


class ByLanguageTabbedInterface(TabbedInterface):
    """Wagtail's tabbed editor whose fields are named by language and kept to those who write
    that language (``by_language``). The tabs are given at class creation; the fields each
    language has (``title_<code>`` per configured language) exist only once
    wagtail-modeltranslation has expanded the tabs' panels when the apps are ready, so the
    panels are relabelled when the editor is bound to its page type (``on_model_bound``, the
    Panel API's documented step), which happens on the first use of ``get_edit_handler``."""

    def on_model_bound(self):
        self.children = [by_language(child, self.model) for child in self.children]
        super().on_model_bound()


def editor_for(page_class):
    """The ``edit_handler`` of a page type: the tabs Wagtail builds by default (Content,
    Promote, Settings, each only when it has panels) as a ``ByLanguageTabbedInterface``."""
    tabs = []
    # Wagtail's own tab names, with its words (ru: Содержимое, Продвижение, Настройки).
    for attribute, heading in (
        ("content_panels", pgettext_lazy("translation workbench", "Content")),
        ("promote_panels", pgettext_lazy("translation workbench", "Promote")),
        ("settings_panels", pgettext_lazy("translation workbench", "Settings")),
    ):
        panels = getattr(page_class, attribute, None)
        if panels:
            tabs.append(ObjectList(list(panels), heading=heading))
    return ByLanguageTabbedInterface(tabs, base_form_class=page_class.base_form_class)
