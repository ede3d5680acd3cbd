"""XLIFF 1.2, XLIFF 2.0 and gettext PO, written and read with translate-toolkit.

Each segment is a unit: its id (XLIFF ``id``, PO ``msgctxt``), the source text, the current
translation, its state and notes for the translator. Placeholders are XLIFF ``<g id="1">…</g>``
and ``<x id="2"/>`` (XLIFF 2.0: ``<pc id="1">…</pc>``, ``<ph id="2"/>``), and ``{1}…{/1}``,
``{2/}`` in PO. The fingerprint of the source a
translation is made from travels with each unit (a note ``source-fingerprint``), so an import
knows what the translation was written from."""

import re
from dataclasses import dataclass, field

from lxml import etree
from translate.storage import pypo, xliff, xliff2
from translate.storage.placeables import StringElem
from translate.storage.placeables.xliff import G, X

from translations import state as translation_state
from translations.exchange import richtext
from translations.machine import MACHINE_MARK

XLIFF, XLIFF2, PO = "xliff", "xliff2", "po"
FORMATS = {XLIFF: ("xlf", "application/x-xliff+xml"), XLIFF2: ("xlf", "application/xliff+xml"),
           PO: ("po", "text/x-gettext-translation")}
PORTAL = "x-portal"
PRINT = "source-fingerprint: "
XLIFF_STATES = {
    translation_state.MISSING: "new",
    translation_state.SAME: "needs-translation",
    translation_state.OUTDATED: "needs-review-translation",
    translation_state.TRANSLATED: "translated",
}
MT_QUALIFIER = "mt-suggestion"
TM_QUALIFIER = "tm-suggestion"  # the translation memory's suggestion (translations.memory)
MEMORY_MARK = "translation memory — needs review"
MTC_NS = "urn:oasis:names:tc:xliff:matches:2.0"
CONFIRMED = {"translated", "final", "signed-off"}
CONFIRMED2 = {"translated", "reviewed", "final"}  # XLIFF 2.0's states


class FileError(ValueError):
    """The file cannot be read: ``code`` says why (malformed, encoding, language …)."""

    def __init__(self, code, detail=""):
        super().__init__(code)
        self.code = code
        self.detail = detail


@dataclass
class Unit:
    id: str
    source: str
    target: str
    machine: bool = False
    field_print: str | None = None
    error: str | None = None  # a placeholder the portal does not write
    memory: bool = False  # the memory's suggestion, still marked as one (not accepted)


@dataclass
class Parsed:
    format: str
    language: str
    source_language: str
    units: list = field(default_factory=list)
    declared: int | None = None


def notes(entry, segment, glossary, placeholders_in_text=False) -> list[str]:
    """What a translator reads beside a segment."""
    where = entry.label + (f" — {entry.url}" if entry.url else "")
    found = [where, f"Field: {segment.label}", f"State: {segment.state}"]
    if segment.max_length:
        found.append(f"Maximum length: {segment.max_length} characters")
    if segment.placeholders:
        described = ", ".join(
            (f"{{{n}}}…{{/{n}}}" if placeholders_in_text and not d.endswith("break")
             else f"{{{n}/}}" if placeholders_in_text else str(n)) + f": {d}"
            for n, d in segment.placeholders.items())
        found.append("Placeholders (keep each one, move it with its words): " + described)
    lowered = segment.source.casefold()
    for term in glossary:
        source_term = term.in_language(translation_state.source_language())
        if source_term and source_term.casefold() in lowered:
            found.append(glossary_line(term, entry.language))
    if segment.machine:
        found.append(MACHINE_MARK)
    if segment.memory:
        found.append(MEMORY_MARK)
    return found


def glossary_line(term, language) -> str:
    source = term.in_language(translation_state.source_language())
    line = f"Glossary: {source} → {term.in_language(language) or '?'}"
    return line + (f" ({term.note})" if term.note else "")


# -- XLIFF --------------------------------------------------------------------------------
def _to_rich(text: str):
    """Placeholder text to translate-toolkit's XLIFF tree (g and x elements)."""
    root: list = []
    stack = [(None, root)]
    position = 0
    for match in richtext.MARKER.finditer(text):
        if match.start() > position:
            stack[-1][1].append(text[position:match.start()])
        position = match.end()
        closing, number, void = match.group(1) == "/", match.group(2), match.group(3) == "/"
        if void:
            stack[-1][1].append(X(id=number))
        elif closing:
            if len(stack) == 1 or stack[-1][0] != number:
                return [StringElem([text])]
            _number, children = stack.pop()
            stack[-1][1].append(G(id=number, sub=children or [""]))
        else:
            stack.append((number, []))
    if len(stack) != 1:
        return [StringElem([text])]
    if position < len(text):
        root.append(text[position:])
    return [StringElem(root or [""])]


def _from_rich(elements) -> str:
    out = []
    for element in elements:
        if isinstance(element, str):
            out.append(element)
        elif isinstance(element, G):
            out.append(f"{{{element.id}}}{_from_rich(element.sub)}{{/{element.id}}}")
        elif isinstance(element, X):
            out.append(f"{{{element.id}/}}")
        elif type(element) is StringElem:
            out.append(_from_rich(element.sub))
        else:
            raise FileError("placeholder")
    return "".join(out)


def _child(element, name):
    for child in element:
        if isinstance(child.tag, str) and etree.QName(child).localname == name:
            return child
    return None


def _file_of(parse, data):
    """(the parsed store, its root, its ``<file>``) of an XLIFF document, or FileError."""
    try:
        store = parse(data)
    except Exception as error:  # lxml's and translate-toolkit's errors alike
        raise FileError("malformed", str(error)[:200]) from error
    root = store.document.getroot()
    file_element = _child(root, "file")
    if file_element is None:
        raise FileError("malformed", "no <file>")
    return store, root, file_element


def _declared(notes_element):
    """The number of segments a file says it holds (its ``segments: N`` note), or None."""
    for note in notes_element if notes_element is not None else []:
        if isinstance(note.tag, str) and (note.text or "").startswith("segments:"):
            try:
                return int(note.text.split(":", 1)[1])
            except ValueError:
                raise FileError("malformed", "segments") from None
    return None


def write_xliff(document) -> bytes:
    store = xliff.xlifffile(sourcelanguage=document.source_language,
                            targetlanguage=document.language)
    for entry in document.entries:
        for segment in entry.segments:
            unit = store.addsourceunit(segment.source)
            unit.setid(segment.id)
            unit.rich_source = _to_rich(segment.source)
            unit.rich_target = _to_rich(segment.target) if segment.target else [StringElem("")]
            target = _child(unit.xmlelement, "target")
            target.set("state", "needs-review-translation" if segment.machine or segment.memory
                       else XLIFF_STATES[segment.state])
            if segment.machine:
                target.set("state-qualifier", MT_QUALIFIER)
            elif segment.memory:
                target.set("state-qualifier", TM_QUALIFIER)
            for line in notes(entry, segment, document.glossary):
                unit.addnote(line, origin="developer")
            unit.addnote(PRINT + segment.field_print, origin=PORTAL)
            if segment.memory:  # after the notes, as XLIFF 1.2 orders a unit's children
                unit.addalttrans(segment.target, origin=segment.memory, matchquality="100",
                                 sourcetxt=segment.source)
    root = store.document.getroot()
    root.set("version", "1.2")
    file_element = _child(root, "file")
    file_element.set("original", "memorial-portal")
    header = etree.Element(etree.QName(root, "header"))
    for line in [f"segments: {document.count}"] + [
            glossary_line(term, document.language) for term in document.glossary]:
        note = etree.SubElement(header, etree.QName(root, "note"))
        note.set("from", PORTAL if line.startswith("segments:") else "developer")
        note.text = line
    file_element.insert(0, header)
    # translate-toolkit names the 1.1 namespace; the document is 1.2 (which it reads too).
    return bytes(store).replace(b"urn:oasis:names:tc:xliff:document:1.1",
                                b"urn:oasis:names:tc:xliff:document:1.2", 1)


def read_xliff(data: bytes) -> Parsed:
    store, _root, file_element = _file_of(xliff.xlifffile.parsestring, data)
    parsed = Parsed(XLIFF, file_element.get("target-language", ""),
                    file_element.get("source-language", ""),
                    declared=_declared(_child(file_element, "header")))
    for unit in store.units:
        ident = unit.xmlelement.get("id") or ""
        error = None
        try:
            source = _from_rich(unit.rich_source)
            target = _from_rich(unit.rich_target or [])
        except FileError:
            source, target, error = unit.source or "", unit.target or "", "placeholder"
        except (TypeError, AttributeError, ValueError) as failure:  # translate-toolkit's own
            raise FileError("malformed", str(failure)[:200]) from failure
        target_element = _child(unit.xmlelement, "target")
        qualifier, state = ((target_element.get("state-qualifier"), target_element.get("state"))
                            if target_element is not None else (None, None))
        unconfirmed = state not in CONFIRMED  # a suggestion is one until a person confirms it
        machine = qualifier == MT_QUALIFIER and unconfirmed
        memory = qualifier == TM_QUALIFIER and unconfirmed
        printed = next((line[len(PRINT):].strip() for line in
                        unit.getnotes(PORTAL).splitlines() if line.startswith(PRINT)), None)
        parsed.units.append(Unit(ident, source, target or "", machine, printed, error,
                                 memory))
    return parsed


# -- XLIFF 2.0 ----------------------------------------------------------------------------
# XLIFF 2.0 keeps fewer states than 1.2: what is not translated is "initial", told apart by a
# subState (missing, same as source, outdated, or a machine's suggestion).
XLIFF2_NS = xliff2.Xliff2File.namespace
SUB_STATE = "portal:"


def _q(name):
    return etree.QName(XLIFF2_NS, name)


def _fill2(element, text):
    """Placeholder text into an XLIFF 2.0 element: ``<pc id="1">…</pc>``, ``<ph id="2"/>``."""
    for child in list(element):
        element.remove(child)
    element.text = ""
    stack, position = [element], 0

    def append(chunk):
        parent = stack[-1]
        if len(parent):
            parent[-1].tail = (parent[-1].tail or "") + chunk
        else:
            parent.text = (parent.text or "") + chunk

    for match in richtext.MARKER.finditer(text):
        append(text[position:match.start()])
        position = match.end()
        closing, number, void = match.group(1) == "/", match.group(2), match.group(3) == "/"
        if void:
            etree.SubElement(stack[-1], _q("ph"), id=number)
        elif closing and len(stack) > 1 and stack[-1].get("id") == number:
            stack.pop()
        elif not closing:
            stack.append(etree.SubElement(stack[-1], _q("pc"), id=number))
        else:
            append(match.group(0))
    append(text[position:])


def _read2(element) -> str:
    """An XLIFF 2.0 element's text with its inline elements as placeholders."""
    out = [element.text or ""]
    for child in element:
        name = etree.QName(child).localname if isinstance(child.tag, str) else ""
        number = child.get("id", "")
        if name == "pc" and number.isdigit():
            out.append(f"{{{number}}}{_read2(child)}{{/{number}}}")
        elif name == "ph" and number.isdigit() and not len(child):
            out.append(f"{{{number}/}}")
        else:
            raise FileError("placeholder")
        out.append(child.tail or "")
    return "".join(out)


def write_xliff2(document) -> bytes:
    """XLIFF 2.0: one ``<unit>`` per segment, named with the segment's id (XLIFF 2.0 ids
    allow no "/" or "#"), its ``<segment>`` with the state and the translator's notes."""
    store = xliff2.Xliff2File(sourcelanguage=document.source_language,
                              targetlanguage=document.language)
    store.setsourcelanguage(document.source_language)
    store.settargetlanguage(document.language)
    file_element = store.body
    file_element.set("id", "memorial-portal")
    file_notes = etree.SubElement(file_element, _q("notes"))
    for line in [f"segments: {document.count}"] + [
            glossary_line(term, document.language) for term in document.glossary]:
        note = etree.SubElement(file_notes, _q("note"))
        note.set("category", PORTAL if line.startswith("segments:") else "glossary")
        note.text = line
    number = 0
    for entry in document.entries:
        for segment in entry.segments:
            number += 1
            unit = store.addsourceunit(segment.source)
            unit.setid(f"u{number}")
            unit.getunitelement().set("name", segment.id)
            # The notes belong to the unit (before its segment) in XLIFF 2.0.
            unit_notes = etree.Element(_q("notes"))
            lines = [("developer", text) for text in notes(entry, segment, document.glossary)]
            for category, text in lines + [(PORTAL, PRINT + segment.field_print)]:
                etree.SubElement(unit_notes, _q("note"), category=category).text = text
            unit.getunitelement().insert(0, unit_notes)
            _fill2(unit.xmlelement.find(_q("source")), segment.source)
            if segment.target:
                target = unit.xmlelement.find(_q("target"))
                if target is None:
                    target = etree.SubElement(unit.xmlelement, _q("target"))
                _fill2(target, segment.target)
            translated = segment.state == translation_state.TRANSLATED and not segment.machine
            unit.xmlelement.set("state", "translated" if translated else "initial")
            if not translated:
                sub = (MT_QUALIFIER if segment.machine
                       else TM_QUALIFIER if segment.memory else segment.state)
                unit.xmlelement.set("subState", SUB_STATE + sub)
            if segment.memory:
                _match2(unit, segment)
    return bytes(store)


def _match2(unit, segment):
    """The memory's suggestion as an XLIFF 2.0 Translation Candidates match (``<mtc:match>``,
    before the unit's notes, as modules come first), with where it came from."""
    unit.xmlelement.set("id", "s1")
    matches = etree.Element(etree.QName(MTC_NS, "matches"), nsmap={"mtc": MTC_NS})
    match = etree.SubElement(matches, etree.QName(MTC_NS, "match"), ref="#s1", type="tm",
                             similarity="100", origin=segment.memory)
    _fill2(etree.SubElement(match, _q("source")), segment.source)
    _fill2(etree.SubElement(match, _q("target")), segment.target)
    unit.getunitelement().insert(0, matches)


def read_xliff2(data: bytes) -> Parsed:
    _store, root, file_element = _file_of(xliff2.Xliff2File.parsestring, data)
    parsed = Parsed(XLIFF2, root.get("trgLang", ""), root.get("srcLang", ""),
                    declared=_declared(_child(file_element, "notes")))
    for unit_element in file_element.iter(_q("unit")):
        segment = _child(unit_element, "segment")
        if segment is None:
            raise FileError("malformed", "a <unit> without <segment>")
        ident = unit_element.get("name") or unit_element.get("id") or ""
        source_element, target_element = _child(segment, "source"), _child(segment, "target")
        error = None
        try:
            source = _read2(source_element) if source_element is not None else ""
            target = _read2(target_element) if target_element is not None else ""
        except FileError:
            source = "".join(source_element.itertext()) if source_element is not None else ""
            target = "".join(target_element.itertext()) if target_element is not None else ""
            error = "placeholder"
        sub_state = segment.get("subState")
        unconfirmed = segment.get("state", "initial") not in CONFIRMED2
        machine = sub_state == SUB_STATE + MT_QUALIFIER and unconfirmed
        memory = sub_state == SUB_STATE + TM_QUALIFIER and unconfirmed
        printed = None
        unit_notes = _child(unit_element, "notes")
        for note in unit_notes if unit_notes is not None else []:
            if isinstance(note.tag, str) and note.get("category") == PORTAL and (
                    note.text or "").startswith(PRINT):
                printed = note.text[len(PRINT):].strip()
        parsed.units.append(Unit(ident, source, target, machine, printed, error, memory))
    return parsed


# -- PO -----------------------------------------------------------------------------------
def write_po(document) -> bytes:
    store = pypo.pofile()
    header = store.init_headers(
        charset="UTF-8", encoding="8bit", language=document.language,
        pot_creation_date="", po_revision_date="", last_translator="", language_team="",
        project_id_version="memorial-portal", report_msgid_bugs_to="",
        **{"X-Portal-Source-Language": document.source_language,
           "X-Portal-Segments": str(document.count)},
    )
    lines = ["Placeholders: {1}…{/1} stand for a link or emphasis around words, {2/} for a "
             "line break; keep each one."]
    lines += [glossary_line(term, document.language) for term in document.glossary]
    header.addnote("\n".join(lines), origin="translator")
    for entry in document.entries:
        for segment in entry.segments:
            unit = store.addsourceunit(segment.source)
            unit.setcontext(segment.id)
            unit.target = segment.target
            comments = notes(entry, segment, document.glossary, placeholders_in_text=True)
            unit.addnote("\n".join(comments + [PRINT + segment.field_print]),
                         origin="developer")
            if segment.memory:
                unit.addnote(segment.memory, origin="translator")
            if segment.machine or segment.memory or (segment.target and segment.state in (
                    translation_state.OUTDATED, translation_state.SAME)):
                unit.markfuzzy(True)
    return bytes(store)


def read_po(data: bytes) -> Parsed:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise FileError("encoding") from error
    if not re.search(r'^\s*msgid\s+"', text, re.M):
        raise FileError("malformed", "no msgid")
    try:
        store = pypo.pofile.parsestring(text.encode("utf-8"))
    except Exception as error:
        raise FileError("malformed", str(error)[:200]) from error
    headers = store.parseheader()
    charset = re.search(r"charset=([\w-]+)", headers.get("Content-Type", ""))
    if charset and charset.group(1).lower() not in ("utf-8", "utf8"):
        raise FileError("encoding")
    try:
        declared = int(headers["X-Portal-Segments"]) if "X-Portal-Segments" in headers else None
    except ValueError:
        raise FileError("malformed", "segments") from None
    parsed = Parsed(PO, headers.get("Language", ""), headers.get("X-Portal-Source-Language", ""),
                    declared=declared)
    for unit in store.units:
        if unit.isheader() or unit.isobsolete():
            continue
        if not unit.getcontext() and not unit.source:
            continue  # comments left over after the last entry: counted as missing below
        comments = unit.getnotes("developer")
        printed = next((line[len(PRINT):].strip() for line in comments.splitlines()
                        if line.startswith(PRINT)), None)
        machine = unit.isfuzzy() and MACHINE_MARK in comments
        memory = unit.isfuzzy() and MEMORY_MARK in comments
        parsed.units.append(Unit(unit.getcontext() or "", unit.source or "", unit.target or "",
                                 machine, printed, memory=memory))
    return parsed


WRITERS = {XLIFF: write_xliff, XLIFF2: write_xliff2, PO: write_po}


def read(data: bytes) -> Parsed:
    """Either format, told apart by its content."""
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise FileError("encoding")
    if head.startswith(b"<"):
        try:
            data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise FileError("encoding") from error
        # The portal writes no document type: a declaration could define entities (a file
        # that grows a billion times when read, or reads the server's files), and
        # translate-toolkit fails on a reference to one. Refused before anything parses it.
        if re.search(rb"<!(DOCTYPE|ENTITY)", data, re.IGNORECASE):
            raise FileError("entity")
        declaration = re.match(rb'<\?xml[^>]*encoding=["\']([\w-]+)', head)
        if declaration and declaration.group(1).lower() not in (b"utf-8", b"utf8"):
            raise FileError("encoding")
        if b"urn:oasis:names:tc:xliff:document:2." in data[:2048]:
            return read_xliff2(data)
        return read_xliff(data)
    return read_po(data)
