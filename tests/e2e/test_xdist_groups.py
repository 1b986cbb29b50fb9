"""The browser tests run in their pytest-xdist groups: each group on one worker, its tests one after the other.

Without the groups (``--dist loadgroup`` reads them from the node ids) the tests went to both workers one by one,
between other folders' tests: each worker started Chromium again and again, and the page walks filled the portal
on both. No browser here: this test only reads the worker's collection.
"""

import pytest


def test_every_browser_test_carries_its_group_in_its_node_id(request):
    if not request.config.getoption("loadgroup", False):
        pytest.skip("only a pytest-xdist worker under --dist loadgroup distributes by group")

    ungrouped = [
        item.nodeid
        for item in request.session.items
        if item.get_closest_marker("e2e") and "@e2e" not in item.nodeid.rpartition("]")[2].rpartition("::")[2]
    ]

    assert ungrouped == []
