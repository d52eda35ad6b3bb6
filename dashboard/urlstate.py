"""Every page keeps its state in the URL's query string, so a view can be shared and reopened.

A page's ``layout(**params)`` receives the query string (Dash pages passes it as keyword
arguments) and reads its initial values with :func:`query_value` / :func:`query_list`; its
``register`` calls :func:`register_url_sync`, which writes the current values back into the
address bar with ``history.replaceState``: no reload, and no re-render by the pages router
(which only listens to its own location component).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from dash import Dash, Input

__all__ = ["query_value", "query_list", "query_int", "register_url_sync", "LIST_SEP"]

LIST_SEP = ","

# Empty lists are written as an empty value ("negative=") so that "nothing ticked" survives a
# reload, while a missing key means "the page's default".
_SYNC_JS = """
function () {
    const keys = %s;
    const values = Array.from(arguments);
    const params = new URLSearchParams(window.location.search);
    keys.forEach(function (key, i) {
        const value = values[i];
        if (value === null || value === undefined || value === '') {
            params.delete(key);
        } else if (Array.isArray(value)) {
            params.set(key, value.join('%s'));
        } else {
            params.set(key, String(value));
        }
    });
    const search = params.toString();
    const url = window.location.pathname + (search ? '?' + search : '') + window.location.hash;
    if (url !== window.location.pathname + window.location.search + window.location.hash) {
        window.history.replaceState(window.history.state, '', url);
    }
}
"""


def _raw(params: Mapping[str, Any], key: str) -> str | None:
    value = params.get(key)
    if isinstance(value, list | tuple):
        value = value[0] if value else None
    return None if value is None else str(value)


def query_value(params: Mapping[str, Any], key: str, default: str | None = None) -> str | None:
    """The query-string value of ``key``, or ``default`` when it is missing or blank.

    >>> query_value({"theory": "reco:pt6"}, "theory")
    'reco:pt6'
    >>> query_value({"theory": "  "}, "theory", "reco:pt1")
    'reco:pt1'
    """
    raw = _raw(params, key)
    return raw.strip() if raw and raw.strip() else default


def query_list(params: Mapping[str, Any], key: str, default: list[str] | None = None) -> list[str] | None:
    """A comma-separated query-string value as a list; ``default`` only when the key is missing.

    >>> query_list({"kinds": "context,outcome"}, "kinds")
    ['context', 'outcome']
    >>> query_list({"negative": ""}, "negative", ["negative"])
    []
    >>> query_list({}, "negative", ["negative"])
    ['negative']
    """
    raw = _raw(params, key)
    if raw is None:
        return default
    return [part.strip() for part in raw.split(LIST_SEP) if part.strip()]


def query_int(params: Mapping[str, Any], key: str, default: int, *, low: int | None = None,
              high: int | None = None) -> int:
    """An integer query-string value clamped to ``low``..``high``; ``default`` if missing or not a number.

    >>> query_int({"hops": "12"}, "hops", 4, low=1, high=8)
    8
    >>> query_int({"hops": "many"}, "hops", 4)
    4
    """
    try:
        value = int(query_value(params, key) or "")
    except ValueError:
        return default
    if low is not None:
        value = max(low, value)
    if high is not None:
        value = min(high, value)
    return value


def register_url_sync(app: Dash, fields: Sequence[tuple[str, str, str]]) -> None:
    """Write each ``(component_id, prop, key)`` value into the URL whenever one changes.

    The callback runs in the browser and has no outputs; it only fires while the page holding
    those components is shown.
    """
    keys = [key for _, _, key in fields]
    app.clientside_callback(_SYNC_JS % (json.dumps(keys), LIST_SEP),
                            [Input(component, prop) for component, prop, _ in fields])
