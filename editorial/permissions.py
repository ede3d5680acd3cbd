"""Who may do what with translations: the one place the admin's views ask."""

from wagtail.models import Page


def can_write(user, language: str) -> bool:
    """``user`` may write the texts of ``language`` (core.translate_<code>)."""
    return user.has_perm(f"core.translate_{language}")


def can_edit(user, instance) -> bool:
    """``user`` may edit ``instance``: a page by its page permissions, anything else by its
    model's change permission."""
    if isinstance(instance, Page):
        return instance.permissions_for_user(user).can_edit()
    meta = instance._meta
    return user.has_perm(f"{meta.app_label}.change_{meta.model_name}")
