"""No page is wider than a phone's screen (390 px): tables and pictures scroll inside their own boxes.

A page wider than the viewport scrolls sideways as a whole, and its buttons end up off-screen (the agent
queue's only button was, at 868 px). The walk visits the pages of the CSP walk (every page kind, anonymous,
as a member and as the administrator) in Russian and English at 390 x 844 and compares the document's width
with the viewport's.
"""

import pytest

from tests.e2e.walks.test_csp import sign_in, visitor_walks

PHONE = {"width": 390, "height": 844}
# Third-party documentation viewers, laid out by their own CSS: not the portal's pages.
NOT_OURS = {"/api/docs/", "/api/redoc/"}


@pytest.mark.parametrize("locale", ["ru-RU", "en-US"])
def test_no_page_is_wider_than_a_phone(new_context, locale):
    # given the portal as `make run` fills it (``portal_server`` in conftest.py)
    walks = visitor_walks()
    too_wide = []
    visited = 0

    # when each visitor opens its pages on a phone
    for email, paths in walks:
        page = new_context(locale, viewport=PHONE).new_page()
        if email:
            sign_in(page, email)
        for path in paths:
            if path in NOT_OURS or path.startswith("/admin/"):
                continue
            response = page.goto(path)
            assert response is not None and response.ok, f"{path} answered {response and response.status}"
            page.wait_for_load_state("load")
            width = page.evaluate("document.documentElement.scrollWidth")
            visited += 1
            if width > PHONE["width"]:
                too_wide.append(f"{path} ({email or 'anonymous'}): {width} px")

    # then none scrolls sideways
    assert visited >= 40
    assert too_wide == [], "\n".join(too_wide)
