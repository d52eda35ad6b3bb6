"""Synthetic review packages for benchmarks and scale tests, in the project's own format.

Sizes: ``S`` is RECO itself (built in, not generated); ``M`` is 10k CMOCs; ``L`` 100k CMOCs.
Concepts are reused across theories with Zipf-like frequencies, and outcomes of one CMOC
are often the context of another, so long chains cross theories as they do in real
syntheses. Each CMOC has 1-5 evidence items of realistic length; about 8 % are negative;
refined theories refine initial ones (lineage). Output is deterministic for a seed.

Run: ``python -m bench.corpus --size M --out /tmp/m`` (or ``--cmocs 5000 --concepts 2000``),
then ``ptgraph validate /tmp/m/synth-m`` / ``ptgraph load /tmp/m/synth-m``.

>>> import tempfile
>>> from loaders.package import read_package
>>> folder = write_review(tempfile.mkdtemp(), "tiny", cmocs=60, seed=1)
>>> package = read_package(folder)
>>> len(package.cmocs), len(package.theories) > 4, len(package.evidence) >= 60
(60, True, True)
"""

from __future__ import annotations

import argparse
import csv
import random
from bisect import bisect
from itertools import accumulate
from pathlib import Path
from typing import Any

import yaml

__all__ = ["SIZES", "write_review", "write_corpus"]

SIZES = {"M": 10_000, "L": 100_000}
CMOCS_PER_THEORY = 15
EVIDENCE_PER_CMOC = (1, 5)
NEGATIVE_SHARE = 0.08
CHAIN_SHARE = 0.45  # share of CMOCs whose context is another CMOC's outcome concept
KINDS = ("context", "resource", "response", "outcome")
KIND_SHARE = {"context": 0.3, "resource": 0.2, "response": 0.2, "outcome": 0.3}
LEVELS = ("proximal", "intermediate", "distal")
ROLES = ("staff", "service_user", "carer")
WORDS = ("staff", "service", "users", "support", "team", "training", "leadership", "trust",
         "engagement", "recovery", "substance", "mental", "health", "care", "integrated",
         "pathway", "referral", "funding", "commissioning", "outreach", "family", "carers",
         "assessment", "confidence", "stigma", "attitudes", "partnership", "housing", "crisis",
         "continuity", "relationship", "motivation", "access", "waiting", "joint", "working",
         "supervision", "policy", "resources", "capacity", "local", "national", "peer", "worker")

try:  # the C emitter when PyYAML was built with libyaml: ~10x faster for L
    _Dumper: Any = yaml.CSafeDumper
except AttributeError:  # pragma: no cover - depends on the PyYAML build
    _Dumper = yaml.SafeDumper


class _Zipf:
    """Draws indexes 0..n-1 with probability proportional to 1 / (rank + 1) ** s."""

    def __init__(self, n: int, rng: random.Random, s: float = 1.1):
        self._cumulative = list(accumulate(1 / (rank + 1) ** s for rank in range(n)))
        self._rng = rng

    def draw(self) -> int:
        return bisect(self._cumulative, self._rng.random() * self._cumulative[-1])


def _sentence(rng: random.Random, low: int, high: int) -> str:
    words = rng.choices(WORDS, k=rng.randint(low, high))
    return " ".join(words).capitalize()


def _concepts(rng: random.Random, total: int) -> dict[str, list[dict[str, Any]]]:
    pools: dict[str, list[dict[str, Any]]] = {}
    for kind in KINDS:
        count = max(2, round(total * KIND_SHARE[kind]))
        pools[kind] = [{"id": f"{kind}-{i:05d}", "kind": kind,
                        "name": f"{_sentence(rng, 2, 5)} ({kind} {i})",
                        "level": rng.choice(LEVELS) if kind == "outcome" else "",
                        "definition": _sentence(rng, 8, 20) + "."} for i in range(count)]
    return pools


def _element(concept: dict[str, Any], rng: random.Random, role: str) -> dict[str, Any]:
    element = {"concept": concept["id"], "wording": _sentence(rng, 4, 12).lower()}
    if role == "outcome":
        element["level"] = concept["level"] or rng.choice(LEVELS)
    return element


def _cmoc(index: int, theory: str, pools: dict[str, list[dict[str, Any]]],
          draws: dict[str, _Zipf], rng: random.Random) -> dict[str, Any]:
    def pick(kind: str, role: str, count: int) -> list[dict[str, Any]]:
        chosen = {draws[kind].draw() for _ in range(count)}
        return [_element(pools[kind][i], rng, role) for i in sorted(chosen)]

    chained = rng.random() < CHAIN_SHARE
    context = pick("outcome" if chained else "context", "context", rng.randint(1, 2))
    for element in context:
        element.pop("level", None)
    return {"id": f"c{index:06d}", "theory": theory, "name": _sentence(rng, 4, 9),
            "source": rng.choice(("synthesis", "case_study")),
            "polarity": "negative" if rng.random() < NEGATIVE_SHARE else "positive",
            "section": f"Programme theory {theory}", "paragraph": rng.randint(1, 40),
            "context": context, "resource": pick("resource", "resource", rng.randint(1, 2)),
            "response": pick("response", "response", rng.randint(1, 2)),
            "outcome": pick("outcome", "outcome", rng.randint(1, 2))}


def _evidence(cmoc: dict[str, Any], serial: int, sites: list[str], refs: int,
              rng: random.Random) -> dict[str, Any]:
    item: dict[str, Any] = {"id": f"e{serial:07d}", "text": _sentence(rng, 15, 70) + ".",
                            "section": cmoc["section"], "paragraph": rng.randint(1, 60)}
    if rng.random() < 0.7:
        item.update(kind="quote", speaker=f"SP{rng.randint(1, 400)}", role=rng.choice(ROLES),
                    site=rng.choice(sites))
    else:
        item.update(kind="literature", cites=[f"ref-{rng.randint(1, refs)}"])
    item["challenges" if cmoc["polarity"] == "negative" and rng.random() < 0.5 else "supports"] = [cmoc["id"]]
    return item


def _dump(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as handle:
        yaml.dump(data, handle, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)


def write_review(out: str | Path, review: str, *, cmocs: int, concepts: int | None = None,
                 seed: int = 0) -> Path:
    """Write one review package of ``cmocs`` CMOCs to ``out/review`` and return its folder."""
    rng = random.Random(f"{seed}:{review}")
    root = Path(out) / review
    pools = _concepts(rng, concepts or max(40, cmocs * 2 // 5))
    draws = {kind: _Zipf(len(pool), rng) for kind, pool in pools.items()}
    theories = max(2, cmocs // CMOCS_PER_THEORY)
    sites = [f"site-{i}" for i in range(1, 7)]
    refs = max(5, cmocs // 20)
    _dump(root / "review.yaml", {"id": review, "name": f"Synthetic review {review}",
                                 "description": "Generated by bench/corpus.py for benchmarks."})
    _dump(root / "service_models.yaml", [{"id": "model-a", "name": "Model A"},
                                         {"id": "model-b", "name": "Model B"}])
    _dump(root / "sites.yaml", [{"id": s, "name": f"Case Study {s[-1]}",
                                 "service_model": rng.choice(("model-a", "model-b"))} for s in sites])
    _dump(root / "selfie.yaml", [{"id": f"dom-{i}", "name": f"Component {i}"} for i in range(1, 9)])
    _write_theories(root, theories, rng)
    _write_cmocs(root, cmocs, theories, pools, draws, sites, refs, rng)
    with (root / "concepts.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=["id", "kind", "name", "level", "definition"])
        writer.writeheader()
        writer.writerows(c for pool in pools.values() for c in pool)
    with (root / "references.csv").open("w", encoding="utf-8", newline="") as handle:
        table = csv.writer(handle)
        table.writerow(["id", "number", "citation"])
        table.writerows((f"ref-{i}", i, f"Author {i} et al. {_sentence(rng, 5, 12)}. J Synth 2024;{i}:1-9.")
                         for i in range(1, refs + 1))
    return root


def _write_theories(root: Path, theories: int, rng: random.Random) -> None:
    rows = []
    for n in range(1, theories + 1):
        refined = {"id": f"pt{n}", "number": n, "stage": "refined", "name": f"Programme theory {n}",
                   "short_title": f"PT {n}: {_sentence(rng, 2, 4).lower()}",
                   "statement": _sentence(rng, 30, 60) + ".", "domains": [f"dom-{rng.randint(1, 8)}"]}
        if n % 3 == 0:  # lineage: an initial theory this refined one refines
            rows.append({"id": f"pt{n}-initial", "number": n, "stage": "initial",
                         "name": f"Initial programme theory {n}"})
            refined["refines"] = [f"pt{n}-initial"]
        rows.append(refined)
    _dump(root / "theories.yaml", rows)


def _write_cmocs(root: Path, cmocs: int, theories: int, pools: dict[str, list[dict[str, Any]]],
                 draws: dict[str, _Zipf], sites: list[str], refs: int, rng: random.Random) -> None:
    per_file = 1000
    serial = 0
    for start in range(0, cmocs, per_file):
        batch = [_cmoc(i, f"pt{i % theories + 1}", pools, draws, rng)
                 for i in range(start, min(cmocs, start + per_file))]
        evidence = []
        for cmoc in batch:
            for _ in range(rng.randint(*EVIDENCE_PER_CMOC)):
                serial += 1
                evidence.append(_evidence(cmoc, serial, sites, refs, rng))
        _dump(root / "cmocs" / f"part-{start // per_file:03d}.yaml", batch)
        _dump(root / "evidence" / f"part-{start // per_file:03d}.yaml", evidence)


def write_corpus(out: str | Path, size: str, *, reviews: int = 1, seed: int = 0) -> list[Path]:
    """Write ``reviews`` packages that together hold the CMOCs of ``size`` (M or L)."""
    each = SIZES[size] // reviews
    return [write_review(out, f"synth-{size.lower()}{'' if reviews == 1 else i + 1}", cmocs=each, seed=seed)
            for i in range(reviews)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", required=True, help="folder to write the package(s) into")
    parser.add_argument("--size", choices=sorted(SIZES), help="M (10k CMOCs) or L (100k CMOCs)")
    parser.add_argument("--cmocs", type=int, help="instead of --size: this many CMOCs")
    parser.add_argument("--concepts", type=int, help="with --cmocs: this many concepts")
    parser.add_argument("--reviews", type=int, default=1, help="split --size over this many reviews")
    parser.add_argument("--review", default="synth", help="with --cmocs: the review id")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    if args.size:
        folders = write_corpus(args.out, args.size, reviews=args.reviews, seed=args.seed)
    elif args.cmocs:
        folders = [write_review(args.out, args.review, cmocs=args.cmocs, concepts=args.concepts,
                                seed=args.seed)]
    else:
        parser.error("give --size or --cmocs")
    for folder in folders:
        print(folder)


if __name__ == "__main__":
    main()
