"""The admin's own forms as a browser would send them back.

``rendered_form(client, url)`` fetches an admin page and returns what submitting its main form
unchanged would post: every named ``input`` (checked boxes and radios only), ``textarea`` and
``select`` of the form, nothing inside ``<template>`` (an inline panel's empty child), and each
StreamField as Wagtail's own script would write its inputs from the block data the page carries
(``data-controller="w-block"``): rich text as Draftail's contentstate, ``data-block-key``s and
all. Tests change what a person would change in the result and post it: content then goes
through exactly the path an editor's or a translator's browser takes.
"""

import html
import json
from html.parser import HTMLParser

from django.utils.datastructures import MultiValueDict


class _Form:
    def __init__(self, attrs):
        self.attrs = attrs
        self.fields: list[tuple[str, str]] = []
        self.streams: list[tuple[str, dict, list]] = []


class _Parser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[_Form] = []
        self._form = None
        self._template_depth = 0
        self._textarea = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "template":
            self._template_depth += 1
            return
        if self._template_depth:
            return
        if tag == "form":
            self._form = _Form(attrs)
            self.forms.append(self._form)
            return
        if self._form is None:
            return
        name = attrs.get("name")
        if tag == "div" and attrs.get("data-controller") == "w-block":
            definition = json.loads(html.unescape(attrs["data-w-block-data-value"]))
            arguments = json.loads(html.unescape(attrs["data-w-block-arguments-value"]))
            self._form.streams.append((attrs["id"], definition, arguments))
        elif tag == "input" and name and "disabled" not in attrs:
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self._form.fields.append((name, attrs.get("value", "on")))
            elif kind not in ("submit", "button", "image", "reset", "file"):
                self._form.fields.append((name, attrs.get("value", "")))
        elif tag == "textarea" and name and "disabled" not in attrs:
            self._textarea = [name, ""]
        elif tag == "select" and name and "disabled" not in attrs:
            self._select = [name, None, None]  # name, first option, selected option
        elif tag == "option" and self._select is not None:
            value = attrs.get("value", "")
            if self._select[1] is None:
                self._select[1] = value
            if "selected" in attrs:
                self._select[2] = value

    def handle_endtag(self, tag):
        if tag == "template" and self._template_depth:
            self._template_depth -= 1
        elif self._template_depth:
            return
        elif tag == "form":
            self._form = None
        elif tag == "textarea" and self._textarea is not None:
            value = self._textarea[1]
            self._form.fields.append((self._textarea[0], value[1:] if value.startswith("\n")
                                      else value))
            self._textarea = None
        elif tag == "select" and self._select is not None:
            name, first, selected = self._select
            value = selected if selected is not None else first
            if value is not None:
                self._form.fields.append((name, value))
            self._select = None

    def handle_data(self, data):
        if self._textarea is not None and not self._template_depth:
            self._textarea[1] += data


# -- StreamFields, as Wagtail's block script writes their inputs ----------------------------
def _unpack(data, refs=None):
    """Telepath's packing undone: ``_id``/``_ref`` references and ``_val`` wrappers."""
    refs = {} if refs is None else refs
    if isinstance(data, list):
        return [_unpack(item, refs) for item in data]
    if not isinstance(data, dict):
        return data
    if "_ref" in data:
        return refs[data["_ref"]]
    if "_val" in data:
        value = _unpack(data["_val"], refs)
    elif "_type" in data:
        value = {"_type": data["_type"], "_args": _unpack(data.get("_args", []), refs)}
    elif "_dict" in data:
        value = {key: _unpack(item, refs) for key, item in data["_dict"].items()}
    else:
        value = {key: _unpack(item, refs) for key, item in data.items()}
    if "_id" in data:
        refs[data["_id"]] = value
    return value


def _kind(definition) -> str:
    return definition["_type"].rsplit(".", 1)[-1]


def _stream_children(definition) -> dict:
    children = {}
    for _group, members in definition["_args"][1]:
        for child in members:
            children[child["_args"][0]] = child
    return children


def _flatten(prefix, definition, value, out):
    kind = _kind(definition)
    if kind in ("StreamBlock",):
        children = _stream_children(definition)
        items = value or []
        out.append((f"{prefix}-count", str(len(items))))
        for position, item in enumerate(items):
            out += [(f"{prefix}-{position}-type", item["type"]),
                    (f"{prefix}-{position}-deleted", ""),
                    (f"{prefix}-{position}-order", str(position)),
                    (f"{prefix}-{position}-id", item.get("id") or "")]
            _flatten(f"{prefix}-{position}-value", children[item["type"]], item.get("value"),
                     out)
    elif kind in ("StructBlock", "StaticBlock") or kind.endswith("StructBlock"):
        if kind == "StaticBlock":
            return
        for child in definition["_args"][1]:
            name = child["_args"][0]
            _flatten(f"{prefix}-{name}", child, (value or {}).get(name), out)
    elif kind == "ListBlock":
        child = definition["_args"][1]
        items = value or []
        out.append((f"{prefix}-count", str(len(items))))
        for position, item in enumerate(items):
            if isinstance(item, dict) and "value" in item and "id" in item:
                ident, item = item["id"], item["value"]
            else:
                ident = ""
            out += [(f"{prefix}-{position}-deleted", ""),
                    (f"{prefix}-{position}-order", str(position)),
                    (f"{prefix}-{position}-id", ident or "")]
            _flatten(f"{prefix}-{position}-value", child, item, out)
    else:  # a field block: its widget's value
        if isinstance(value, list):
            value = value[0] if value else ""
        if isinstance(value, dict):
            value = value.get("id", "")
        if value is None:
            return
        if isinstance(value, bool):
            if value:
                out.append((prefix, "on"))
            return
        out.append((prefix, str(value)))


def stream_fields(name, definition, arguments) -> list[tuple[str, str]]:
    out = []
    _flatten(name, _unpack(definition), _unpack(arguments)[0], out)
    return out


def rendered_form(client, url, *, index=None) -> MultiValueDict:
    """What the page at ``url`` would post from its main form (the form with the most fields,
    or the ``index``-th form with ``method="post"``) submitted unchanged."""
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    parser = _Parser()
    parser.feed(response.content.decode())
    forms = [form for form in parser.forms
             if form.attrs.get("method", "get").lower() == "post"]
    form = forms[index] if index is not None else max(
        forms, key=lambda f: len(f.fields) + len(f.streams))
    data = MultiValueDict()
    for name, value in form.fields:
        if "__prefix__" not in name:
            data.appendlist(name, value)
    for name, definition, arguments in form.streams:
        for key, value in stream_fields(name, definition, arguments):
            data.appendlist(key, value)
    return data


def post_data(data: MultiValueDict, **changes) -> dict:
    """``data`` as the test client posts it, with ``changes`` (a name to a value, or None to
    leave the field out) applied."""
    result = {key: data.getlist(key) for key in data}
    for key, value in changes.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = value if isinstance(value, list) else [value]
    return {key: values if len(values) != 1 else values[0] for key, values in result.items()}
