"""The 404 page in a browser: the project's layout and stylesheet, and the ways back."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_the_404_page_is_styled_and_leads_back(page, live_server, screenshot):
    response = page.goto(f"{live_server.url}/no-such-page/")
    assert response.status == 404
    assert page.locator("h1").inner_text() == "页面不存在"
    # The stylesheet applied: the header bar has the brand colour.
    colour = page.eval_on_selector("header.site", "e => getComputedStyle(e).backgroundColor")
    assert colour == "rgb(139, 26, 26)"
    screenshot("error-404")
    page.get_by_role("link", name="返回首页").click()
    page.wait_for_url(f"{live_server.url}/")
