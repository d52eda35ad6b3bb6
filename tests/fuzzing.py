"""Hypothesis strategies for hostile input, and the properties every reader must keep.

The property is always the same: a reader gives a valid result or one of ptgraph's own errors
(:class:`graph.errors.PtgraphError`), never another exception; and what it accepted can be
stored (no NUL, no lone surrogate, finite numbers of at most 64 bits, property names both
stores take). ``PTGRAPH_FUZZ_SCALE=20`` multiplies every test's examples.
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
import random
from typing import Any

from hypothesis import settings
from hypothesis import strategies as st

from graph.models import INT64
from graph.package import ReviewPackage
from graph.rows import package_rows

__all__ = ["examples", "hostile_text", "yaml_scalar", "mutate_yaml", "mutate_csv", "mutate_bytes",
           "yaml_values", "assert_storable", "HOSTILE"]

SCALE = int(os.environ.get("PTGRAPH_FUZZ_SCALE", "1"))


def examples(n: int) -> settings:
    """``n`` examples (times PTGRAPH_FUZZ_SCALE), under the profile tests/conftest.py loads."""
    return settings(max_examples=n * SCALE)


HOSTILE = [
    "\x00", "a\x00b", "\x01\x02\x1b[31m\x07", "\x7f", "\x85", "\u2028", "\u2029", "\ufeff", "\u202e",
    "\ufffe", "\U0001d518", "ﬁ", "é", "\u0301", "𝔘𝔫𝔦", "😀", "\t", "\r", "\r\n", "\n", " ", "",
    "=cmd|' /C calc'!A0", "+1+1", "-2", "@SUM(A1)", "=HYPERLINK(\"http://x\")", "'", '"', "\\", "`",
    "``", "${x}", "{{x}}", "<script>alert(1)</script>", "a,b", "a;b", "a|b", "NaN", "nan", "inf",
    "-Infinity", "1e400", "99999999999999999999", "-0", "0x1F", "true", "null", "~", "yes", "no",
    "2024-02-30", "#", "- x", ": x", "? x", "&a", "*a", "!!binary", "%TAG", "---", "...", "[", "]",
    "{", "}", "__line__", "missing: not reported", "pt2", "example:pt2", "x" * 300, "lol " * 2000,
]
hostile_text = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=30),
                         st.lists(st.sampled_from(HOSTILE), min_size=2, max_size=4).map("".join))

# YAML text for one value: typed scalars, flow collections, tags, anchors, broken syntax.
YAML_TOKENS = [
    ".nan", ".NaN", ".inf", "-.inf", "~", "null", "yes", "on", "0x10", "0o17", "1e400", "-1e400",
    "99999999999999999999", "-99999999999999999999", "1_000", "2024-01-01", "2024-01-01T10:00:00Z",
    "!!binary aGk=", "!!set {a, b}", "!!omap [a: 1]", "!!python/name:os.system", "!!str 12", "!!int x",
    "!custom tag", "&x value", "*x", "*undefined", "[", "{a: 1", "'open", '"open', "|", ">-", "[1, [2, [3]]]",
    "{<<: *x}", "[*x, *x]", '"\\0"', '"\\x00"', '"\\u0000"', '"\\ud800"', '"\\U0010FFFF"', '"\\N\\_\\L\\P"',
    "\t", "@x", "`x`", "%x", "{a: 1, a: 2}", "[{}]", "{}", "[]", "? complex", "- - - x",
]


@st.composite
def yaml_scalar(draw: st.DrawFn) -> str:
    """YAML text for one value: a token above, or hostile text written as a double-quoted string."""
    if draw(st.booleans()):
        return draw(st.sampled_from(YAML_TOKENS))
    return json.dumps(draw(hostile_text))  # JSON strings are YAML double-quoted strings


@st.composite
def mutate_yaml(draw: st.DrawFn, text: str) -> str:
    """``text`` with a few line-level changes: values replaced, lines deleted, duplicated
    (a key twice), swapped or re-indented, snippets inserted, the file cut short."""
    lines = text.split("\n")
    for _ in range(draw(st.integers(1, 3))):
        if not lines:
            break
        i = draw(st.integers(0, len(lines) - 1))
        kind = draw(st.sampled_from(["value", "value", "delete", "duplicate", "swap", "indent", "insert",
                                     "nest", "truncate"]))
        line = lines[i]
        if kind == "value" and ":" in line:
            head = line.split(":", 1)[0]
            lines[i] = f"{head}: {draw(yaml_scalar())}"
        elif kind == "delete":
            del lines[i]
        elif kind == "duplicate":
            lines.insert(i, line)
        elif kind == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif kind == "indent":
            indent = draw(st.sampled_from(["  ", "\t", "    "]))
            lines[i] = indent + line if draw(st.booleans()) else line.lstrip()
        elif kind == "insert":
            indent = line[: len(line) - len(line.lstrip())]
            key = draw(st.sampled_from(["id", "name", "text", "kind", "about", "<<", "__line__", "theory",
                                        "refines", "attributes", "x"]))
            lines.insert(i, f"{indent}{key}: {draw(yaml_scalar())}")
        elif kind == "nest":
            depth = draw(st.sampled_from([50, 99, 100, 101, 1200]))
            lines[i] = f"{line.split(':', 1)[0]}: {'[' * depth}{']' * depth}" if ":" in line else line
        else:
            lines = lines[:i]
    return "\n".join(lines)


@st.composite
def mutate_csv(draw: st.DrawFn, text: str) -> str:
    """``text`` (a CSV file) with a few cells replaced by hostile text, or rows grown or cut."""
    rows = list(csv.reader(io.StringIO(text, newline="")))
    for _ in range(draw(st.integers(1, 3))):
        if not rows:
            break
        r = draw(st.integers(0, len(rows) - 1))
        kind = draw(st.sampled_from(["cell", "cell", "cell", "grow", "cut", "header", "duplicate"]))
        if kind == "cell" and rows[r]:
            rows[r][draw(st.integers(0, len(rows[r]) - 1))] = draw(hostile_text)
        elif kind == "grow":
            rows[r].append(draw(hostile_text))
        elif kind == "cut":
            rows[r] = rows[r][: draw(st.integers(0, len(rows[r])))]
        elif kind == "header" and rows[0]:
            rows[0][draw(st.integers(0, len(rows[0]) - 1))] = draw(st.sampled_from(
                ["", "id", " id ", "ID", "name", "kind", "__line__", "x", "attributes", "\ufeffid"]))
        elif kind == "duplicate":
            rows.insert(r, list(rows[r]))
    out = io.StringIO()
    csv.writer(out, lineterminator=draw(st.sampled_from(["\n", "\r\n"]))).writerows(rows)
    return out.getvalue()


@st.composite
def mutate_bytes(draw: st.DrawFn, data: bytes) -> bytes:
    """``data`` re-encoded (Windows-1252, UTF-16, a byte-order mark) or with stray bytes in it."""
    kind = draw(st.sampled_from(["bom", "cp1252", "utf16", "byte", "cut", "crlf"]))
    if kind == "bom":
        return b"\xef\xbb\xbf" + data
    if kind == "cp1252":
        return data.decode("utf-8", "replace").encode("cp1252", "replace")
    if kind == "utf16":
        return data.decode("utf-8", "replace").encode("utf-16")
    if kind == "crlf":
        return data.replace(b"\n", b"\r\n")
    at = draw(st.integers(0, len(data)))
    if kind == "cut":
        return data[:at]
    stray = draw(st.sampled_from([b"\x00", b"\xff", b"\x96", b"\xed\xa0\x80", b"\xc3", b"\r", b"\x1a"]))
    return data[:at] + stray + data[at:]


# Values of every type YAML can give, for replacing a field's value in a parsed file.
_leaves = st.one_of(st.none(), st.booleans(), st.integers(), st.integers(min_value=2**63 - 2,
                                                                       max_value=2**70),
                    st.floats(), hostile_text, st.dates(), st.datetimes())
yaml_values = st.recursive(_leaves, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(st.one_of(hostile_text, st.integers()), inner, max_size=3)),
    max_leaves=6)


def replace_somewhere(data: Any, value: Any, rng: random.Random) -> Any:
    """``data`` (parsed YAML) with one value, somewhere inside it, replaced by ``value``."""
    if isinstance(data, list) and data and rng.random() < 0.8:
        i = rng.randrange(len(data))
        data[i] = replace_somewhere(data[i], value, rng)
        return data
    if isinstance(data, dict) and data and rng.random() < 0.8:
        key = rng.choice(list(data))
        data[key] = replace_somewhere(data[key], value, rng)
        return data
    return value


def assert_storable(package: ReviewPackage) -> None:
    """Every row the package gives can be written by both stores as it is."""
    rows = package_rows(package)
    values: list[Any] = [rows.review]
    for group in (rows.nodes, rows.rels, rows.links):
        for batch in group.values():
            values.extend(batch)
    for value in values:
        _storable(value)


def _storable(value: Any) -> None:
    if isinstance(value, str):
        assert "\x00" not in value and not any(0xD800 <= ord(c) <= 0xDFFF for c in value), repr(value)
    elif isinstance(value, bool) or value is None:
        pass
    elif isinstance(value, int):
        assert INT64[0] <= value <= INT64[1], value
    elif isinstance(value, float):
        assert math.isfinite(value), value
    elif isinstance(value, dict):
        for key, inner in value.items():
            assert isinstance(key, str) and key.strip() and "`" not in key, repr(key)
            _storable(inner)
    elif isinstance(value, list | tuple):
        for inner in value:
            _storable(inner)
    else:
        raise AssertionError(f"a {type(value).__name__} the stores cannot take: {value!r}")
