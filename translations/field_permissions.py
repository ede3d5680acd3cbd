"""Who may write which field, and the one gate that holds it wherever a draft is written.

Each language's column of a translated text belongs to those who write that language
(``translations.translate_<code>``); everything all languages share (dates, images, keys,
links, which children a page has and their order) to those who may change shared fields
(``translations.edit_shared_fields``). The page editor's panels (translations.panels), the forms of
settings and register records (translations.forms) and the page form's inline children
(translations.page_forms) ask here what to show.

Forms are only the first door. Every draft of a page or a record is written as a revision, so
the gate is the revision itself (:func:`gate_revision`, before a revision is stored): for a
user who may not change shared fields, what the revision keeps is the latest revision (or the
stored object) with only the values that user may write taken from what they sent, at every
depth of inline children (a links page's groups and their links, a map's routes and their
points); children they added are dropped and children they left out are kept. The page form,
a revert to an old revision, an import, a machine suggestion and a crafted post all end there.
A revision by a user for whom the object is locked (an administrator's lock, a review they
do not take part in, a scheduled publication) is refused with Wagtail's own message.
"""

from django.core.exceptions import ValidationError
from django.utils.html import strip_tags
from django.utils.translation import pgettext

from core import i18n
from translations import state as translation_state

SHARED_PERMISSION = "translations.edit_shared_fields"
# The model whose content type holds each language's permission ("<app>.translate_<code>"),
# made for every configured language by ensure_language_permissions, not listed in its Meta:
# a language added to the settings has its permission without a migration.
LANGUAGE_PERMISSION_MODEL = ("translations", "translationrecord")


def language_permission_key(code: str) -> tuple[str, str]:
    """(app label, codename) of the permission to write ``code``'s texts."""
    return LANGUAGE_PERMISSION_MODEL[0], f"translate_{code}"


def ensure_language_permissions(apps=None):
    """One permission per configured language, created where missing (idempotent); ``apps``
    is a migration's historical registry or, by default, the real one."""
    from django.apps import apps as real_apps

    apps = apps or real_apps
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    app_label, model = LANGUAGE_PERMISSION_MODEL
    content_type, _created = ContentType.objects.get_or_create(app_label=app_label, model=model)
    for code in i18n.language_codes():
        Permission.objects.get_or_create(
            content_type=content_type, codename=language_permission_key(code)[1],
            defaults={"name": language_permission_name(code)},
        )


def language_permission_name(code: str) -> str:
    """As Django names permissions: in English, stored once ("Can write the Turkish texts")."""
    from django.utils.translation import get_language_info

    return f"Can write the {get_language_info(code)['name']} texts"


def language_of(model, field_name):
    """(base name, language) when ``field_name`` is a language's column of a text that
    translations.state tracks, else (None, None)."""
    base, _sep, code = field_name.rpartition("_")
    if code in i18n.language_codes() and base in translation_state.per_language_names(model):
        return base, code
    return None, None


def language_permission(code: str) -> str:
    """The permission of those who write ``code``'s texts."""
    return f"translations.translate_{code}"


def required_permission(model, field_name) -> str:
    """Who may change ``field_name`` of ``model``: those who write its language, or, for a
    field all languages share, those who may change shared fields."""
    _base, code = language_of(model, field_name)
    return language_permission(code) if code is not None else SHARED_PERMISSION


def writes_shared(user) -> bool:
    return user is None or user.has_perm(SHARED_PERMISSION)


# -- the gate ------------------------------------------------------------------------------
class Locked(ValidationError):
    """The object is locked for the user who tried to write a draft of it."""


def _child_models(model) -> dict:
    from modelcluster.models import get_all_child_relations

    return {relation.get_accessor_name(): relation.related_model
            for relation in get_all_child_relations(model)}


def keep_unwritable(model, before: dict, sent: dict, user) -> dict:
    """Serialised ``sent`` (modelcluster's ``serializable_data``) made of ``before`` with only
    the values ``user`` may write taken from ``sent``, children matched by their key at every
    depth (see the module docstring)."""
    children = _child_models(model)
    result = dict(before)
    may = {}  # permission: whether the user has it
    for name, value in sent.items():
        if name in children:
            continue
        permission = required_permission(model, name)
        if permission not in may:
            may[permission] = user.has_perm(permission)
        if may[permission]:
            result[name] = value
    for name, child_model in children.items():
        if name not in before:
            continue
        mine = [child for child in sent.get(name) or [] if isinstance(child, dict)]
        by_key = {child.get("pk"): child for child in mine if child.get("pk") is not None}
        kept = []
        for position, child in enumerate(before[name] or []):
            match = by_key.get(child.get("pk")) if child.get("pk") is not None else None
            if match is None and position < len(mine) and mine[position].get("pk") is None:
                match = mine[position]  # a draft written before its children were stored
            kept.append(child if match is None else
                        keep_unwritable(child_model, child, match, user))
        result[name] = kept
    return result


def _with_stored_keys(model, content: dict, stored) -> dict:
    """``content`` whose children written before they were stored (no ``pk``) take the keys
    of the stored object's children, position by position, when there are as many."""
    if stored is None:
        return content
    content = dict(content)
    for name, child_model in _child_models(model).items():
        children = content.get(name)
        if not children or not isinstance(children, list):
            continue
        rows = list(getattr(stored, name).all())
        if len(rows) != len(children):
            continue
        content[name] = [
            _with_stored_keys(child_model, {**child, "pk": child.get("pk") or row.pk}, row)
            for child, row in zip(children, rows, strict=True)
        ]
    return content


def _stored_content(revision) -> dict | None:
    """What the object was before ``revision``: the revision itself as stored when it is
    being overwritten (an autosave), else the latest revision, else the stored object."""
    from wagtail.models import Revision

    if revision.pk is not None:
        return Revision.objects.filter(pk=revision.pk).values_list("content", flat=True).first()
    previous = (Revision.objects.filter(base_content_type_id=revision.base_content_type_id,
                                        object_id=revision.object_id)
                .order_by("-created_at", "-id").first())
    if previous is not None:
        return previous.content
    model = revision.content_type.model_class()
    stored = model._default_manager.filter(pk=revision.object_id).first()
    return stored.serializable_data() if stored is not None else None


def lock_message(instance, user) -> str | None:
    """Why ``instance`` is locked for ``user`` (an administrator's lock, a review the user
    takes no part in, a scheduled publication), in Wagtail's own words; None when it is not."""
    from wagtail.models import LockableMixin

    lock = instance.get_lock() if isinstance(instance, LockableMixin) else None
    if lock is None or not lock.for_user(user):
        return None
    message = strip_tags(str(lock.get_message(user) or ""))
    return message or pgettext("translation workbench", "This item is locked.")


def gate_revision(sender, instance, raw=False, update_fields=None, **kwargs):
    """Before a revision is stored, new or overwritten (see the module docstring)."""
    from wagtail.models import COMMENTS_RELATION_NAME

    if raw or instance.user_id is None:
        return
    if update_fields is not None and "content" not in update_fields:
        return  # bookkeeping: scheduling, approval
    user = instance.user
    model = instance.content_type.model_class() if instance.content_type_id else None
    if model is None:
        return
    if instance.pk is None:  # a new draft; an overwritten one passed here when it was new
        current = model._default_manager.filter(pk=instance.object_id).first()
        message = lock_message(current, user) if current is not None else None
        if message:
            raise Locked(message, code="locked")
    if writes_shared(user):
        return
    before = _stored_content(instance)
    if before is not None:
        stored = model._default_manager.filter(pk=instance.object_id).first()
        before = _with_stored_keys(model, before, stored)
        sent = instance.content
        instance.content = keep_unwritable(model, before, sent, user)
        if COMMENTS_RELATION_NAME in sent:  # comments are everyone's, not the page's text
            instance.content[COMMENTS_RELATION_NAME] = sent[COMMENTS_RELATION_NAME]


def connect():
    from django.db.models.signals import pre_save
    from wagtail.models import Revision

    pre_save.connect(gate_revision, sender=Revision,
                     dispatch_uid="translations.field_permissions.gate")
