"""How a person reads an id: programme theories by number and title, roles and sources in words.

Everything a person reads (the explorer's panels and chips, the CLI's ``paths``, the
fidelity report) names things with these functions, so a PT is "PT 6: opinion leaders"
everywhere and never "pt6", and PTs are listed in numeric order (PT 2 before PT 11). The
ids stay in the data for hover, copy and export. Pure functions on plain dicts; no store.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from graph.schema import local_id

__all__ = [
    "theory_label",
    "theory_short",
    "theory_order",
    "theory_index",
    "theory_names",
    "humanise",
    "role_label",
    "source_label",
    "short_citation",
    "attribution",
    "shorten",
    "counted",
    "STAGE_PREFIX",
]

STAGE_PREFIX = {"refined": "", "initial": "Initial ", "draft": "Draft "}
STAGE_ORDER = ("refined", "initial", "draft")
# The package ids RECO-like reviews use: pt6 (refined), ipt6 (initial), draft6 (draft).
_ID_PATTERNS = (
    ("refined", re.compile(r"^pt(\d+)$")),
    ("initial", re.compile(r"^ipt(\d+)$")),
    ("draft", re.compile(r"^draft(\d+)$")),
)
SOURCE_LABELS = {
    "literature": "Literature",
    "staff": "Staff",
    "service_user": "Service users",
    "carer": "Carers",
}
_YEAR = re.compile(r"\b(19|20)\d{2}\b")


def humanise(token: Any) -> str:
    """A vocabulary token in words: 'service_user' → 'service user'.

    >>> humanise("service_user"), humanise("case_study"), humanise(None)
    ('service user', 'case study', '')
    """
    return str(token or "").replace("_", " ").replace("-", " ").strip()


def role_label(role: Any) -> str:
    """A speaker's role in plain words ('service user', 'staff', 'carer')."""
    return humanise(role)


def source_label(kind: Any) -> str:
    """An evidence source type as a heading: 'Service users', 'Literature'.

    >>> source_label("service_user"), source_label("peer_worker")
    ('Service users', 'Peer worker')
    """
    text = humanise(kind)
    return SOURCE_LABELS.get(str(kind), text[:1].upper() + text[1:])


def _guessed(theory_id: str) -> tuple[str, int | None]:
    """Stage and number read from a package id like 'pt11' when no title is known."""
    local = local_id(theory_id)
    for stage, pattern in _ID_PATTERNS:
        found = pattern.match(local)
        if found:
            return stage, int(found.group(1))
    return "refined", None


def theory_short(t: Mapping[str, Any] | str) -> str:
    """The short way to name a PT: 'PT 6', 'Initial PT 6', 'Draft PT 3' (else its title or id).

    >>> theory_short({"id": "reco:pt6", "number": 6}), theory_short("reco:ipt11"), theory_short("x:overall")
    ('PT 6', 'Initial PT 11', 'overall')
    """
    if isinstance(t, str):
        stage, number = _guessed(t)
        t = {"id": t, "stage": stage, "number": number}
    number = t.get("number")
    stage = str(t.get("stage") or "refined")
    if number is None:
        return str(t.get("shortTitle") or t.get("name") or local_id(str(t.get("id", ""))))
    return f"{STAGE_PREFIX.get(stage, '')}PT {number}"


def theory_label(t: Mapping[str, Any]) -> str:
    """'PT 6: opinion leaders', 'Initial PT 6: opinion leaders', 'Draft PT: Leadership'.

    >>> theory_label({"stage": "draft", "name": "Leadership"})
    'Draft PT: Leadership'
    >>> theory_label({"number": 6, "shortTitle": "PT 6: opinion leaders"})
    'PT 6: opinion leaders'
    """
    if not (t.get("shortTitle") or t.get("name")) and t.get("number") is not None:
        return theory_short(t)  # no title: 'PT 3', never 'PT 3: pt3'
    title = str(t.get("shortTitle") or t.get("name") or local_id(str(t.get("id", ""))))
    number = t.get("number")
    if number is not None and not title.startswith(f"PT {number}"):
        title = f"PT {number}: {title}"
    elif number is None and t.get("stage") == "draft":
        title = f"PT: {title}"
    return STAGE_PREFIX.get(str(t.get("stage") or "refined"), "") + title


def theory_order(t: Mapping[str, Any]) -> tuple:
    """Sort key: refined, initial, draft; then by number (PT 2 before PT 11); then id."""
    stage = str(t.get("stage") or "refined")
    rank = STAGE_ORDER.index(stage) if stage in STAGE_ORDER else len(STAGE_ORDER)
    number = t.get("number")
    return rank, number is None, number or 0, str(t.get("id", ""))


def theory_index(rows: Iterable[Mapping[str, Any]]) -> dict[str, dict[str, Any]]:
    """``{theory id: {"id", "short", "label", "order"}}`` from ``list_theories``-like rows."""
    index = {}
    for row in rows:
        t = dict(row)
        if t.get("number") is None:
            stage, t["number"] = _guessed(str(t["id"]))
            t.setdefault("stage", stage)
        index[str(t["id"])] = {
            "id": t["id"],
            "short": theory_short(t),
            "label": theory_label(t),
            "order": theory_order(t),
        }
    return index


def theory_names(ids: Iterable[str], index: Mapping[str, Mapping[str, Any]] | None = None) -> list[dict]:
    """The PTs ``ids`` as ``{"id", "short", "label"}`` in numeric order (unknown ids guessed from the id).

    >>> [t["short"] for t in theory_names(["reco:pt11", "reco:pt3", "reco:pt6"])]
    ['PT 3', 'PT 6', 'PT 11']
    """
    named = []
    for theory_id in dict.fromkeys(ids):
        known = (index or {}).get(theory_id)
        if known is None:
            stage, number = _guessed(theory_id)
            guess = {"id": theory_id, "stage": stage, "number": number}
            known = {
                "id": theory_id,
                "short": theory_short(guess),
                "label": theory_short(guess),
                "order": theory_order(guess),
            }
        named.append(dict(known))
    named.sort(key=lambda t: t["order"])
    return [{k: t[k] for k in ("id", "short", "label")} for t in named]


def short_citation(citation: str) -> str:
    """'Regier et al. 1990' from a Vancouver-style reference (the full text stays for hover).

    >>> short_citation("Regier DA, Farmer ME, Rae DS. Comorbidity of mental disorders. JAMA 1990;264:2511-8.")
    'Regier et al. 1990'
    >>> short_citation("Adams MW. Comorbidity of mental health and substance misuse. 2008.")
    'Adams 2008'
    >>> short_citation("Adams 2008.")
    'Adams 2008'
    """
    text = citation.strip()
    authors = text.split(".", 1)[0]
    first = re.sub(r"\s*\(?(19|20)\d{2}\)?$", "", authors.split(",")[0].strip())
    surname = re.sub(r"\s+[A-Z]{1,3}$", "", first) or first
    several = "," in authors or "et al" in authors
    year = _YEAR.search(text)
    return " ".join(p for p in (surname + (" et al." if several else ""), year.group(0) if year else "") if p)


def attribution(item: Mapping[str, Any]) -> str:
    """Who said it and where, or the literature it cites: 'SP60, service user, Case Study F'.

    >>> attribution({"speaker": "SP60", "role": "service_user", "site": "Case Study F"})
    'SP60, service user, Case Study F'
    >>> attribution({"citations": ["Adams MW. Comorbidity. 2008."]})
    'Literature: Adams 2008'
    """
    if item.get("speaker") or item.get("role") or item.get("site"):
        parts = [item.get("speaker"), role_label(item.get("role")), item.get("site")]
        return ", ".join(str(p) for p in parts if p)
    cites = [c for c in item.get("citations") or [] if c]
    if cites:
        return "Literature: " + "; ".join(short_citation(c) for c in cites)
    return source_label(item.get("sourceType") or item.get("kind")) or "source not recorded"


def shorten(text: Any, limit: int = 48) -> str:
    """``text`` cut at a word boundary to at most ``limit`` characters, with an ellipsis.

    >>> shorten("Legitimisation of the COSMHAD role across all services", 30)
    'Legitimisation of the COSMHAD…'
    """
    text = " ".join(str(text or "").split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if text[len(cut)] != " " and " " in cut[limit // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:–-") + "…"


def counted(count: int, noun: str) -> str:
    """``count`` and ``noun``, plural unless it is one (the nouns ptgraph counts add an "s").

    >>> counted(1, "link"), counted(3, "link"), counted(0, "PT")
    ('1 link', '3 links', '0 PTs')
    """
    return f"{count} {noun}{'' if count == 1 else 's'}"
