"""Refuse YAML that parses but must not be expanded: too deep, an alias bomb, a value inside itself,
a key given twice.

PyYAML composes and constructs recursively, so 5,000 nested brackets end in a RecursionError;
an alias repeats its anchor's whole value, so nine lines of nine aliases each (the "billion
laughs", 565 bytes) stand for 387 million strings once copied; an alias inside its own anchor
is a value that contains itself; and a key given twice silently keeps the last. Each is a
:class:`YamlRefused` (a :class:`yaml.MarkedYAMLError`, so it carries the line) found from the
event stream alone, before anything is built.

>>> check_events('a: &x [1, 2]\\nb: [*x, *x]\\n')
>>> try:
...     check_events('- &a\\n  id: x\\n  name: *a\\n')
... except YamlRefused as e:
...     print(e.problem_mark.line + 1, e.problem)
3 the alias *a is inside its own anchor &a, so the value would contain itself
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    CollectionStartEvent,
    MappingEndEvent,
    ScalarEvent,
    SequenceEndEvent,
)

__all__ = ["YamlRefused", "check_events", "too_deep", "duplicate_key", "bad_value", "MAX_DEPTH",
           "MAX_REPEATED"]

MAX_DEPTH = 100  # lists and mappings inside each other; a package needs about five
MAX_REPEATED = 100_000  # values that aliases may repeat in one file


class YamlRefused(yaml.MarkedYAMLError):
    """YAML that ptgraph will not read; ``problem`` says why in words, ``problem_mark`` where."""

    def __init__(self, problem: str, mark: Any) -> None:
        super().__init__(problem=problem, problem_mark=mark)


def too_deep(mark: Any) -> YamlRefused:
    return YamlRefused(f"lists or mappings are nested more than {MAX_DEPTH} levels deep "
                       "(a review package needs only a few)", mark)


def duplicate_key(key: Any, first_line: int, mark: Any) -> YamlRefused:
    return YamlRefused(f"the key '{key}' is given twice in one mapping (lines {first_line} and "
                       f"{mark.line + 1}); YAML would silently keep only the last: keep one", mark)


_KINDS = {"int": "a whole number", "float": "a number", "bool": "true or false", "timestamp": "a date",
          "null": "empty (null)"}


def bad_value(node: Any, error: Exception) -> YamlRefused:
    """A scalar PyYAML took for a typed value (a date, a tagged number) but could not build.

    >>> node = yaml.ScalarNode("tag:yaml.org,2002:timestamp", "2024-02-30")
    >>> print(bad_value(node, ValueError("day is out of range for month")).problem)  # doctest: +ELLIPSIS
    '2024-02-30' reads as a date, but it is not one (day is out of range for month): put it in quotes...
    """
    tag = str(node.tag).rsplit(":", 1)[-1]
    kind = _KINDS.get(tag, f"a value of type {tag}")
    reason = f" ({error})" if tag == "timestamp" and str(error) else ""
    return YamlRefused(f"'{node.value}' reads as {kind}, but it is not one{reason}: put it in quotes to "
                       "keep it as text", node.start_mark)


def check_events(text: str, loader_class: Any = None) -> None:
    """Raise :class:`YamlRefused` if ``text`` is nested too deep or its aliases nest or repeat too much.

    Syntax errors are left to the loader that reads ``text`` afterwards.
    """
    loader = (loader_class or _default_loader())(text)
    try:
        _Checker().run(loader.get_event, loader.check_event)
    except yaml.YAMLError as e:
        if isinstance(e, YamlRefused):
            raise
    finally:
        loader.dispose()


def _default_loader() -> Any:
    return yaml.CSafeLoader if hasattr(yaml, "CSafeLoader") else yaml.SafeLoader


class _Checker:
    """Counts, for each anchor, how many values its alias stands for, as the events go by."""

    def __init__(self) -> None:
        self.sizes: dict[str, int] = {}  # closed anchors: values each alias of it repeats
        self.stack: list[list[Any]] = []  # open collections: [anchor, values so far]
        self.repeated = 0

    def run(self, next_event: Any, has_event: Any) -> None:
        while has_event():
            event = next_event()
            if isinstance(event, CollectionStartEvent):
                if len(self.stack) >= MAX_DEPTH:
                    raise too_deep(event.start_mark)
                self.stack.append([event.anchor, 1])
            elif isinstance(event, MappingEndEvent | SequenceEndEvent):
                anchor, size = self.stack.pop()
                self._close(anchor, size)
            elif isinstance(event, ScalarEvent):
                self._close(event.anchor, 1)
            elif isinstance(event, AliasEvent):
                self._alias(event)

    def _close(self, anchor: str | None, size: int) -> None:
        if anchor is not None:
            self.sizes[anchor] = size
        if self.stack:
            self.stack[-1][1] += size

    def _alias(self, event: Any) -> None:
        name = event.anchor
        if any(frame[0] == name for frame in self.stack):
            raise YamlRefused(f"the alias *{name} is inside its own anchor &{name}, so the value would "
                              "contain itself", event.start_mark)
        size = self.sizes.get(name, 1)  # an unknown alias is the loader's to report
        self.repeated += size
        if self.repeated > MAX_REPEATED:
            raise YamlRefused(f"its aliases (such as *{name}) repeat more than {MAX_REPEATED:,} values "
                              "(an 'alias bomb'?); write the values out instead", event.start_mark)
        if self.stack:
            self.stack[-1][1] += size
