"""Frameworks a review may map its programme theories to, and the order of their components.

A review declares the frameworks it uses in ``review.yaml`` and lists their components
(``components.yaml``; RECO's ``selfie.yaml`` is SELFIE's). The well-known frameworks below
give a name and the framework's own component order when a review does not; any other
framework is the review's own, its components in the order the review lists them.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["KnownFramework", "KNOWN_FRAMEWORKS", "framework_name", "component_rank"]


@dataclass(frozen=True)
class KnownFramework:
    id: str
    name: str
    components: tuple[str, ...]


KNOWN_FRAMEWORKS = {f.id: f for f in (
    # Leijten et al. 2018; RECO's package and the report's adapted model follow this order.
    KnownFramework("selfie", "SELFIE", (
        "service delivery", "leadership and governance", "workforce", "financing",
        "technologies and medical products", "information and research")),
    # Damschroder et al. 2009 / 2022 (CFIR 2.0).
    KnownFramework("cfir", "CFIR", (
        "innovation", "outer setting", "inner setting", "individuals", "implementation process")),
    KnownFramework("re-aim", "RE-AIM", ("reach", "effectiveness", "adoption", "implementation",
                                        "maintenance")),
    # Cane, O'Connor and Michie 2012 (14 domains).
    KnownFramework("tdf", "Theoretical Domains Framework", (
        "knowledge", "skills", "social/professional role and identity", "beliefs about capabilities",
        "optimism", "beliefs about consequences", "reinforcement", "intentions", "goals",
        "memory, attention and decision processes", "environmental context and resources",
        "social influences", "emotion", "behavioural regulation")),
)}


def framework_name(framework: str, declared: dict[str, str] | None = None) -> str:
    """The name a review gives a framework, else the well-known name, else its id.

    >>> framework_name("selfie"), framework_name("cfir", {"cfir": "CFIR 2.0"}), framework_name("own")
    ('SELFIE', 'CFIR 2.0', 'own')
    """
    if declared and declared.get(framework):
        return declared[framework]
    known = KNOWN_FRAMEWORKS.get(framework)
    return known.name if known else framework


def component_rank(framework: str, name: str) -> int:
    """A component's place in its framework's own order (unknown names after known ones).

    >>> component_rank("selfie", "Workforce"), component_rank("selfie", "Something else")
    (2, 6)
    """
    known = KNOWN_FRAMEWORKS.get(framework)
    order = known.components if known else ()
    key = name.strip().casefold()
    return order.index(key) if key in order else len(order)
