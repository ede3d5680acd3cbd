"""The docs say what the code does: every environment variable the settings read is in
docs/configuration.md, and every place where HTML is marked safe is in docs/security.md with
the reason it is safe."""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# What reads a variable: os.environ.get / [] / setdefault, env.get / [] in the functions of
# portal/settings/environment.py (``env=os.environ``), the helpers of portal/settings/base.py,
# and dj-database-url's ``env=``.
ENV_READERS = {"env_bool", "env_list", "env_required", "getenv"}
ENV_MAPPINGS = {"environ", "env"}


def _is_environment(node) -> bool:
    return (isinstance(node, ast.Attribute) and node.attr == "environ") or (
        isinstance(node, ast.Name) and node.id in ENV_MAPPINGS)


def _text(node):
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def variables_read(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            on_environment = isinstance(func, ast.Attribute) and _is_environment(func.value)
            if node.args and (name in ENV_READERS or (
                    on_environment and name in ("get", "setdefault", "pop"))):
                found.add(_text(node.args[0]))
            found |= {_text(keyword.value) for keyword in node.keywords if keyword.arg == "env"}
        elif isinstance(node, ast.Subscript) and _is_environment(node.value):
            found.add(_text(node.slice))
    return found - {None}


def settings_modules() -> list[Path]:
    """portal/settings/*.py and the portal modules they import (portal/release.py)."""
    modules = sorted((ROOT / "portal" / "settings").glob("*.py"))
    for path in list(modules):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("portal."):
                target = ROOT.joinpath(*node.module.split(".")).with_suffix(".py")
                if target.exists() and target not in modules:
                    modules.append(target)
    return modules


def test_every_environment_variable_the_settings_read_is_documented():
    read = set().union(*(variables_read(path) for path in settings_modules()))
    documented = set(re.findall(r"`([A-Z][A-Z0-9_]*)`",
                                (ROOT / "docs" / "configuration.md").read_text("utf-8")))
    assert len(read) > 50  # the reader above finds them
    assert sorted(read - documented) == []


def test_the_variable_reader_sees_each_way_of_reading(tmp_path):
    probe = tmp_path / "probe.py"
    probe.write_text(
        'import os\nA = os.environ.get("ONE")\nB = os.environ["TWO"]\nC = env_bool("THREE")\n'
        'def f(env=os.environ):\n    return env.get("FOUR"), env["FIVE"]\n'
        'D = config(env="SIX")\n', encoding="utf-8")
    assert variables_read(probe) == {"ONE", "TWO", "THREE", "FOUR", "FIVE", "SIX"}


# Output marked safe: Python calls and template filters that switch auto-escaping off.
SAFE_IN_PYTHON = re.compile(r"\b(mark_safe|format_html|SafeString|SafeText)\(")
SAFE_IN_TEMPLATES = re.compile(r"\|\s*(safe|safeseq)\b|\{%\s*autoescape\s+off")
APPS = ["core", "translations", "pages", "polls", "remembrance", "editorial", "ops", "portal",
        "demo", "citations", "sharing"]


def places_marked_safe() -> set[tuple[str, str]]:
    """(file, construct) for each file of the portal that marks output safe."""
    found = set()
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            for match in SAFE_IN_PYTHON.finditer(path.read_text(encoding="utf-8")):
                found.add((str(path.relative_to(ROOT)), match.group(1)))
    for directory in [ROOT / "templates", *(ROOT / app / "templates" for app in APPS)]:
        for path in directory.rglob("*") if directory.is_dir() else []:
            if path.is_file():
                for match in SAFE_IN_TEMPLATES.finditer(path.read_text(encoding="utf-8")):
                    construct = match.group(1) or "autoescape off"
                    found.add((str(path.relative_to(ROOT)), f"|{construct}"
                               if match.group(1) else construct))
    return found


def test_every_place_that_marks_html_safe_is_in_the_security_review():
    """docs/security.md lists each file and construct in a row with why it is safe."""
    rows = [line.replace("\\|", "|")  # a pipe inside a table cell is written \|
            for line in (ROOT / "docs" / "security.md").read_text("utf-8").splitlines()
            if line.lstrip().startswith("|")]
    missing = [
        (path, construct) for path, construct in sorted(places_marked_safe())
        if not any(f"`{path}`" in row and f"`{construct}`" in row for row in rows)
    ]
    assert missing == []
