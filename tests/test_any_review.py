"""A schema for any realist review: RECO unchanged, other frameworks and evidence kinds, messages
for people, and the commands that start and remove a review."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from graph.errors import PackageInvalid, grouped_problems
from graph.stores.falkor_store import FalkorStore
from loaders.package import read_package
from loaders.template import write_template
from tests.conftest import ROOT
from tests.processes import ptgraph

# Node and relationship counts before this schema (commit 296c11c): they must not change.
COUNTS = {"reco": (759, 2230), "example": (28, 39)}


@pytest.mark.parametrize("name", sorted(COUNTS))
def test_builtin_reviews_load_with_the_same_counts(store: FalkorStore, name: str) -> None:
    from graph.load import load_package

    summary = load_package(store, read_package(name))
    assert (summary.nodes, summary.relationships) == COUNTS[name]
    stored = store.run("count_nodes", {})[0]
    assert (stored["nodes"], stored["relationships"]) == COUNTS[name]


def test_reco_declares_its_own_vocabulary_and_framework(reco_store: FalkorStore) -> None:
    row = reco_store.run("get_review_vocabulary", {"review": "reco"})[0]
    assert row["sourceTypes"] == ["literature", "staff", "service_user", "carer"]
    assert row["frameworks"] == ["selfie"] and row["frameworkNames"] == ["SELFIE"]
    components = reco_store.run("list_framework_components", {"review": "reco"})
    assert len(components) == 6 and {c["frameworkName"] for c in components} == {"SELFIE"}


def package(tmp_path: Path, **files: str) -> Path:
    root = tmp_path / "pkg"
    root.mkdir(exist_ok=True)
    files.setdefault("review.yaml", "id: r\nname: R\n")
    for name, text in files.items():
        (root / name.replace("__", "/")).parent.mkdir(exist_ok=True)
        (root / name.replace("__", "/")).write_text(text, encoding="utf-8")
    return root


CFIR_REVIEW = """id: lit
name: A literature review mapped to CFIR
roles: [{id: nurse, name: Nurses}]
source_types: [{id: document, name: Documents}, {id: nurse, name: Nurses}, {id: survey, name: Surveys}]
frameworks: [{id: cfir, name: CFIR 2.0}, {id: own, name: Our own framework}]
"""


def test_a_review_with_its_own_framework_evidence_kinds_and_csv_files(tmp_path: Path) -> None:
    root = package(
        tmp_path,
        **{"review.yaml": CFIR_REVIEW},
        **{
            "theories.csv": "id,name,domains\npt1,PT 1,cfir-inner; own-a\n",
            "components.csv": "id,framework,name\ncfir-inner,cfir,Inner setting\nown-a,own,Our component\n",
            "concepts.csv": "id,kind,name\nc,context,C\nm,mechanism,M\no,outcome,O\n",
            "cmocs.yaml": "- id: x\n  name: X\n  theory: pt1\n  context: [{concept: c}]\n"
            "  mechanism: [{concept: m}]\n  outcome: [{concept: o}]\n",
            "references.csv": "id,citation\nsmith,Smith (2020). A study.\n",
            "evidence.csv": "id,kind,text,role,speaker,cites,page,supports\n"
            "e1,document,“An excerpt” — verbatim,,,smith,p. 12,x\n"
            "e2,quote,We try,nurse,N1,,,x\ne3,survey,Free text,,,smith,,x\n",
        },
    )
    pkg = read_package(root)
    assert [e.source_type for e in pkg.evidence] == ["document", "nurse", "survey"]
    assert pkg.evidence[0].page == "p. 12" and pkg.evidence[0].text == "“An excerpt” — verbatim"
    assert pkg.cmocs[0].complete and pkg.theories[0].domains == ["cfir-inner", "own-a"]


def test_vocabulary_and_framework_mistakes_are_named(tmp_path: Path) -> None:
    root = package(
        tmp_path,
        **{"review.yaml": CFIR_REVIEW},
        **{
            "components.yaml": "- {id: k, framework: cfri, name: K}\n",
            "references.csv": "id,citation\nsmith,Smith (2020).\n",
            "evidence.yaml": "- {id: e1, kind: quote, text: t, role: nurses, speaker: N, supports: [x]}\n"
            "- {id: e2, kind: documnet, text: t, cites: [smiht], supports: [y]}\n",
        },
    )
    with pytest.raises(PackageInvalid) as caught:
        read_package(root)
    text = str(caught.value)
    assert (
        "e1: participant role 'nurses' is not one of the review's participant roles (nurse; declare it "
        "in review.yaml) (did you mean 'nurse'?)" in text
    )
    assert (
        "k: framework 'cfri' is not declared under frameworks: in review.yaml (did you mean 'cfir'?)" in text
    )
    # e2 fails its own field check and its references are still followed, with a suggestion
    assert "e2: field 'kind': must be one of 'quote', 'focus_group'," in text
    assert "e2: unknown reference 'smiht' (did you mean 'smith'?)" in text
    assert "e2: unknown CMOC 'y'" in text


def test_a_field_failure_does_not_cascade_into_unknown_references(broken_package: Path) -> None:
    with pytest.raises(PackageInvalid) as caught:
        read_package(broken_package)
    text = str(caught.value)
    assert "concepts.csv:6: staff-ownership: field 'kind': must be one of 'context', 'mechanism'" in text
    assert "unknown response concept 'staff-ownership'" not in text
    assert "unknown theory (PT reference) 'pt55' (did you mean 'pt5'?)" in text


def test_ids_and_enums_are_explained_in_plain_english(tmp_path: Path) -> None:
    root = package(
        tmp_path, **{"theories.yaml": "- {id: PT 1, name: T}\n- {id: t2, name: T, stage: final}\n"}
    )
    with pytest.raises(PackageInvalid) as caught:
        read_package(root)
    text = str(caught.value)
    assert (
        "ids may use lower-case letters, digits, '.', '_' and '-', and start with a letter or digit "
        "(got 'PT 1')" in text
    )
    assert "field 'stage': must be one of 'draft', 'initial' or 'refined' (got 'final')" in text


def test_a_systematic_mistake_in_a_large_package_is_told_once(tmp_path: Path) -> None:
    from bench.corpus import write_review

    root = write_review(tmp_path, "big", cmocs=2000, seed=5)
    for path in (root / "cmocs").glob("*.yaml") if (root / "cmocs").is_dir() else [root / "cmocs.yaml"]:
        path.write_text(
            path.read_text(encoding="utf-8").replace("polarity: positive", "polarity: positiv"),
            encoding="utf-8",
        )
    with pytest.raises(PackageInvalid) as caught:
        read_package(root)
    lines = grouped_problems(caught.value.problems)
    assert len(caught.value.problems) > 1000 and len(lines) <= 10
    assert any(
        " entries: field 'polarity': must be one of 'positive' or 'negative' (got 'positiv') (lines 1, 24, "
        in line
        and " more); e.g. c000000" in line
        for line in lines
    )


def test_an_unknown_file_is_a_warning(tmp_path: Path) -> None:
    root = tmp_path / "ex"
    shutil.copytree(ROOT / "loaders" / "builtin" / "example", root)
    (root / "cmocs.yaml").rename(root / "cmocs.yml")
    (root / "notes.yaml").unlink()
    with pytest.raises(PackageInvalid) as caught:
        read_package(root)
    assert (
        "cmocs.yml: warning: not a file of the package format, so it was not read (did you mean "
        "'cmocs.yaml'?)" in str(caught.value)
    )


def test_new_writes_a_template_that_validates(tmp_path: Path) -> None:
    folder = write_template("My CFIR review", tmp_path / "mine")
    pkg = read_package(folder)
    assert pkg.review.id == "my-cfir-review" and pkg.cmocs[0].mechanism
    assert "#" in (folder / "review.yaml").read_text(encoding="utf-8")


def test_new_and_delete_from_the_command_line(cli_env: dict[str, str], tmp_path: Path) -> None:
    done = ptgraph(cli_env, "new", "trial", "--out", str(tmp_path / "trial"))
    assert done.returncode == 0, done.stderr
    assert ptgraph(cli_env, "load", str(tmp_path / "trial")).returncode == 0
    assert ptgraph(cli_env, "load", "example").returncode == 0
    refused = ptgraph(cli_env, "delete", "trial", stdin="")
    assert refused.returncode == 1 and "add --yes" in refused.stderr and "Traceback" not in refused.stderr
    unknown = ptgraph(cli_env, "delete", "trail", "--yes")
    assert unknown.returncode == 1 and "did you mean 'trial'?" in unknown.stderr
    deleted = ptgraph(cli_env, "delete", "trial", "--yes")
    assert deleted.returncode == 0 and "Deleted review 'trial'" in deleted.stdout
    stats = ptgraph(cli_env, "stats").stdout
    assert "Reviews: example" in stats


def test_import_then_paths_from_the_command_line(cli_env: dict[str, str], tmp_path: Path) -> None:
    fixture = ROOT / "tests" / "fixtures" / "chw"
    args = [
        "import",
        str(fixture / "extraction.csv"),
        "--review",
        "chw",
        "--out",
        str(tmp_path / "chw"),
        "--bib",
        str(fixture / "references.bib"),
        "--map",
        "quote=Supporting data excerpt",
    ]
    bad = ptgraph(cli_env, *args, stdin="")  # never waits for an answer without a terminal
    assert bad.returncode == 1 and "Traceback" not in bad.stderr
    assert "4 problems found" in bad.stderr and "extraction.csv, row 212:" in bad.stderr
    assert not (tmp_path / "chw").exists()
    args[1] = str(fixture / "extraction-fixed.csv")
    done = ptgraph(cli_env, *args, "--codebook", str(fixture / "codebook.yaml"), "--load", stdin="")
    assert done.returncode == 0, done.stderr
    assert (
        "role           ← 'Participant group' (guessed)" in done.stdout
        and "Loaded review 'chw'" in done.stdout
    )
    assert ptgraph(cli_env, "validate", str(tmp_path / "chw")).returncode == 0
    paths = ptgraph(cli_env, "paths", "endorse", "antenatal", "--review", "chw", "--max-hops", "5")
    assert paths.returncode == 0 and "4 hops" in paths.stdout, paths.stdout
    quote = ptgraph(
        cli_env, "query", "--json", "MATCH (c:CMOC) WHERE c.confidence = 'High' RETURN count(c) AS n"
    )
    assert '"n": 0' not in quote.stdout
