"""Groups, permissions and the review workflow, written once for migrations and commands.

Every function takes an app registry (the migration's historical one or the real one) and is
idempotent: running it again leaves the database as it was.
"""

from django.conf import settings
from django.contrib.auth.management import create_permissions

from core import i18n
from translations.field_permissions import (
    SHARED_PERMISSION,
    ensure_language_permissions,
    language_permission_key,
)

EDITORS = "Editors"
CONTRIBUTORS = "Contributors"
WORKFLOW = "Editorial review"
APPROVAL_TASK = "Editor approval"
CONTRIBUTIONS_COLLECTION = "Contributions"

# Site-wide model permissions (app_label, codename), taken only where the app is installed.
EDITOR_MODEL_PERMISSIONS = [
    ("wagtailadmin", "access_admin"),
    ("wagtailredirects", "add_redirect"),
    ("wagtailredirects", "change_redirect"),
    ("wagtailredirects", "delete_redirect"),
    ("wagtailsearchpromotions", "add_searchpromotion"),
    ("wagtailsearchpromotions", "change_searchpromotion"),
    ("wagtailsearchpromotions", "delete_searchpromotion"),
    ("pages", "change_portalsettings"),
    ("polls", "view_vote"),
    ("polls", "view_poll_results"),
    # What readers send through the contact form, with their names and addresses: read,
    # exported and deleted by these roles only, whatever page permissions another role holds
    # (editorial.wagtail_hooks.readers_messages_for).
    ("wagtailforms", "view_formsubmission"),
    ("wagtailforms", "delete_formsubmission"),
    ("taggit", "add_tag"),
    ("taggit", "change_tag"),
    # The glossary translators follow (translations.models.GlossaryTerm).
    ("translations", "add_glossaryterm"),
    ("translations", "change_glossaryterm"),
    ("translations", "delete_glossaryterm"),
    # The synonyms the site search applies (core.models.SearchSynonym, docs/search.md).
    ("core", "add_searchsynonym"),
    ("core", "change_searchsynonym"),
    ("core", "delete_searchsynonym"),
    # The names readers see for news tags (pages.models.NewsTopic).
    ("pages", "add_newstopic"),
    ("pages", "change_newstopic"),
    ("pages", "delete_newstopic"),
]
CONTRIBUTOR_MODEL_PERMISSIONS = [("wagtailadmin", "access_admin")]
# What all languages share (translations.models); with every configured language's permission
# (write_every_language), editors and contributors may write everything.
SHARED_FIELDS_PERMISSION = tuple(SHARED_PERMISSION.split("."))


def write_every_language() -> list[tuple[str, str]]:
    """Who may write every configured language's texts and what all languages share."""
    return [*(language_permission_key(code) for code in i18n.language_codes()),
            SHARED_FIELDS_PERMISSION]


def translators_group(code: str) -> str:
    """The group of a language's translators, named in that language ("Translators: Türkçe")."""
    return f"Translators: {i18n.native_name(code)}"


# One group of translators per language other than the source (core.i18n): they
# edit only that language's texts of any page (and snippets, settings, register records), and
# submit for review. {code: group name} of the configured languages, read when used.
TRANSLATORS = i18n.by_language(translators_group, i18n.target_languages)
TRANSLATOR_PAGE_PERMISSIONS = ["change_page"]
# Site settings and register records: their forms leave out what a translator may not write
# (translations.forms.ByLanguageForm), as the page editor does.
TRANSLATOR_SNIPPET_PERMISSIONS: list[tuple[str, str]] = [
    ("pages", "change_portalsettings"),
    ("remembrance", "change_namerecord"),
    ("pages", "change_newstopic"),
]
# Wagtail's own first workflow, attached to the root with an empty "Moderators" group.
WAGTAIL_DEFAULT_WORKFLOW = "Moderators approval"
EDITOR_PAGE_PERMISSIONS = [
    "add_page", "change_page", "publish_page", "bulk_delete_page", "lock_page", "unlock_page",
]
CONTRIBUTOR_PAGE_PERMISSIONS = ["add_page"]
EDITOR_COLLECTION_PERMISSIONS = [
    ("wagtailimages", "add_image"), ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"), ("wagtailimages", "delete_image"),
    ("wagtaildocs", "add_document"), ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"), ("wagtaildocs", "delete_document"),
]
CONTRIBUTOR_COLLECTION_PERMISSIONS = [
    ("wagtailimages", "add_image"), ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"), ("wagtaildocs", "choose_document"),
]


def contributor_section_types() -> list[tuple[str, str]]:
    """(app_label, model) of the index pages under which contributors write."""
    return [tuple(name.lower().split(".")) for name in settings.PORTAL_CONTRIBUTOR_SECTIONS]


def _permission(apps, app_label, codename):
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()


def _installed(apps, app_label) -> bool:
    try:
        apps.get_app_config(app_label)
    except LookupError:
        return False
    return True


def _ensure_all_permissions(apps):
    # Model permissions are normally created after all migrations; make sure they exist now.
    for app_config in apps.get_app_configs():
        original = getattr(app_config, "models_module", None)
        if original is None:  # a migration's app stub
            app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = original


def ensure_groups_and_workflow(apps, strict=False):
    """strict: every permission named above must exist (after all migrations): a misspelt or
    missing one fails loudly instead of leaving a group without it. The data migration runs
    before some apps' permissions exist and is not strict; post_migrate is."""
    _ensure_all_permissions(apps)
    ensure_language_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")

    editors, _ = Group.objects.get_or_create(name=EDITORS)
    contributors, _ = Group.objects.get_or_create(name=CONTRIBUTORS)

    for group, wanted in [
        (editors, EDITOR_MODEL_PERMISSIONS + write_every_language()),
        (contributors, CONTRIBUTOR_MODEL_PERMISSIONS + write_every_language()),
    ]:
        for app_label, codename in wanted:
            permission = _permission(apps, app_label, codename)
            if permission is not None:
                group.permissions.add(permission)
            elif strict and _installed(apps, app_label):
                raise LookupError(f"No permission {app_label}.{codename} for {group.name}")

    # Pages are read as ids only: in post_migrate the translated Page columns may not exist yet.
    root_page_id = Page.objects.filter(depth=1).values_list("pk", flat=True).first()
    if root_page_id is not None:
        for codename in EDITOR_PAGE_PERMISSIONS:
            permission = _permission(apps, "wagtailcore", codename)
            GroupPagePermission.objects.get_or_create(
                group=editors, page_id=root_page_id, permission=permission
            )

    root_collection = Collection.objects.filter(depth=1).first()
    if root_collection is not None:
        for app_label, codename in EDITOR_COLLECTION_PERMISSIONS:
            GroupCollectionPermission.objects.get_or_create(
                group=editors,
                collection=root_collection,
                permission=_permission(apps, app_label, codename),
            )
        contributions = Collection.objects.filter(name=CONTRIBUTIONS_COLLECTION).first()
        if contributions is None:
            contributions = _add_child_collection(apps, root_collection, CONTRIBUTIONS_COLLECTION)
        for app_label, codename in CONTRIBUTOR_COLLECTION_PERMISSIONS:
            GroupCollectionPermission.objects.get_or_create(
                group=contributors,
                collection=contributions,
                permission=_permission(apps, app_label, codename),
            )

    for code, name in TRANSLATORS.items():
        translators, _ = Group.objects.get_or_create(name=name)
        for app_label, codename in [("wagtailadmin", "access_admin"),
                                    language_permission_key(code),
                                    *TRANSLATOR_SNIPPET_PERMISSIONS]:
            permission = _permission(apps, app_label, codename)
            if permission is not None:
                translators.permissions.add(permission)
            elif strict and _installed(apps, app_label):
                raise LookupError(f"No permission {app_label}.{codename} for {name}")
        if root_page_id is not None:
            for codename in TRANSLATOR_PAGE_PERMISSIONS:
                GroupPagePermission.objects.get_or_create(
                    group=translators, page_id=root_page_id,
                    permission=_permission(apps, "wagtailcore", codename),
                )

    workflow = _ensure_workflow(apps, editors)
    _retire_default_workflow(apps, workflow, root_page_id)
    ContentType = apps.get_model("contenttypes", "ContentType")
    for app_label, model in contributor_section_types():
        content_type = ContentType.objects.filter(app_label=app_label, model=model).first()
        if content_type is None:
            continue
        for page_id in Page.objects.filter(content_type=content_type).values_list("pk", flat=True):
            ensure_section_rules(apps, page_id, contributors=contributors, workflow=workflow)


def _add_child_collection(apps, parent, name):
    """treebeard's add_child is not on historical models: place the node by hand."""
    Collection = apps.get_model("wagtailcore", "Collection")
    siblings = Collection.objects.filter(depth=parent.depth + 1, path__startswith=parent.path)
    last = siblings.order_by("-path").first()
    segment = "0001" if last is None else _next_segment(last.path[-4:])
    collection = Collection.objects.create(
        name=name, path=parent.path + segment, depth=parent.depth + 1, numchild=0
    )
    Collection.objects.filter(pk=parent.pk).update(numchild=parent.numchild + 1)
    return collection


def _next_segment(segment: str) -> str:
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    value = 0
    for char in segment:
        value = value * len(alphabet) + alphabet.index(char)
    value += 1
    out = ""
    for _ in range(len(segment)):
        value, rem = divmod(value, len(alphabet))
        out = alphabet[rem] + out
    return out


def _ensure_workflow(apps, editors):
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    ContentType = apps.get_model("contenttypes", "ContentType")

    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW, defaults={"active": True})
    task = GroupApprovalTask.objects.filter(name=APPROVAL_TASK).first()
    if task is None:
        content_type, _ = ContentType.objects.get_or_create(
            app_label="wagtailcore", model="groupapprovaltask"
        )
        task = GroupApprovalTask.objects.create(
            name=APPROVAL_TASK, active=True, content_type=content_type
        )
    task.groups.add(editors)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    return workflow


def _retire_default_workflow(apps, workflow, root_page_id):
    """Wagtail's "Moderators approval", on the root with a group nobody is in, sends whatever
    is submitted outside the sections to nobody: the whole tree goes to the editors' review."""
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    default = Workflow.objects.filter(name=WAGTAIL_DEFAULT_WORKFLOW).first()
    if default is not None:
        WorkflowPage.objects.filter(workflow=default).update(workflow=workflow)
        default.active = False
        default.save(update_fields=["active"])
    if root_page_id is not None:
        WorkflowPage.objects.update_or_create(page_id=root_page_id,
                                              defaults={"workflow": workflow})


def ensure_section_rules(apps, page_id, *, contributors=None, workflow=None):
    """Contributors may add pages under this section; everything there goes through review."""
    Group = apps.get_model("auth", "Group")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")

    contributors = contributors or Group.objects.filter(name=CONTRIBUTORS).first()
    workflow = workflow or Workflow.objects.filter(name=WORKFLOW).first()
    if contributors is not None:
        for codename in CONTRIBUTOR_PAGE_PERMISSIONS:
            GroupPagePermission.objects.get_or_create(
                group=contributors,
                page_id=page_id,
                permission=_permission(apps, "wagtailcore", codename),
            )
    if workflow is not None:
        WorkflowPage.objects.get_or_create(page_id=page_id, defaults={"workflow": workflow})
