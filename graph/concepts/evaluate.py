"""Precision and recall of merge suggestions against a hand-labelled truth set.

The truth set gives, for each statement's wording, the idea it was written for
(``text,concept`` rows). A suggested pair is right when both wordings carry the same
label; the pairs to find are every pair of distinct wordings with the same label that a
suggestion could propose (same role, or an outcome and a context or mechanism).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

from graph.concepts.suggest import CHAIN, SAME_ROLE, Statement, Suggestion, pair_kind
from graph.extraction import text_key as key

__all__ = ["Score", "score_suggestions", "truth_pairs"]


@dataclass(frozen=True)
class Score:
    kind: str
    suggested: int
    correct: int
    expected: int

    @property
    def precision(self) -> float:
        return self.correct / self.suggested if self.suggested else 1.0

    @property
    def recall(self) -> float:
        return self.correct / self.expected if self.expected else 1.0

    def __str__(self) -> str:
        return (
            f"{self.kind}: precision {self.precision:.2f} ({self.correct} of {self.suggested} suggested), "
            f"recall {self.recall:.2f} ({self.correct} of {self.expected} true pairs)"
        )


def _pair(a: Statement, b: Statement) -> frozenset[str]:
    return frozenset((a.key, b.key))


def truth_pairs(items: list[Statement], labels: dict[str, str]) -> dict[str, set[frozenset[str]]]:
    """The pairs a perfect suggester would propose, by kind; statements without a label are left out."""
    found: dict[str, set[frozenset[str]]] = {SAME_ROLE: set(), CHAIN: set()}
    labelled = [s for s in items if labels.get(key(s.text))]
    for a, b in combinations(labelled, 2):
        kind = pair_kind(a, b)
        if kind and labels[key(a.text)] == labels[key(b.text)]:
            found[kind].add(_pair(a, b))
    return found


def score_suggestions(
    items: list[Statement], suggestions: list[Suggestion], labels: dict[str, str]
) -> list[Score]:
    """Precision and recall for same-role suggestions, chain suggestions and all of them.

    ``labels`` maps a wording (its ``text_key``) to its idea; suggestions about unlabelled wordings
    are not counted.
    """
    truth = truth_pairs(items, labels)
    scores = []
    for kind in (SAME_ROLE, CHAIN):
        made = {
            _pair(s.keep, s.merge)
            for s in suggestions
            if s.kind == kind and labels.get(key(s.keep.text)) and labels.get(key(s.merge.text))
        }
        scores.append(Score(kind, len(made), len(made & truth[kind]), len(truth[kind])))
    total = Score(
        "all",
        sum(s.suggested for s in scores),
        sum(s.correct for s in scores),
        sum(s.expected for s in scores),
    )
    return [*scores, total]
