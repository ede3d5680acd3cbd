"""The messages the portal's code asks gettext for, read from its Python files and templates as
makemessages reads them: each call of gettext, gettext_lazy, ngettext, pgettext and their
aliases with a literal text, each ``{% translate %}`` and ``{% blocktranslate %}``. A message is
(context or None, text, plural or None)."""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Copies of Wagtail's own templates: their texts are Wagtail's messages, translated by
# Wagtail's catalogues.
WAGTAIL_COPIES = ("translations/templates/wagtailadmin",)
PORTAL_APPS = ("core", "editorial", "pages", "polls", "remembrance", "citations", "ops",
               "preservation", "portal", "demo", "templates", "sharing", "translations")

FUNCTIONS = {
    "gettext": (None, 0, None), "gettext_lazy": (None, 0, None), "gettext_noop": (None, 0, None),
    "ngettext": (None, 0, 1), "ngettext_lazy": (None, 0, 1),
    "pgettext": (0, 1, None), "pgettext_lazy": (0, 1, None),
    "npgettext": (0, 1, 2), "npgettext_lazy": (0, 1, 2),
}


def _aliases(tree) -> dict:
    found = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation":
            for name in node.names:
                if name.name in FUNCTIONS:
                    found[name.asname or name.name] = name.name
    return found


def _literal(node):
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def python_messages(path: Path) -> list[tuple]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    aliases = _aliases(tree)
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                and node.func.id in aliases):
            continue
        context_at, text_at, plural_at = FUNCTIONS[aliases[node.func.id]]
        args = node.args
        if len(args) <= text_at:
            continue
        text = _literal(args[text_at])
        if text is None:
            continue
        context = _literal(args[context_at]) if context_at is not None else None
        plural = _literal(args[plural_at]) if plural_at is not None and len(args) > plural_at \
            else None
        found.append((context, text, plural))
    return found


_TRANSLATE = re.compile(
    r'{%\s*(?:translate|trans)\s+(?P<q>["\'])(?P<text>.*?)(?P=q)'
    r'(?:\s+context\s+(?P<cq>["\'])(?P<context>.*?)(?P=cq))?')
_BLOCK = re.compile(
    r"{%\s*(?:blocktranslate|blocktrans)\b(?P<options>[^%]*)%}(?P<body>.*?)"
    r"{%\s*(?:endblocktranslate|endblocktrans)\s*%}", re.S)
_CONTEXT = re.compile(r'context\s+(["\'])(.*?)\1')


# Templates' literal "%" is written "%%" in the catalogue, as makemessages and the translate
# tags at run time both write it.
_ONE_PERCENT = re.compile(r"(?<!%)%(?!%)")


def _block_text(value: str, trimmed: bool) -> str:
    value = re.sub(r"{{\s*(\w+)\s*}}", lambda match: f"%({match.group(1)})s",
                   value.replace("%", "%%"))
    if trimmed:
        value = " ".join(line.strip() for line in value.strip().splitlines())
    return value


def template_messages(path: Path) -> list[tuple]:
    text = path.read_text(encoding="utf-8")
    found = [(match.group("context"), _ONE_PERCENT.sub("%%", match.group("text")), None)
             for match in _TRANSLATE.finditer(text)]
    for match in _BLOCK.finditer(text):
        options = match.group("options")
        context = _CONTEXT.search(options)
        singular, _sep, plural = match.group("body").partition("{% plural %}")
        trimmed = "trimmed" in options
        found.append((context.group(2) if context else None, _block_text(singular, trimmed),
                      _block_text(plural, trimmed) if plural else None))
    return found


def files(*folders):
    for folder in folders:
        base = ROOT / folder
        if not base.exists():
            continue
        for path in sorted(base.rglob("*")):
            relative = path.relative_to(ROOT).as_posix()
            if "/migrations/" in relative or relative.startswith(WAGTAIL_COPIES):
                continue
            if path.suffix in (".py", ".html", ".txt", ".xml"):
                yield path


def messages_of(*folders) -> dict:
    """{message: [files that ask for it]} of the folders' code."""
    found: dict = {}
    for path in files(*folders):
        reader = python_messages if path.suffix == ".py" else template_messages
        for message in reader(path):
            found.setdefault(message, []).append(path.relative_to(ROOT).as_posix())
    return found
