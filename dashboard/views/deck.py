"""Workshop decks: YAML files of slides, validated, and how a facilitator moves through them.

A deck is ``dashboard/decks/<name>.yaml``::

    title: RECO headline story
    review: reco
    slides:
      - title: Committed leadership
        caption: The facilitator's own words (never shown as evidence).
        notes: Only the presenter's window (?presenter=1) shows these.
        quotes: 3
        view: {theory: reco:pt6}
      - title: From leadership to engagement
        view: {pathway: {from: committed leadership, to: engagement, max_hops: 4, chain: 0}}

Each slide shows one view: ``theory``, ``pathway`` (revealed hop by hop), ``query`` (a saved
query) or ``network`` (the key concepts, or ``focus``: a concept's neighbourhood). A theory
slide reveals ``quotes`` evidence items one at a time (one per CMOC, people's words first).
A pathway shows the ranked chain number ``chain`` (0: the best); an
optional ``via: [text, ...]`` keeps only chains passing through matching concepts in that
order, so the slide keeps its chain when edits reorder the ranking. A pathway slide has one
step per hop plus the opening step that only poses the question; a theory slide one per quote
plus its opening; every other slide has one step. This module never touches a store.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from graph.errors import PtgraphError, field_problem

__all__ = ["DECK_DIR", "Deck", "Slide", "View", "PathwayView", "QueryView", "NetworkView", "DeckError",
           "deck_folders", "deck_names", "load_deck", "parse_deck", "clamp", "navigate", "ViewKind"]

DECK_DIR = Path(__file__).resolve().parent.parent / "decks"  # dashboard/decks
# A URL picks the deck: never a path, nor a name longer than a file name may be.
DECK_NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")
ViewKind = Literal["theory", "pathway", "query", "network"]
VIEW_KINDS: tuple[ViewKind, ...] = ("theory", "pathway", "query", "network")


class DeckError(PtgraphError):
    """A deck that cannot be shown; ``problems`` are whole sentences naming file and slide."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True, populate_by_name=True)


class PathwayView(_Model):
    """A ranked chain between concepts whose names contain ``from`` and ``to``."""

    source: str = Field(alias="from", min_length=1)
    target: str = Field(alias="to", min_length=1)
    max_hops: int = Field(4, ge=1, le=8)
    chain: int = Field(0, ge=0, description="rank of the chain among those found (0: the best)")
    via: list[str] = Field(default_factory=list, description="texts the chain must pass through, in order")
    include_negative: bool = False


class QueryView(_Model):
    name: str = Field(min_length=1)
    params: dict[str, Any] = Field(default_factory=dict)


class NetworkView(_Model):
    """The network page's readable views: the key concepts, or a concept's neighbourhood (``focus``)."""

    theory: str | None = None
    include_negative: bool = True
    focus: str | None = Field(None, min_length=1, description="text in a concept's name: its neighbourhood")
    depth: int = Field(1, ge=1, le=3)


class View(_Model):
    """Exactly one of the four kinds of view."""

    theory: str | None = Field(None, min_length=1)
    pathway: PathwayView | None = None
    query: QueryView | None = None
    network: NetworkView | None = None

    @model_validator(mode="before")
    @classmethod
    def _one_kind(cls, value: Any) -> Any:
        if not isinstance(value, dict):
            return value
        kinds = [k for k in value if k in VIEW_KINDS]
        if len(kinds) != 1 or len(value) != 1:
            found = ", ".join(value) or "none"
            raise ValueError(f"give exactly one of {', '.join(VIEW_KINDS)} (found: {found})")
        if value[kinds[0]] is None:
            if kinds == ["network"]:  # `network:` alone means the whole graph
                return {"network": {}}
            raise ValueError(f"{kinds[0]} needs a value")
        return value

    @property
    def kind(self) -> ViewKind:
        return next(k for k in VIEW_KINDS if getattr(self, k) is not None)


class Slide(_Model):
    title: str = Field(min_length=1)
    caption: str | None = None
    notes: str | None = Field(None, description="the presenter's notes, shown only with ?presenter=1")
    quotes: int = Field(3, ge=0, le=12, description="a theory slide's evidence, revealed one quote at a time")
    view: View


class Deck(_Model):
    title: str = Field(min_length=1)
    review: str | None = None
    description: str = ""
    slides: list[Slide] = Field(min_length=1)


def deck_folders() -> list[Path]:
    """Where decks are looked for: ``PTGRAPH_DECKS`` (the facilitator's own) first, then the built-in ones."""
    own = os.environ.get("PTGRAPH_DECKS")
    return ([Path(own)] if own else []) + [DECK_DIR]


def _folders(folder: Path | None) -> list[Path]:
    return [folder] if folder is not None else deck_folders()


def deck_names(folder: Path | None = None) -> list[str]:
    """The decks in ``folder`` (default: every deck folder), by name."""
    return sorted({p.stem for f in _folders(folder) for p in f.glob("*.yaml") if DECK_NAME.fullmatch(p.stem)})


def load_deck(name: str, folder: Path | None = None) -> Deck:
    """The deck ``name`` (from ``folder``, else the first deck folder that has it).

    A DeckError with a clear message when it is missing or wrong.
    """
    found = [f / f"{name}.yaml" for f in _folders(folder) if DECK_NAME.fullmatch(name or "")]
    path = next((p for p in found if p.is_file()), None)
    if path is None:
        available = ", ".join(deck_names(folder)) or "none"
        raise DeckError([f"There is no deck named “{name}” (available: {available})."])
    return parse_deck(path.read_text(encoding="utf-8"), str(path))


def parse_deck(text: str, source: str) -> Deck:
    """A deck from YAML ``text``; ``source`` (the file name) starts every problem message."""
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        raise DeckError([f"{source}: not valid YAML{where}: {getattr(e, 'problem', None) or e}"]) from None
    if not isinstance(raw, dict):
        raise DeckError([f"{source}: a deck is a mapping with a title and slides, not {type(raw).__name__}"])
    try:
        return Deck.model_validate(raw)
    except ValidationError as e:
        raise DeckError([_problem(source, raw, err) for err in e.errors()]) from None


def _problem(source: str, raw: dict, err: Any) -> str:
    """'reco.yaml, slide 3 (“Title”): view → pathway → max_hops: input should be ≤ 8'."""
    loc = list(err["loc"])
    where = source
    if len(loc) >= 2 and loc[0] == "slides" and isinstance(loc[1], int):
        number = loc[1] + 1
        slide = (raw.get("slides") or [])[loc[1]]
        title = slide.get("title") if isinstance(slide, dict) else None
        where += f", slide {number}" + (f" (“{title}”)" if title else "")
        loc = loc[2:]
    field = " → ".join(str(p) for p in loc)
    return f"{where}: {field + ': ' if field else ''}{field_problem(err)}"


def clamp(slide: int | None, step: int | None, steps: Sequence[int]) -> tuple[int, int]:
    """``(slide, step)`` moved inside the deck: slides count from 1, steps from 0.

    ``steps`` holds each slide's number of steps (at least 1).

    >>> clamp(9, 5, [1, 3])
    (2, 2)
    >>> clamp(None, None, [1, 3])
    (1, 0)
    """
    slide = min(max(int(slide or 1), 1), len(steps))
    step = min(max(int(step or 0), 0), max(steps[slide - 1], 1) - 1)
    return slide, step


def navigate(slide: int | None, step: int | None, delta: int, steps: Sequence[int]) -> tuple[int, int]:
    """Where ``delta`` presses of Next (or -``delta`` of Previous) lead: through a slide's steps, then on.

    Going back onto a slide shows its last step (a chain fully revealed); the ends stay put.

    >>> navigate(1, 0, 1, [1, 3, 1])
    (2, 0)
    >>> navigate(1, 0, 3, [1, 3, 1])
    (2, 2)
    >>> navigate(3, 0, -1, [1, 3, 1])
    (2, 2)
    """
    slide, step = clamp(slide, step, steps)
    for _ in range(abs(delta)):
        slide, step = _forward(slide, step, steps) if delta > 0 else _back(slide, step, steps)
    return slide, step


def _forward(slide: int, step: int, steps: Sequence[int]) -> tuple[int, int]:
    if step < max(steps[slide - 1], 1) - 1:
        return slide, step + 1
    return (slide + 1, 0) if slide < len(steps) else (slide, step)


def _back(slide: int, step: int, steps: Sequence[int]) -> tuple[int, int]:
    if step > 0:
        return slide, step - 1
    return (slide - 1, max(steps[slide - 2], 1) - 1) if slide > 1 else (slide, step)
