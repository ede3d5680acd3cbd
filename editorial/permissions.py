"""Who may do what with translations: the one place the admin's views ask."""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import Http404
from django.shortcuts import get_object_or_404
from wagtail.models import Page

from core import field_permissions, translation_state

# Readers' messages (the contact form's submissions, with names and addresses): read, exported
# and deleted only by the roles that hold this (Editors, administrators; docs/security.md).
READERS_MESSAGES_PERMISSION = "wagtailforms.view_formsubmission"


def can_read_readers_messages(user) -> bool:
    return user.has_perm(READERS_MESSAGES_PERMISSION)


def can_write(user, language: str) -> bool:
    """``user`` may write the texts of ``language`` (core.translate_<code>)."""
    return user.has_perm(field_permissions.language_permission(language))


def can_edit(user, instance) -> bool:
    """``user`` may edit ``instance``: a page by its page permissions, anything else by its
    model's change permission."""
    if isinstance(instance, Page):
        return instance.permissions_for_user(user).can_edit()
    meta = instance._meta
    return user.has_perm(f"{meta.app_label}.change_{meta.model_name}")


def valid_key(model, value) -> bool:
    """Whether ``value`` can be a primary key of ``model`` at all: of its type and, for a
    number, within what the database stores (a larger one would fail in the database)."""
    field = model._meta.pk
    try:
        key = field.to_python(value)
    except (ValueError, TypeError, ValidationError):
        return False
    while field.is_relation:  # a page's key is its link to wagtailcore's page: that key's type
        field = field.target_field
    if isinstance(key, int):
        low, high = connection.ops.integer_field_range(field.get_internal_type())
        return (low is None or key >= low) and (high is None or key <= high)
    return key is not None


def tracked_object(content_type_id, object_id, language: str):
    """The object (a specific page, a record, settings) whose translation an admin view works
    on, given in its URL, and the target ``language`` asked for: 404 when either is unknown
    or the object's texts are not tracked. Whether the user may write it is the caller's
    question (``can_edit`` and ``can_write``), as each view answers a refusal its own way."""
    content_type = get_object_or_404(ContentType, pk=content_type_id)
    model = content_type.model_class()
    if model is None or not translation_state.is_tracked(model) or not valid_key(model,
                                                                                 object_id):
        raise Http404
    instance = get_object_or_404(model, pk=object_id)
    if isinstance(instance, Page):
        instance = instance.specific
    if language not in translation_state.target_languages():
        raise Http404
    return instance
