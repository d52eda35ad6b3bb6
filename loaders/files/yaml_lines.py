"""Fast YAML reading that remembers the line of each top-level entry.

PyYAML's pure-Python parser spends ~97 % of a large package's read time scanning text, and
even with libyaml, composing a node tree through Python callbacks costs five times the parse.
:func:`load_with_lines` reads libyaml's events (``yaml.CSafeLoader``, where PyYAML was built
with it) straight into plain lists, dicts and scalars; only the document's own mapping, or
each mapping entry of the document's list, carries ``__line__`` (1-based). Anything unusual
(anchors and aliases, merge keys ``<<``, explicit tags, non-scalar keys, several documents)
is read by PyYAML's own safe loader instead, so the values are always what ``yaml.safe_load``
returns, once :mod:`loaders.files.yaml_guard` has checked that it is not nested too deep and that its
aliases neither contain themselves nor repeat too much. A key given twice in one mapping is
refused, naming both lines.

>>> load_with_lines("- id: a\\n  items: [{x: 1}]\\n- id: b\\n")
[{'id': 'a', 'items': [{'x': 1}], '__line__': 1}, {'id': 'b', '__line__': 3}]
>>> load_with_lines("name: RECO\\nyear: 2024\\n")
{'name': 'RECO', 'year': 2024, '__line__': 1}
>>> load_with_lines("base: &b {k: 1}\\nmerged: {<<: *b, j: 2}\\n")["merged"]
{'k': 1, 'j': 2}
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.events import (
    DocumentEndEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.nodes import ScalarNode

from loaders.files.yaml_guard import MAX_DEPTH, YamlRefused, bad_value, check_events, duplicate_key, too_deep

__all__ = ["load_with_lines", "yaml_error", "LINE_KEY", "C_LOADER", "YamlRefused"]

LINE_KEY = "__line__"
C_LOADER = hasattr(yaml, "CSafeLoader")
_STR, _SEQ, _MAP, _MERGE = ("tag:yaml.org,2002:" + t for t in ("str", "seq", "map", "merge"))
_NON_SPECIFIC = (None, "!")
_NO_KEY = object()
_BaseLoader: Any = yaml.CSafeLoader if C_LOADER else yaml.SafeLoader


class _Unusual(Exception):
    """Something the event reader leaves to PyYAML's safe loader."""


class _LineLoader(_BaseLoader):
    """Safe loader that records every mapping's line (for unusual documents).

    A key given twice, or a value that is not of the type it reads as, is appended to
    ``refusals`` when that is a list (the last value is kept, as YAML does; the bad value is
    kept as its text), so that the rest of the file is still read; else it is raised.
    """

    refusals: list[YamlRefused] | None = None

    def _refuse(self, refused: YamlRefused) -> None:
        if self.refusals is None:
            raise refused
        self.refusals.append(refused)

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        self._refuse_duplicate_keys(node)
        mapping = super().construct_mapping(node, deep=deep)
        mapping[LINE_KEY] = node.start_mark.line + 1
        return mapping

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        """PyYAML's value, or a YamlRefused where its constructor fails with a Python error
        (``2024-02-30``: 'day is out of range'; ``!!int x``; ``!!bool maybe``)."""
        try:
            return super().construct_object(node, deep=deep)
        except (ValueError, KeyError, TypeError, AttributeError, OverflowError) as e:
            self._refuse(bad_value(node, e))
            return node.value

    def _refuse_duplicate_keys(self, node: yaml.MappingNode) -> None:
        """Keys written twice (merged ``<<`` keys may be overridden: that is what merging is for)."""
        lines: dict[Any, int] = {}
        for key_node, _ in node.value:
            if not isinstance(key_node, ScalarNode) or key_node.tag == _MERGE:
                continue
            key = self.construct_object(key_node)
            if key in lines:
                self._refuse(duplicate_key(key, lines[key], key_node.start_mark))
            lines[key] = key_node.start_mark.line + 1


# A plain scalar whose first character starts no implicit type (bool, int, float, null,
# timestamp, merge, value) is a string; true while no wildcard or path resolvers are added.
_FIRST_CHARS = frozenset(k for k in _LineLoader.yaml_implicit_resolvers if k)
_PLAIN_STRINGS_FAST = None not in _LineLoader.yaml_implicit_resolvers and not _LineLoader.yaml_path_resolvers


def load_with_lines(text: str, refusals: list[YamlRefused] | None = None) -> Any:
    """The document in ``text`` as plain values; top-level mappings carry ``__line__``.

    Raises :class:`yaml.YAMLError` for text that is not YAML (see :func:`yaml_error`), and
    :class:`~loaders.files.yaml_guard.YamlRefused` (one of them) for YAML ptgraph will not read.
    A key given twice, or a value that is not its type, is one too, unless ``refusals`` is a
    list to append it to (then the rest of the file is read).

    >>> found = []
    >>> load_with_lines("a: 1\\na: 2\\n", found), found[0].problem_mark.line
    ({'a': 2, '__line__': 1}, 1)
    """
    loader = _LineLoader(text)
    loader.refusals = refusals
    try:
        return _EventReader(loader).stream()
    except _Unusual:
        if refusals:
            refusals.clear()  # the loader below reads the whole file again
    finally:
        loader.dispose()
    check_events(text, _BaseLoader)
    loader = _LineLoader(text)
    loader.refusals = refusals
    try:
        return _strip_nested(loader.get_single_data())
    finally:
        loader.dispose()


def yaml_error(text: str) -> yaml.YAMLError | None:
    """The error PyYAML's pure-Python parser reports for ``text`` (worded more precisely than libyaml's).

    >>> yaml_error("a: b: c").problem
    'mapping values are not allowed here'
    >>> yaml_error("a: b") is None
    True
    """
    try:
        check_events(text, yaml.SafeLoader)  # PyYAML's composer recurses once per level
        yaml.load(text, Loader=yaml.SafeLoader)  # noqa: S506 - the safe loader
    except yaml.YAMLError as e:
        return e
    return None


class _EventReader:
    """Plain values from one loader's event stream, without composing nodes."""

    def __init__(self, loader: Any) -> None:
        self._loader = loader
        self._next = loader.get_event

    def stream(self) -> Any:
        self._next()  # stream start
        if self._next().__class__ is StreamEndEvent:
            return None
        value = self._document()
        if self._next().__class__ is not StreamEndEvent:
            raise _Unusual  # several documents: PyYAML's composer words the error
        return value

    def _document(self) -> Any:
        stack: list[list[Any]] = []  # frames: [container, pending key, line or None]
        result: Any = None
        event = self._next()
        while event.__class__ is not DocumentEndEvent:
            kind = event.__class__
            if kind is MappingStartEvent or kind is SequenceStartEvent:
                stack.append(self._open(event, stack))
                event = self._next()
                continue
            if kind is ScalarEvent:
                value = self._scalar(event)
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                value, _, line = stack.pop()
                if line is not None:
                    value[LINE_KEY] = line
            else:
                raise _Unusual  # an alias
            if stack:
                _add(stack[-1], value)
            else:
                result = value
            event = self._next()
        return result

    def _open(self, event: Any, stack: list[list[Any]]) -> list[Any]:
        mapping = event.__class__ is MappingStartEvent
        if len(stack) >= MAX_DEPTH:
            raise too_deep(event.start_mark)
        if event.anchor is not None or event.tag not in (*_NON_SPECIFIC, _MAP if mapping else _SEQ):
            raise _Unusual
        top = not stack or (len(stack) == 1 and stack[0][0].__class__ is list)
        line = event.start_mark.line + 1 if mapping and top else None
        return [{} if mapping else [], _NO_KEY, line]

    def _scalar(self, event: Any) -> Any:
        if event.anchor is not None:
            raise _Unusual
        tag, value = event.tag, event.value
        if tag in _NON_SPECIFIC:
            if not (event.implicit[0] and (not value or value[0] in _FIRST_CHARS)) and _PLAIN_STRINGS_FAST:
                return value
            tag = self._loader.resolve(ScalarNode, value, event.implicit)
        if tag == _STR:
            return value
        if tag == _MERGE:
            raise _Unusual
        node = ScalarNode(tag, value, event.start_mark, event.end_mark, event.style)
        return self._loader.construct_object(node)


def _add(frame: list[Any], value: Any) -> None:
    container = frame[0]
    if container.__class__ is list:
        container.append(value)
    elif frame[1] is _NO_KEY:
        if isinstance(value, dict | list) or value in container:
            raise _Unusual  # PyYAML reports an unhashable key; _LineLoader a key given twice
        frame[1] = value
    else:
        container[frame[1]] = value
        frame[1] = _NO_KEY


def _strip_nested(data: Any) -> Any:
    """Drop ``__line__`` below the top level (PyYAML's constructor puts it on every mapping)."""
    def strip(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if k != LINE_KEY}
        if isinstance(value, list):
            return [strip(v) for v in value]
        return value

    def keep_line(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: (v if k == LINE_KEY else strip(v)) for k, v in value.items()}
        return strip(value)

    return [keep_line(v) for v in data] if isinstance(data, list) else keep_line(data)
