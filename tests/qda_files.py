"""REFI-QDA projects (.qdpx) built for the tests, element by element as Project.xsd orders them.

The codebook is tests/fixtures/qda/codebook.qdc (its codes copied into the project's
``<CodeBook>``); two interview transcripts are text files under ``sources/`` and one is
given inline as ``<PlainTextContent>``; cases carry a ``Role`` variable.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures" / "qda"
NS = "urn:QDA-XML:project:1.0"
USER = "0b000000-0000-4000-8000-000000000001"
ROLE = "0b000000-0000-4000-8000-000000000002"
LEADERS, STIPENDS, TRUST, WELCOME, EARLIER, STRIKING = (
    f"0a000000-0000-4000-8000-0000000000{n}" for n in ("02", "03", "12", "14", "21", "30")
)

INTERVIEW_A = (
    "Interviewer: How did people come to accept her?\n\n"
    "M04: When the chief said at the meeting that she is our health worker, we believed him. "
    "Now I trust her like my sister, so when she knocks we open the door.\n\n"
    "M04: My husband says “let her in”.\n"
)
INTERVIEW_B = (
    "CHW11: The elders stood up for me at the baraza — after that, mothers trusted me and they "
    "started to call me into the house.\n\nCHW11: But the money comes three months late.\n"
)
NOTES_C = "Field note: the clinic queue was short; a mother said she came early because the CHW told her.\n"


def span(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return start, start + len(part)


def _codes() -> str:
    book = (FIXTURES / "codebook.qdc").read_text(encoding="utf-8")
    inner = book[book.index("<Codes>") : book.index("</Codes>") + len("</Codes>")]
    return re.sub(r"\n\s*", "", inner)


def _selection(guid: str, name: str, text: str, part: str, codes: list[str], note: str = "") -> str:
    start, end = span(text, part)
    codings = "".join(
        f'<Coding guid="{guid[:-3]}{i:03d}" creatingUser="{USER}"><CodeRef targetGUID="{c}"/></Coding>'
        for i, c in enumerate(codes, start=1)
    )
    description = f"<Description>{note}</Description>" if note else ""
    return (
        f'<PlainTextSelection guid="{guid}" name="{name}" startPosition="{start}" endPosition="{end}" '
        f'creatingUser="{USER}">{description}{codings}</PlainTextSelection>'
    )


def project_xml(*, bad_position: bool = False, unknown_code: bool = False) -> str:
    a_trust = _selection(
        "0c000000-0000-4000-8000-000000001000",
        "A1",
        INTERVIEW_A,
        "When the chief said at the meeting that she is our health worker, we believed him. "
        "Now I trust her like my sister, so when she knocks we open the door.",
        [LEADERS, TRUST, WELCOME],
    )
    a_quote = _selection(
        "0c000000-0000-4000-8000-000000002000", "A2", INTERVIEW_A, "My husband says “let her in”.", [STRIKING]
    )
    b_trust = _selection(
        "0c000000-0000-4000-8000-000000003000",
        "B1",
        INTERVIEW_B,
        "The elders stood up for me at the baraza — after that, mothers trusted me and they "
        "started to call me into the house.",
        [LEADERS, TRUST, WELCOME],
        note="baraza: a public meeting",
    )
    b_money = _selection(
        "0c000000-0000-4000-8000-000000004000",
        "B2",
        INTERVIEW_B,
        "But the money comes three months late.",
        [STIPENDS],
    )
    c_early = _selection(
        "0c000000-0000-4000-8000-000000005000",
        "C1",
        NOTES_C,
        "a mother said she came early because the CHW told her.",
        [UNKNOWN if unknown_code else EARLIER, TRUST],
    )
    if bad_position:
        b_money = b_money.replace('endPosition="', 'endPosition="9').replace(
            'startPosition="', 'startPosition="9'
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?>'
        f'<Project xmlns="{NS}" name="CHW interviews" origin="ptgraph tests" creatingUserGUID="{USER}" '
        'creationDateTime="2026-01-05T10:00:00Z">'
        f'<Users><User guid="{USER}" name="Coder"/></Users>'
        f"<CodeBook>{_codes()}</CodeBook>"
        f'<Variables><Variable guid="{ROLE}" name="Role" typeOfVariable="Text"/></Variables>'
        "<Cases>"
        '<Case guid="0d000000-0000-4000-8000-000000000001" name="M04">'
        f'<VariableValue><VariableRef targetGUID="{ROLE}"/><TextValue>Mother</TextValue></VariableValue>'
        '<SourceRef targetGUID="0e000000-0000-4000-8000-00000000000a"/></Case>'
        '<Case guid="0d000000-0000-4000-8000-000000000002" name="CHW11">'
        f'<VariableValue><VariableRef targetGUID="{ROLE}"/><TextValue>Community health worker</TextValue>'
        '</VariableValue><SourceRef targetGUID="0e000000-0000-4000-8000-00000000000b"/></Case>'
        "</Cases>"
        "<Sources>"
        '<TextSource guid="0e000000-0000-4000-8000-00000000000a" name="Interview M04" '
        f'plainTextPath="internal://0e000000-0000-4000-8000-00000000000a.txt" creatingUser="{USER}">'
        f"{a_trust}{a_quote}</TextSource>"
        '<TextSource guid="0e000000-0000-4000-8000-00000000000b" name="Interview CHW11" '
        f'plainTextPath="internal://0e000000-0000-4000-8000-00000000000b.txt">{b_trust}{b_money}</TextSource>'
        '<TextSource guid="0e000000-0000-4000-8000-00000000000c" name="Clinic field notes">'
        f"<PlainTextContent>{NOTES_C}</PlainTextContent>"
        f'{c_early}<VariableValue><VariableRef targetGUID="{ROLE}"/><TextValue>Researcher</TextValue>'
        "</VariableValue></TextSource>"
        "</Sources>"
        "</Project>"
    )


UNKNOWN = "0f000000-0000-4000-8000-000000000999"


def write_qdpx(path: Path, *, qde: str | None = None, sources: bool = True, **options: bool) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("project.qde", qde if qde is not None else project_xml(**options))
        if sources:
            archive.writestr("sources/0e000000-0000-4000-8000-00000000000a.txt", INTERVIEW_A)
            archive.writestr("sources/0e000000-0000-4000-8000-00000000000b.txt", INTERVIEW_B)
    return path
