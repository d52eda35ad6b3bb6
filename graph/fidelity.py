"""The fidelity report: how completely and traceably a package encodes its source.

Pure functions over a :class:`ReviewPackage`, rendered as markdown for reviewers. Things are
named as a person reads them (:mod:`graph.naming`): PTs as "PT 6", CMOCs by name, sites by
name, evidence by speaker, role and site; each id follows in code type, for copying.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator

from graph.causal import derive_links
from graph.models import CMOC, Theory
from graph.naming import attribution, theory_index, theory_names
from graph.package import ReviewPackage
from graph.schema import Role
from graph.vocabulary import source_types

__all__ = ["fidelity_report", "evidence_by_cmoc", "unevidenced_links"]


def evidence_by_cmoc(package: ReviewPackage) -> dict[str, list[str]]:
    """Evidence ids supporting or challenging each CMOC."""
    found: dict[str, list[str]] = defaultdict(list)
    for e in package.evidence:
        for cmoc in [*e.supports, *e.challenges]:
            found[cmoc].append(e.id)
    return found


def unevidenced_links(package: ReviewPackage) -> list[tuple[str, str, str, bool]]:
    """(source, target, polarity, marked theory-only) for links no evidence backs."""
    backed = evidence_by_cmoc(package)
    concepts = {c.id: c for c in package.concepts}
    return sorted((k.source, k.target, k.polarity, k.theory_only)
                  for k in derive_links(package.cmocs, concepts)
                  if not any(backed.get(c) for c in k.cmocs))


def fidelity_report(package: ReviewPackage) -> str:
    """The whole report as markdown."""
    return "\n".join([*_header(package), *_theories(package), *_links(package), *_notes(package),
                      *_consolidation(package)]) + "\n"


def _header(package: ReviewPackage) -> Iterator[str]:
    r = package.review
    sources = Counter(e.source_type for e in package.evidence)
    yield f"# Fidelity report: {r.name}\n"
    yield f"Source: {r.citation} Licence: {r.license}.\n"
    yield (f"{sum(t.stage == 'refined' for t in package.theories)} refined theories, "
           f"{len(package.cmocs)} CMOCs ({sum(c.polarity == 'negative' for c in package.cmocs)} negative), "
           f"{len(package.concepts)} concepts, {len(package.evidence)} evidence items ("
           + ", ".join(f"{t.label.lower()} {sources[t.id]}" for t in source_types(package))
           + f"), {len(package.references)} references, {len(package.notes)} notes.\n")


def _theories(package: ReviewPackage) -> Iterator[str]:
    refined = sorted((t for t in package.theories if t.stage == "refined"),
                     key=lambda t: (t.number is None, t.number or 0))
    for theory in refined:
        yield from _theory(package, theory)


def _theory(package: ReviewPackage, theory: Theory) -> Iterator[str]:
    cmocs = [c for c in package.cmocs if c.theory == theory.id]
    backed = evidence_by_cmoc(package)
    items = {e.id: e for e in package.evidence}
    ids = {eid for c in cmocs for eid in backed.get(c.id, [])}
    evidence = [items[i] for i in sorted(ids)]
    yield f"## {theory.name}\n"
    if theory.short_title and theory.short_title != theory.name:
        yield f"Table title: {theory.short_title}\n"
    yield "| CMOC | source | polarity | complete | evidence |\n| --- | --- | --- | --- | --- |"
    for c in cmocs:
        complete = "yes" if not c.missing else "missing " + ", ".join(m.value for m in c.missing)
        count = len(backed.get(c.id, [])) or ("theory-only" if c.theory_only else "**none**")
        yield f"| {c.name} (`{c.id}`) | {c.source.replace('_', ' ')} | {c.polarity} | {complete} | {count} |"
    by_source = Counter(e.source_type for e in evidence)
    sites = {s.id: s.name for s in package.sites}
    by_site = Counter(sites.get(e.site, e.site) for e in evidence if e.site)
    yield ("\nEvidence by source: " + ", ".join(f"{t.label.lower()} {by_source[t.id]}"
                                                for t in source_types(package)))
    yield "Evidence by site: " + (", ".join(f"{k} {v}" for k, v in sorted(by_site.items())) or "none")
    full = [c.id for c in cmocs if _complete(c)]
    yield f"CMOCs with all four elements: {len(full)} of {len(cmocs)}\n"


def _complete(cmoc: CMOC) -> bool:
    return cmoc.complete


def _links(package: ReviewPackage) -> Iterator[str]:
    names = {c.id: c.name for c in package.concepts}
    links = unevidenced_links(package)
    yield "## Links without evidence\n"
    if not links:
        yield "Every causal link has at least one evidence item.\n"
        return
    yield "| from | to | polarity | marked theory-only |\n| --- | --- | --- | --- |"
    for source, target, polarity, marked in links:
        yield f"| {names[source]} | {names[target]} | {polarity} | {'yes' if marked else '**no**'} |"
    yield ""


def _names(package: ReviewPackage) -> dict[str, str]:
    """Every package id a note can be about, named in words."""
    index = theory_index({"id": t.id, "number": t.number, "stage": t.stage, "shortTitle": t.short_title,
                          "name": t.name} for t in package.theories)
    sites = {s.id: s.name for s in package.sites}
    names = {t: v["short"] for t, v in index.items()}
    names.update({c.id: c.name for c in [*package.cmocs, *package.concepts]})
    for e in package.evidence:
        if e.speaker or e.role:
            said = {"speaker": e.speaker, "role": e.role, "site": sites.get(e.site or "")}
            names[e.id] = f"quote ({attribution(said)})"
    names.update(sites)
    names.update({m.id: m.name for m in [*package.service_models, *package.components,
                                         *package.formal_theories]})
    return names


def _notes(package: ReviewPackage) -> Iterator[str]:
    names = _names(package)
    for kind, title in (("inconsistency", "Inconsistencies in the source"), ("rigour", "Rigour notes"),
                        ("curation", "Curation decisions")):
        notes = [n for n in package.notes if n.kind == kind]
        yield f"## {title} ({len(notes)})\n"
        for n in notes:
            where = f" ({n.section}, paragraph {n.paragraph})" if n.section and n.paragraph else (
                f" ({n.section})" if n.section else "")
            about = ", ".join(f"{names[a]} (`{a}`)" if a in names else f"`{a}`" for a in n.about)
            yield f"- **{about}**{where}: {n.text}"
        yield ""


def _consolidation(package: ReviewPackage) -> Iterator[str]:
    wordings: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for c in package.cmocs:
        for role in Role:
            for e in c.elements(role):
                if e.wording:
                    wordings[e.concept].add((c.theory, e.wording))
    index = theory_index({"id": t.id, "number": t.number, "stage": t.stage, "shortTitle": t.short_title,
                          "name": t.name} for t in package.theories)
    short = {t: v["short"] for t, v in index.items()}
    yield "## Concept consolidation\n"
    yield "| concept | kind | theories | wordings | decision |\n| --- | --- | --- | --- | --- |"
    for concept in sorted(package.concepts, key=lambda c: c.name.lower()):
        found = sorted(wordings.get(concept.id, set()))
        theories = [t["short"] for t in theory_names({t for t, _ in found}, index)]
        sample = "; ".join(f"{short.get(t, t)}: “{w}”" for t,
                           w in found[:4]) + (" …" if len(found) > 4 else "")
        yield (f"| {concept.name} | {concept.kind.value} | {', '.join(theories)} | {sample} | "
               f"{concept.consolidation} |")
