"""Derive causal LEADS_TO links from CMOCs.

Within one CMOC: every context leads to every mechanism (an undivided mechanism, else
every resource, and every resource to every response), the last mechanism stage to the
first outcome level, and outcomes lead on in level order (proximal → intermediate →
distal). A missing element is skipped over, so a CMOC stating only context and response
still links the two.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from graph.models import CMOC, Concept, Element
from graph.schema import OUTCOME_LEVELS, Role

__all__ = ["CausalLink", "derive_links", "cmoc_stages"]


@dataclass
class CausalLink:
    source: str
    target: str
    polarity: str
    theories: set[str] = field(default_factory=set)
    cmocs: set[str] = field(default_factory=set)
    theory_only: bool = True


def cmoc_stages(cmoc: CMOC, concepts: dict[str, Concept]) -> list[list[Element]]:
    """The CMOC's elements as ordered, non-empty stages.

    >>> from graph.models import CMOC, Element
    >>> c = CMOC(id="c", name="n", theory="t", context=[Element(concept="a")],
    ...          response=[Element(concept="b")], outcome=[Element(concept="x", level="distal"),
    ...          Element(concept="y", level="proximal")], missing=["resource"], missing_reason="r")
    >>> [[e.concept for e in s] for s in cmoc_stages(c, {})]
    [['a'], ['b'], ['y'], ['x']]
    """
    stages = [cmoc.elements(Role.CONTEXT), cmoc.elements(Role.MECHANISM), cmoc.elements(Role.RESOURCE),
              cmoc.elements(Role.RESPONSE)]
    stages += _outcome_levels(cmoc.elements(Role.OUTCOME), concepts)
    return [s for s in stages if s]


def _outcome_levels(outcomes: list[Element], concepts: dict[str, Concept]) -> list[list[Element]]:
    # Only the CMOC's own levels order its outcomes: a concept's usual level says
    # nothing about how this theory chains it.
    def level(e: Element) -> int:
        return OUTCOME_LEVELS.index(e.level) if e.level else 0

    return [[e for e in outcomes if level(e) == i] for i in range(len(OUTCOME_LEVELS))]


def derive_links(cmocs: Iterable[CMOC], concepts: dict[str, Concept]) -> list[CausalLink]:
    """One link per (source, target, polarity), carrying every PT and CMOC behind it.

    >>> from graph.models import CMOC, Element
    >>> c = CMOC(id="c1", name="n", theory="pt1", context=[Element(concept="a")],
    ...          resource=[Element(concept="b")], response=[Element(concept="c")],
    ...          outcome=[Element(concept="d")])
    >>> [(k.source, k.target) for k in derive_links([c], {})]
    [('a', 'b'), ('b', 'c'), ('c', 'd')]
    """
    links: dict[tuple[str, str, str], CausalLink] = {}
    for cmoc in cmocs:
        stages = cmoc_stages(cmoc, concepts)
        for before, after in zip(stages, stages[1:], strict=False):
            for a in before:
                for b in after:
                    if a.concept == b.concept:
                        continue
                    key = (a.concept, b.concept, cmoc.polarity)
                    link = links.setdefault(key, CausalLink(*key))
                    link.theories.add(cmoc.theory)
                    link.cmocs.add(cmoc.id)
                    link.theory_only = link.theory_only and cmoc.theory_only
    return list(links.values())
