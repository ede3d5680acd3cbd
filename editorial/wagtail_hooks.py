"""The editorial room's admin hooks: who reads readers' messages, and refusing edit forms that
cannot be read."""

from wagtail import hooks

from editorial import malformed
from editorial.permissions import can_read_readers_messages


@hooks.register("filter_form_submissions_for_user")
def readers_messages_for(user, editable_forms):
    """The form pages whose submissions ``user`` may read, export and delete: none unless the
    user's role may read readers' messages (Editors, administrators; docs/security.md).
    Wagtail gives them to anyone who may edit the form page, and translators edit every page."""
    if not can_read_readers_messages(user):
        return editable_forms.none()
    return editable_forms


# Truncated or scripted edit forms whose StreamFields cannot be read: 400, not a server error.
hooks.register("before_edit_page", malformed.before_edit_page)
hooks.register("before_create_page", malformed.before_create_page)
hooks.register("before_edit_snippet", malformed.before_edit_snippet)
hooks.register("before_create_snippet", malformed.before_create_snippet)
