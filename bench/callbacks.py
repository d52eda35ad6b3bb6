"""Dash callback requests as the explorer's renderer sends them, built from the server's own map.

A running explorer publishes its callbacks at ``/_dash-dependencies`` (what the renderer in
the browser reads); :class:`Callbacks` finds one there by the outputs it sets and builds the
``POST /_dash-update-component`` body the renderer would send, with the values the page's
layout gives its components (:func:`layout_values`) and any the caller changes. Used by the
serving load benchmark and by the tests of what the audience link may run.

>>> deps = [{"output": "..a.children...b.data..", "inputs": [{"id": "c", "property": "value"}],
...          "state": [{"id": "d", "property": "data"}], "clientside_function": None}]
>>> body = Callbacks(deps).payload(["a.children"], {"c.value": 1}, changed=["c.value"])
>>> body["outputs"], body["inputs"][0]["value"], body["state"][0]["value"]
([{'id': 'a', 'property': 'children'}, {'id': 'b', 'property': 'data'}], 1, None)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

__all__ = ["Callbacks", "layout_values", "ROUTER", "response_value"]

ROUTER = "_pages_content.children"  # Dash pages' router: renders a page's layout for a path


def _outputs(key: str) -> list[dict[str, str]]:
    parts = key[2:-2].split("...") if key.startswith("..") else [key]
    found = []
    for part in parts:
        component, _, prop = part.rpartition(".")
        found.append({"id": component, "property": prop.split("@", 1)[0]})
    return found


class Callbacks:
    """The server callbacks of a running explorer (clientside ones are the browser's own)."""

    def __init__(self, dependencies: Iterable[Mapping[str, Any]]) -> None:
        self.server_side = [d for d in dependencies if not d.get("clientside_function")
                            and "." in str(d.get("output"))]

    @classmethod
    def fetch(cls, session: Any, base: str) -> Callbacks:
        """The callbacks of the explorer at ``base`` (a ``requests.Session`` signed in as needed)."""
        answer = session.get(base.rstrip("/") + "/_dash-dependencies", timeout=30)
        answer.raise_for_status()
        return cls(answer.json())

    def find(self, outputs: Sequence[str]) -> Mapping[str, Any]:
        """The callback setting every one of ``outputs`` ("component.property"); KeyError if none does."""
        for dep in self.server_side:
            declared = {f"{o['id']}.{o['property']}" for o in _outputs(dep["output"])}
            if set(outputs) <= declared:
                return dep
        raise KeyError(f"no server callback sets {', '.join(outputs)}")

    def payload(self, outputs: Sequence[str], values: Mapping[str, Any],
                changed: Sequence[str] = ()) -> dict[str, Any]:
        """The request body for the callback setting ``outputs``, its inputs and state from ``values``."""
        dep = self.find(outputs)

        def filled(items: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
            return [{"id": i["id"], "property": i["property"],
                     "value": values.get(f"{i['id']}.{i['property']}")} for i in items]

        declared = _outputs(dep["output"])
        multi = dep["output"].startswith("..")
        return {"output": dep["output"], "outputs": declared if multi else declared[0],
                "inputs": filled(dep["inputs"]), "state": filled(dep.get("state") or []),
                "changedPropIds": list(changed)}


def layout_values(layout: Any, found: dict[str, Any] | None = None) -> dict[str, Any]:
    """Every ``component.property`` value a serialised Dash layout sets (what the page starts with).

    >>> box = {"type": "Input", "props": {"id": "x", "value": 3}}
    >>> layout_values({"type": "Div", "props": {"children": [box]}})
    {'x.value': 3}
    """
    found = {} if found is None else found
    if isinstance(layout, list):
        for item in layout:
            layout_values(item, found)
    elif isinstance(layout, dict) and "props" in layout:
        props = layout["props"] or {}
        component = props.get("id")
        for name, value in props.items():
            if isinstance(component, str) and name not in ("id", "children"):
                found[f"{component}.{name}"] = value
        layout_values(props.get("children"), found)
    return found


def response_value(answer: Mapping[str, Any], component: str, prop: str) -> Any:
    """One output value of a ``/_dash-update-component`` answer (None when it did not set it)."""
    return (answer.get("response") or {}).get(component, {}).get(prop)
