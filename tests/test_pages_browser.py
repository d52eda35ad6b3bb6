"""Every page opens cleanly, even on a store that holds no review yet (``ptgraph serve --no-load``)."""

from __future__ import annotations

import pytest

from dashboard.app import PAGES, create_app
from tests.browser import start, wait_for

pytestmark = pytest.mark.browser


def test_every_page_opens_on_an_empty_store(dash_duo, store) -> None:
    start(dash_duo, create_app(store))
    for module, name in PAGES:
        dash_duo.driver.get(dash_duo.server_url + module.PATH)
        wait_for(dash_duo, lambda: dash_duo.driver.execute_script(
            "return document.readyState === 'complete' && !!document.querySelector('#_pages_content *')"),
            timeout=15)
        dash_duo.wait_for_no_elements(".dash-fe-error__title", timeout=2)
        assert dash_duo.get_logs() == [], name
