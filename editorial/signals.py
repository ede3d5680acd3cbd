from django.apps import apps as django_apps
from django.db.models.signals import post_migrate, post_save, pre_save
from django.dispatch import receiver
from wagtail.models import Page

from editorial import redirects
from editorial.setup import (
    contributor_section_types,
    ensure_groups_and_workflow,
    ensure_section_rules,
)


@receiver(post_migrate)
def complete_groups(sender, **kwargs):
    """Apps migrated after the data migration (polls, search promotions) add their permissions.

    post_migrate is sent once per app that has models; act on the last one.
    """
    with_models = [config for config in django_apps.get_app_configs() if config.models_module]
    if with_models and sender.label == with_models[-1].label:
        ensure_groups_and_workflow(django_apps, strict=True)


@receiver(post_save)
def open_section_to_contributors(sender, instance, created, raw=False, **kwargs):
    if raw or not isinstance(instance, Page):
        return
    key = (instance._meta.app_label, instance._meta.model_name)
    if key in contributor_section_types():
        ensure_section_rules(django_apps, instance.pk)


@receiver(pre_save)
def remember_url_paths(sender, instance, raw=False, **kwargs):
    if not raw and isinstance(instance, Page):
        redirects.remember_url_paths(instance)


@receiver(post_save)
def redirect_old_addresses(sender, instance, created, raw=False, **kwargs):
    if raw or not isinstance(instance, Page):
        return
    redirects.create_redirects(instance)
    redirects.drop_redirects_shadowing(instance)
