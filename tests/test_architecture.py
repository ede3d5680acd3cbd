"""The layout's rules, read from the source: who may import whom, and no patching.

These are the rules docs/architecture.md states; a change that breaks one fails here with the
file and line to look at, instead of surfacing later as an import cycle or a broken upgrade.
"""

import ast
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ["core", "translations", "pages", "polls", "remembrance", "editorial", "ops", "portal",
        "demo", "citations", "sharing"]
PAGE_TYPE_APPS = {"pages", "polls", "remembrance"}


def sources(*apps):
    for app in apps or APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.parts:
                yield app, path


def imports(path):
    """(line, imported module) for every import in the file, at any depth."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.lineno, node.module


def app_of(module):
    top = module.split(".")[0]
    return top if top in APPS else None


def test_core_imports_no_page_type_and_no_portal_app():
    found = [
        f"{path.relative_to(ROOT)}:{line} imports {module}"
        for _, path in sources("core")
        for line, module in imports(path)
        if app_of(module) not in (None, "core") and module != "ops.cache"
    ]
    assert found == []


def test_citations_import_no_page_type():
    """Footnotes serve every page type; page types name them only as ``footnotes``. Citing
    needs nothing of sharing either (the site's name is core's)."""
    found = [
        f"{path.relative_to(ROOT)}:{line} imports {module}"
        for _, path in sources("citations")
        for line, module in imports(path)
        if app_of(module) in PAGE_TYPE_APPS | {"editorial", "demo", "sharing"}
    ]
    assert found == []


def test_sharing_imports_no_page_type_and_no_citation():
    """Sharing a page serves every page type: page types give what it shows
    (``share_card_lines``, ``get_sitemap_urls``, feed items); it asks them, never imports them.
    The site's name, which cards and citations both show, is core's (``core.site_root``)."""
    found = [
        f"{path.relative_to(ROOT)}:{line} imports {module}"
        for _, path in sources("sharing")
        for line, module in imports(path)
        if app_of(module) in PAGE_TYPE_APPS | {"editorial", "demo", "citations"}
    ]
    assert found == []


def test_no_portal_app_imports_the_demo_content():
    found = [
        f"{path.relative_to(ROOT)}:{line} imports {module}"
        for app, path in sources()
        if app != "demo"
        for line, module in imports(path)
        if app_of(module) == "demo"
    ]
    assert found == []


def test_no_model_imports_a_template_tag():
    found = [
        f"{path.relative_to(ROOT)}:{line} imports {module}"
        for _, path in sources()
        if "models" in path.parts or path.name == "models.py"
        for line, module in imports(path)
        if ".templatetags" in module
    ]
    assert found == []


def test_the_apps_import_each_other_without_a_cycle():
    graph = {app: set() for app in APPS}
    for app, path in sources():
        for _, module in imports(path):
            other = app_of(module)
            if other and other != app:
                graph[app].add(other)

    def cycle_from(start):
        stack = [(start, [start])]
        while stack:
            app, trail = stack.pop()
            for other in graph[app]:
                if other == start:
                    return trail + [start]
                if other not in trail:
                    stack.append((other, trail + [other]))
        return None

    cycles = {" -> ".join(c) for app in APPS if (c := cycle_from(app))}
    assert cycles == set()


def module_cycles(app):
    """Import cycles between the modules of one app (imports at any depth count: a function's
    own import is still a dependency)."""
    modules = {}
    for _, path in sources(app):
        name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        modules[name.removesuffix(".__init__")] = path
    graph = {name: set() for name in modules}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                targets = [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
            elif isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            else:
                continue
            graph[name] |= {target for target in targets if target in modules} - {name}
    cycles = set()
    for start in graph:
        stack = [(start, [start])]
        while stack:
            module, trail = stack.pop()
            for other in graph[module]:
                if other == start:
                    cycles.add(" -> ".join(trail + [start]))
                elif other not in trail:
                    stack.append((other, trail + [other]))
    return cycles


def test_the_translation_app_has_no_import_cycle_inside():
    """One idea, one direction: models, states, the walker, exchange and suggestions import
    each other one way only (issue 26)."""
    assert module_cycles("translations") == set()


def test_the_cycle_check_finds_a_cycle(tmp_path, monkeypatch):
    package = tmp_path / "probe"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("def f():\n    from probe import b\n")
    (package / "b.py").write_text("from probe.a import f\n")
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    monkeypatch.setattr(sys.modules[__name__], "APPS", [*APPS, "probe"])
    assert module_cycles("probe") == {"probe.a -> probe.b -> probe.a",
                                      "probe.b -> probe.a -> probe.b"}


def third_party_names(tree):
    """Names the module binds by importing something that is not the portal's."""
    names = set()
    for node in tree.body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            module = node.module if isinstance(node, ast.ImportFrom) else None
            for alias in node.names:
                source = module or alias.name
                if getattr(node, "level", 0) == 0 and app_of(source) is None:
                    names.add((alias.asname or alias.name).split(".")[0])
    return names


@pytest.mark.parametrize("app", APPS)
def test_nothing_is_assigned_into_a_third_party_module_or_class(app):
    found = []
    for _, path in sources(app):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        foreign = third_party_names(tree)
        for node in ast.walk(tree):
            targets = []
            if isinstance(node, ast.Assign):
                targets = node.targets
            elif isinstance(node, (ast.AugAssign, ast.AnnAssign)):
                targets = [node.target]
            elif (
                isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                and node.func.id in ("setattr", "delattr") and node.args
            ):
                targets = [ast.Attribute(value=node.args[0], attr="?")]
            for target in targets:
                base = target
                while isinstance(base, (ast.Attribute, ast.Subscript)):
                    base = base.value
                if (
                    isinstance(target, ast.Attribute) and isinstance(base, ast.Name)
                    and base.id in foreign
                ):
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno} assigns into {base.id}")
    assert found == []


# -- Wagtail through its public doors ----------------------------------------------------------
# What the portal may import from Wagtail: the modules its documentation (Wagtail 8) names.
# Anything else, or a name starting with "_", is one of Wagtail's private places, which an
# upgrade may change without notice.
DOCUMENTED_WAGTAIL_MODULES = {
    "wagtail", "wagtail.admin", "wagtail.admin.admin_url_finder", "wagtail.admin.filters",
    "wagtail.admin.forms", "wagtail.admin.mail", "wagtail.admin.menu", "wagtail.admin.panels",
    # (the rich text widget's path in the WAGTAILADMIN_RICH_TEXT_EDITORS setting's reference)
    "wagtail.admin.rich_text",
    "wagtail.admin.ui.components", "wagtail.admin.ui.tables", "wagtail.admin.views.generic",
    # (PageViewSet's reference: search_view_class "must be a subclass of ...SearchView")
    "wagtail.admin.views.pages.search", "wagtail.admin.viewsets.pages",
    "wagtail.admin.views.generic.base", "wagtail.admin.views.reports", "wagtail.admin.widgets",
    "wagtail.blocks", "wagtail.blocks.base", "wagtail.contrib.forms.models",
    "wagtail.contrib.forms.panels", "wagtail.contrib.frontend_cache.utils",
    "wagtail.contrib.redirects.models", "wagtail.contrib.routable_page.models",
    "wagtail.contrib.search_promotions.models", "wagtail.contrib.settings.models",
    "wagtail.contrib.sitemaps", "wagtail.contrib.sitemaps.views", "wagtail.documents",
    "wagtail.documents.blocks", "wagtail.documents.models", "wagtail.embeds.blocks",
    "wagtail.fields", "wagtail.images", "wagtail.images.blocks", "wagtail.images.models",
    "wagtail.log_actions", "wagtail.models", "wagtail.permission_policies", "wagtail.rich_text",
    "wagtail.search", "wagtail.search.backends", "wagtail.search.query", "wagtail.search.utils",
    "wagtail.signals", "wagtail.snippets.blocks", "wagtail.snippets.models",
    "wagtail.snippets.views.snippets", "wagtail.url_routing", "wagtail.users.models",
}
# Methods of Wagtail's page classes its documentation offers for overriding (the page model
# reference, form pages, sitemaps, routable pages; ``clean`` is Django's).
DOCUMENTED_PAGE_OVERRIDES = {
    "serve", "serve_preview", "get_context", "get_template", "get_preview_context",
    "get_preview_template", "preview_modes", "default_preview_mode", "get_url", "get_url_parts",
    "url", "get_sitemap_urls", "get_admin_display_title", "save", "save_revision", "clean",
    "route", "index_route", "get_form", "get_form_fields", "process_form_submission",
    "render_landing_page", "render_email", "send_mail",
}
CHOOSER = (
    "the page chooser's Status cell with a translation badge per language: Wagtail's page chooser "
    "is not a ChooserViewSet and offers no door to its columns (wagtail/roadmap#9, "
    "wagtail/wagtail#10519 ask for chooser columns); the copy is Wagtail's cell plus the badges "
    "(tests/test_translation_badges.py compares them) and the name is pinned "
    "(tests/test_wagtail_pins.py)"
)
DASHBOARD = (
    "the dashboard's 'Awaiting your review' with a translation badge per language: "
    "construct_homepage_panels can only add or remove whole panels, Wagtail's panel has no door "
    "to its rows (no Wagtail issue asks for one yet); the copy is Wagtail's panel plus the badges "
    "(tests/test_translation_badges.py compares them) and the name is pinned "
    "(tests/test_wagtail_pins.py)"
)
NOTIFICATION = (
    "the review e-mail's line on each language's translation: Wagtail's template of the same "
    "name extended (block.super in its 'content' block), not copied. Wagtail documents Notifier "
    "subclasses for new notifications, but its own notifiers are connected under private "
    "dispatch_uids (wagtail.admin.signal_handlers), so replacing them would depend on Wagtail "
    "internals as much (wagtail/wagtail#7187 asked for a way to switch them off); the names and "
    "the block are pinned (tests/test_wagtail_pins.py)"
)
# Every remaining use of something Wagtail does not document, and why (docs/architecture.md).
# A new one fails until it is listed with its reason; one the code no longer has fails too.
PRIVATE_WAGTAIL_USES = {
    "template translations/templates/wagtailadmin/chooser/tables/page_status_cell.html":
        CHOOSER,
    "template translations/templates/wagtailadmin/home/workflow_objects_to_moderate.html":
        DASHBOARD,
    "template translations/templates/wagtailadmin/notifications/task_state_submitted.html":
        NOTIFICATION,
    "template translations/templates/wagtailadmin/notifications/task_state_submitted.txt":
        NOTIFICATION,
    "template translations/templates/wagtailadmin/notifications/workflow_state_submitted.html":
        NOTIFICATION,
    "template translations/templates/wagtailadmin/notifications/workflow_state_submitted.txt":
        NOTIFICATION,
    "override BasePage.get_view_restrictions": (
        "Wagtail's restriction check (its on_serve_page hook) asks the database for every page "
        "served; the portal answers from the restricted paths it remembers (core.restrictions). "
        "Wagtail documents no door for it: wagtail/rfcs#32, wagtail/wagtail#14381"
    ),
}
WAGTAIL_PACKAGES = ("wagtail", "wagtail_modeltranslation", "modeltranslation")
# Wagtail's admin classes in markup a script could look for (.w-header, .w-panel__heading).
ADMIN_MARKUP = re.compile(r"""querySelector(?:All)?\(\s*["'][^"']*\.w-""")


def wagtail_templates():
    import wagtail

    root = Path(wagtail.__file__).resolve().parent
    return {
        str(path.relative_to(directory))
        for directory in root.rglob("templates")
        # the starter project's and Wagtail's test apps' templates are nobody's to override
        if directory.is_dir() and not {"project_template", "test", "tests"} & set(
            directory.relative_to(root).parts)
        for path in directory.rglob("*") if path.is_file()
    }


def page_classes_in_source():
    """(module, class name, method names) of every class the portal's apps define."""
    for _, path in sources():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        for node in tree.body:
            if isinstance(node, ast.ClassDef):
                methods = {item.name for item in node.body
                           if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef))}
                yield module, node.name, methods


def private_wagtail_uses():
    """Each use of what Wagtail keeps private, named as PRIVATE_WAGTAIL_USES names it."""
    import importlib

    from wagtail.models import Page

    found = set()
    for _, path in sources():
        where = path.relative_to(ROOT)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [(node.module, alias.name) for alias in node.names]
            elif isinstance(node, ast.Import):
                names = [(alias.name, "") for alias in node.names]
            else:
                names = []
            for module, name in names:
                if module.split(".")[0] not in WAGTAIL_PACKAGES:
                    continue
                undocumented = (module.split(".")[0] == "wagtail"
                                and module not in DOCUMENTED_WAGTAIL_MODULES)
                hidden = any(part.startswith("_") for part in [*module.split("."), name])
                if undocumented or hidden:
                    found.add(f"import {module}{'.' + name if name else ''} in {where}")
            # Wagtail's private request and page attributes (_wagtail_route_for_request,
            # _wagtail_site, _wagtail_cached_site_root_paths...), read or written.
            if isinstance(node, ast.Attribute) and node.attr.startswith("_wagtail"):
                found.add(f"attribute {node.attr} in {where}")
            if (isinstance(node, ast.Constant) and isinstance(node.value, str)
                    and node.value.startswith("_wagtail")):
                found.add(f"attribute {node.value} in {where}")
    # Wagtail's own templates copied or extended under the same name.
    theirs = wagtail_templates()
    for directory in [ROOT / "templates", *(ROOT / app / "templates" for app in APPS)]:
        for path in sorted(directory.rglob("*")) if directory.is_dir() else []:
            if path.is_file() and str(path.relative_to(directory)) in theirs:
                found.add(f"template {path.relative_to(ROOT)}")
    # Scripts that find their way in Wagtail's admin pages by its markup.
    for path in sorted(ROOT.glob("*/static/**/*.js")):
        if ADMIN_MARKUP.search(path.read_text(encoding="utf-8")):
            found.add(f"script {path.relative_to(ROOT)}")
    # Methods of Wagtail's page classes replaced where its documentation offers no override.
    for module, name, methods in page_classes_in_source():
        cls = getattr(importlib.import_module(module), name, None)
        if not (isinstance(cls, type) and issubclass(cls, Page)):
            continue
        for method in methods - DOCUMENTED_PAGE_OVERRIDES:
            if any(base.__module__.startswith("wagtail") and method in vars(base)
                   for base in cls.__mro__[1:]):
                found.add(f"override {name}.{method}")
    return found


def test_wagtail_is_used_only_through_its_public_doors():
    """No import of a private or undocumented Wagtail name, no use of Wagtail's private
    attributes, no copied admin template, no script reading admin markup, no replaced page
    method Wagtail does not offer for overriding, except those listed with their reason."""
    found = private_wagtail_uses()
    assert sorted(found - set(PRIVATE_WAGTAIL_USES)) == []
    assert sorted(set(PRIVATE_WAGTAIL_USES) - found) == [], "no longer used: remove from the list"
    assert all(reason.strip() for reason in PRIVATE_WAGTAIL_USES.values())


def test_the_check_finds_what_it_is_meant_to_find(tmp_path, monkeypatch):
    """The rules above catch a write to Wagtail's request attributes and a private import."""
    app = tmp_path / "core"
    app.mkdir()
    (app / "probe.py").write_text(
        "from wagtail.models.sites import get_site_for_hostname\n"
        "from wagtail.models import _private\n"
        "def f(request):\n    request._wagtail_site = None\n"
        "    setattr(request, '_wagtail_route_for_request', None)\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    monkeypatch.setattr(sys.modules[__name__], "APPS", ["core"])
    assert private_wagtail_uses() == {
        "import wagtail.models.sites.get_site_for_hostname in core/probe.py",
        "import wagtail.models._private in core/probe.py",
        "attribute _wagtail_site in core/probe.py",
        "attribute _wagtail_route_for_request in core/probe.py",
    }


# -- one storage shape for per-language text (docs/translation.md) --------------------------
# Where application code lives: every folder of the project but these, in these files.
NOT_APPLICATION = {"migrations", "locale", "tests", "docs", ".venv", "node_modules", ".git",
                   "static_collected", "screenshots", "archive", ".ruff_cache", "__pycache__"}
APPLICATION_SUFFIXES = {".py", ".html", ".txt", ".js"}


def application_files(root):
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if (path.suffix in APPLICATION_SUFFIXES and path.is_file()
                and not NOT_APPLICATION & set(relative.parts)
                and not relative.parts[0].endswith(".egg-info")):
            yield path


def per_language_names():
    """Every field and StreamField block name of the project that ends in a configured
    language's code (``title_az``, ``name_ru`` …): the columns modeltranslation makes, and any
    field or block that would keep a language in its name."""
    from django.apps import apps
    from wagtail import blocks
    from wagtail.fields import StreamField

    from core.i18n import language_codes

    suffixes = tuple(f"_{code}" for code in language_codes())
    names = set()

    def walk(block):
        children = getattr(block, "child_blocks", None) or {}
        for name, child in children.items():
            names.add(name)
            walk(child)
        if isinstance(block, blocks.ListBlock):
            walk(block.child_block)

    for model in apps.get_models():
        for field in model._meta.get_fields():
            names.add(field.name)
            if isinstance(field, StreamField):
                walk(field.stream_block)
    return {name for name in names if name.endswith(suffixes)}


def names_in_code(root, names):
    """"path:line name" for each use of one of ``names`` in the application code at ``root``:
    a whole name, alone or followed by a lookup (``slug_en__startswith``)."""
    if not names:
        return []
    pattern = re.compile(r"(?<![A-Za-z0-9_])(" + "|".join(sorted(map(re.escape, names)))
                         + r")(?![A-Za-z0-9]|_(?!_))")
    found = []
    for path in application_files(root):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            found += [f"{path.relative_to(root)}:{number} {match.group(1)}"
                      for match in pattern.finditer(line)]
    return found


def test_no_application_code_names_a_language_column_or_block():
    """Per-language text has one shape, modeltranslation's fields: code names the base field
    (``title``) and builds a language's column with ``build_localized_fieldname`` from the
    configured languages; no model, block, form, template or script names ``title_az``."""
    names = per_language_names()
    assert {"title_az", "name_ru", "term_en", "events_az"} <= names
    assert names_in_code(ROOT, names) == []


def test_the_language_column_check_finds_what_it_is_meant_to_find(tmp_path):
    (tmp_path / "remembrance").mkdir()
    (tmp_path / "remembrance" / "probe.py").write_text(
        'record.filter(name_az="x", slug_en__startswith="b")\n'
        'f"{name}_{code}"; build_localized_fieldname("name", code); username = "name_azz"\n',
        encoding="utf-8")
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "probe.html").write_text("{{ record.title_ru }}", encoding="utf-8")
    (tmp_path / "remembrance" / "migrations").mkdir()
    (tmp_path / "remembrance" / "migrations" / "0001.py").write_text("name_az = 1",
                                                                     encoding="utf-8")
    names = {"name_az", "slug_en", "title_ru"}
    assert names_in_code(tmp_path, names) == [
        "remembrance/probe.py:1 name_az", "remembrance/probe.py:1 slug_en",
        "templates/probe.html:1 title_ru",
    ]
