"""Reading REFI-QDA files (the QDA exchange standard of NVivo, ATLAS.ti, MAXQDA, QualCoder...).

A codebook (``.qdc``) is one XML document, ``<CodeBook xmlns="urn:QDA-XML:codebook:1.0">``
with nested ``<Code guid name isCodable>`` elements; a project (``.qdpx``) is a zip holding
``project.qde`` (``<Project xmlns="urn:QDA-XML:project:1.0">``: the codebook, sources with
their coded selections, cases and variables) and the sources' text files under ``sources/``.
This module reads those into plain records; :mod:`loaders.qda.refiqda` makes a review of them.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree.ElementTree import Element, ParseError

from defusedxml import ElementTree as SafeET
from defusedxml.common import DefusedXmlException

from graph.errors import Problem

__all__ = ["QdaCode", "QdaSelection", "QdaProject", "read_qda"]

_ROLE_VARIABLES = (
    "role",
    "participant role",
    "participant group",
    "participant type",
    "stakeholder",
    "stakeholder group",
    "group",
)
_SPEAKER_VARIABLES = ("participant", "participant id", "speaker", "respondent", "pseudonym")
_SITE_VARIABLES = ("site", "case site", "setting", "case study")


@dataclass
class QdaCode:
    guid: str
    name: str
    path: tuple[str, ...]  # the names from the top of the hierarchy down to this code
    codable: bool = True
    description: str = ""


@dataclass
class QdaSelection:
    """One coded stretch of a source's text, with the codes applied to it."""

    source: str
    start: int
    end: int
    text: str
    codes: list[str]
    paragraph: int
    speaker: str = ""
    role: str = ""
    site: str = ""
    note: str = ""


@dataclass
class QdaProject:
    codes: dict[str, QdaCode] = field(default_factory=dict)
    selections: list[QdaSelection] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _children(element: Element, name: str) -> list[Element]:
    return [child for child in element if _local(child.tag) == name]


def _child(element: Element, name: str) -> Element | None:
    return next(iter(_children(element, name)), None)


def _parse(data: bytes, where: str, problems: list[Problem]) -> Element | None:
    try:
        return SafeET.fromstring(data)
    except ParseError as e:
        line, column = getattr(e, "position", (None, None))
        problems.append(
            Problem(
                where, line, f"not well-formed XML (column {column}): {e.msg if hasattr(e, 'msg') else e}"
            )
        )
    except DefusedXmlException as e:
        problems.append(Problem(where, None, f"refused: the XML uses entities or DTDs ({type(e).__name__})"))
    return None


def _codes(
    parent: Element, path: tuple[str, ...], codes: dict[str, QdaCode], where: str, problems: list[Problem]
) -> None:
    for code in _children(parent, "Code"):
        guid, name = code.get("guid", ""), (code.get("name") or "").strip()
        if not guid or not name:
            problems.append(
                Problem(where, None, f"Code {name or guid or '(unnamed)'}: needs both guid and name")
            )
            continue
        described = _child(code, "Description")
        description = (described.text or "").strip() if described is not None else ""
        codes[guid] = QdaCode(
            guid, name, (*path, name), code.get("isCodable", "true") != "false", description
        )
        _codes(code, (*path, name), codes, where, problems)


def _codebook(root: Element, where: str, problems: list[Problem]) -> dict[str, QdaCode]:
    book = root if _local(root.tag) == "CodeBook" else _child(root, "CodeBook")
    codes: dict[str, QdaCode] = {}
    found = _child(book, "Codes") if book is not None else None
    if found is None:
        problems.append(Problem(where, None, "no <CodeBook><Codes> element: not a REFI-QDA codebook"))
        return codes
    _codes(found, (), codes, where, problems)
    return codes


def _paragraph(text: str, start: int) -> int:
    """The paragraph (non-blank line) of the text a position falls in, counting from 1."""
    return sum(1 for line in text[:start].split("\n")[:-1] if line.strip()) + 1


def _variables(root: Element) -> dict[str, str]:
    found = {}
    for variable in root.iter():
        if _local(variable.tag) == "Variable":
            found[variable.get("guid", "")] = (variable.get("name") or "").strip().casefold()
    return found


def _values(owner: Element, names: dict[str, str]) -> dict[str, str]:
    values = {}
    for value in _children(owner, "VariableValue"):
        ref = _child(value, "VariableRef")
        text = next((child.text for child in value if _local(child.tag).endswith("Value") and child.text), "")
        if ref is not None and text:
            values[names.get(ref.get("targetGUID", ""), "")] = text.strip()
    return values


def _pick(values: dict[str, str], wanted: tuple[str, ...]) -> str:
    return next((values[w] for w in wanted if values.get(w)), "")


class _Zip:
    def __init__(self, path: Path, problems: list[Problem]):
        self.path, self.problems = path, problems
        self.names: dict[str, str] = {}
        try:
            self.zip: zipfile.ZipFile | None = zipfile.ZipFile(path)
            self.names = {n.casefold(): n for n in self.zip.namelist()}
        except (zipfile.BadZipFile, OSError) as e:
            problems.append(Problem(path.name, None, f"is not a .qdpx project (a zip file): {e}"))
            self.zip = None

    def read(self, name: str) -> bytes | None:
        real = self.names.get(name.casefold())
        return self.zip.read(real) if self.zip is not None and real else None


def _source_text(source: Element, archive: _Zip, where: str, problems: list[Problem]) -> str | None:
    content = _child(source, "PlainTextContent")
    if content is not None:
        return content.text or ""
    path = source.get("plainTextPath", "")
    if path.startswith("internal://"):
        data = archive.read("sources/" + path.removeprefix("internal://"))
        if data is not None:
            return data.decode("utf-8-sig")
    problems.append(
        Problem(
            where,
            None,
            f"{_local(source.tag)} '{source.get('name') or source.get('guid')}': "
            f"its text {path or '(no plainTextPath)'} is not in the project",
        )
    )
    return None


def _selections(
    root: Element, archive: _Zip, project: QdaProject, where: str, problems: list[Problem]
) -> None:
    names = _variables(root)
    cases: dict[str, dict[str, str]] = {}
    for case in root.iter():
        if _local(case.tag) == "Case":
            values = {**_values(case, names), "case": case.get("name", "")}
            for ref in _children(case, "SourceRef"):
                cases[ref.get("targetGUID", "")] = values
    notes = {
        n.get("guid", ""): (n.findtext("{urn:QDA-XML:project:1.0}PlainTextContent") or "").strip()
        for n in root.iter()
        if _local(n.tag) == "Note"
    }
    for source in root.iter():
        kind = _local(source.tag)
        if kind == "PDFSource":
            if _children(source, "PDFSelection"):
                project.notes.append(
                    f"{source.get('name')}: PDF area selections carry no text, so they were "
                    "not imported (code its text representation instead)"
                )
            continue
        if kind not in ("TextSource", "Representation"):
            continue
        text = _source_text(source, archive, where, problems)
        if text is None:
            continue
        owner = source if kind == "TextSource" else None
        values = {
            **cases.get(source.get("guid", ""), {}),
            **(_values(owner, names) if owner is not None else {}),
        }
        name = str(source.get("name") or source.get("guid", ""))
        for selection in _children(source, "PlainTextSelection"):
            _selection(selection, name, text, values, notes, project, where, problems)


def _selection(
    selection: Element,
    source: str,
    text: str,
    values: dict[str, str],
    notes: dict[str, str],
    project: QdaProject,
    where: str,
    problems: list[Problem],
) -> None:
    label = f"PlainTextSelection '{selection.get('name') or selection.get('guid')}' of {source}"
    try:
        start, end = int(selection.get("startPosition", "")), int(selection.get("endPosition", ""))
    except ValueError:
        problems.append(Problem(where, None, f"{label}: startPosition and endPosition must be whole numbers"))
        return
    if not 0 <= start < end <= len(text):
        problems.append(
            Problem(
                where,
                None,
                f"{label}: positions {start}–{end} are outside its text (0–{len(text)} characters)",
            )
        )
        return
    codes = []
    for coding in _children(selection, "Coding"):
        ref = _child(coding, "CodeRef")
        guid = ref.get("targetGUID", "") if ref is not None else ""
        if guid not in project.codes:
            problems.append(
                Problem(where, None, f"{label}: Coding refers to no code of the codebook ({guid!r})")
            )
            continue
        codes.append(guid)
    description = selection.findtext("{urn:QDA-XML:project:1.0}Description") or ""
    note = "; ".join(
        filter(
            None,
            [
                description.strip(),
                *(notes.get(r.get("targetGUID", ""), "") for r in _children(selection, "NoteRef")),
            ],
        )
    )
    project.selections.append(
        QdaSelection(
            source,
            start,
            end,
            text[start:end].strip(),
            codes,
            _paragraph(text, start),
            _pick(values, _SPEAKER_VARIABLES) or values.get("case", ""),
            _pick(values, _ROLE_VARIABLES),
            _pick(values, _SITE_VARIABLES),
            note,
        )
    )


def read_qda(path: Path, problems: list[Problem]) -> QdaProject:
    """The codes (and, for a project, the coded selections) of a ``.qdc`` or ``.qdpx`` file."""
    project = QdaProject()
    if path.suffix.lower() == ".qdc":
        root = _parse(path.read_bytes(), path.name, problems)
        if root is not None:
            project.codes = _codebook(root, path.name, problems)
        return project
    archive = _Zip(path, problems)
    if archive.zip is None:
        return project
    where = f"{path.name}: project.qde"
    data = archive.read("project.qde")
    if data is None:
        problems.append(Problem(path.name, None, "has no project.qde inside: not a REFI-QDA project"))
        return project
    root = _parse(data, where, problems)
    if root is None:
        return project
    project.codes = _codebook(root, where, problems)
    _selections(root, archive, project, where, problems)
    return project
