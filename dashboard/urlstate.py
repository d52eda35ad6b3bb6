"""Every page keeps its state in the URL's query string, so a view can be shared and reopened.

A page's ``layout(**params)`` receives the query string (Dash pages passes it as keyword
arguments) and reads its initial values with its plain ``initial_state(params)``, built from
:func:`query_value`, :func:`query_list`, :func:`query_int`, :func:`query_choice` and
:func:`query_choices`: whatever a link holds, they give a valid state (a value the page does
not know is its default; a NUL or a lone surrogate, which no store can take, is dropped; a
value longer than any real link's is ignored). Its ``register`` calls
:func:`register_url_sync`, which writes the current values back into the address bar with
``history.replaceState``: no reload, and no re-render by the pages router (which only
listens to its own location component).
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Mapping, Sequence
from typing import Any

from dash import Dash, Input

__all__ = ["query_value", "query_list", "query_int", "query_choice", "query_choices", "register_url_sync",
           "LIST_SEP", "MAX_VALUE"]

LIST_SEP = ","
MAX_VALUE = 20_000  # characters: a longer value is ignored (browsers cut links at about 2,000-64,000)
_UNUSABLE = re.compile("[\x00\ud800-\udfff]")

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
    """The key's first value as text, without characters no store can take; None if missing or too long.

    >>> _raw({"q": ["lead\\x00er", "other"]}, "q"), _raw({"q": "x" * (MAX_VALUE + 1)}, "q")
    ('leader', None)
    """
    value = params.get(key)
    if isinstance(value, list | tuple):
        value = value[0] if value else None
    if value is None:
        return None
    text = _UNUSABLE.sub("", str(value))
    return text if len(text) <= MAX_VALUE else None


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


def query_choice(params: Mapping[str, Any], key: str, choices: Collection[str], default: str) -> str:
    """The value of ``key`` if it is one of ``choices``, else ``default``.

    >>> query_choice({"layout": "force"}, "layout", ("layers", "force"), "layers")
    'force'
    >>> query_choice({"layout": "spiral"}, "layout", ("layers", "force"), "layers")
    'layers'
    """
    value = query_value(params, key)
    return value if value is not None and value in choices else default


def query_choices(params: Mapping[str, Any], key: str, choices: Collection[str],
                  default: list[str]) -> list[str]:
    """The listed values of ``key`` that are ``choices``, once each; ``default`` when the key is missing.

    >>> query_choices({"kinds": "outcome,spam,outcome,context"}, "kinds", ("context", "outcome"), [])
    ['outcome', 'context']
    """
    values = query_list(params, key)
    if values is None:
        return list(default)
    return list(dict.fromkeys(v for v in values if v in choices))


def register_url_sync(app: Dash, fields: Sequence[tuple[str, str, str]]) -> None:
    """Write each ``(component_id, prop, key)`` value into the URL whenever one changes.

    The callback runs in the browser and has no outputs; it only fires while the page holding
    those components is shown.
    """
    keys = [key for _, _, key in fields]
    app.clientside_callback(_SYNC_JS % (json.dumps(keys), LIST_SEP),
                            [Input(component, prop) for component, prop, _ in fields])
