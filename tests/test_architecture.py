"""The layout's rules, read from the source: who may import whom, and no patching.

These are the rules docs/architecture.md states; a change that breaks one fails here with the
file and line to look at, instead of surfacing later as an import cycle or a broken upgrade.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ["core", "pages", "polls", "remembrance", "editorial", "ops", "portal", "demo",
        "citations"]
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
    """Footnotes serve every page type; page types name them only as ``footnotes``."""
    found = [
        f"{path.relative_to(ROOT)}:{line} imports {module}"
        for _, path in sources("citations")
        for line, module in imports(path)
        if app_of(module) in PAGE_TYPE_APPS | {"editorial", "demo"}
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
