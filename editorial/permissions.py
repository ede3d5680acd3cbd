"""Who may read what readers send."""

# Readers' messages (the contact form's submissions, with names and addresses): read, exported
# and deleted only by the roles that hold this (Editors, administrators; docs/security.md).
READERS_MESSAGES_PERMISSION = "wagtailforms.view_formsubmission"


def can_read_readers_messages(user) -> bool:
    return user.has_perm(READERS_MESSAGES_PERMISSION)
