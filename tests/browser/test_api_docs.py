"""The API documentation page works under Lantern's strict Content-Security-Policy."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_api_docs_render_under_the_strict_csp(browser, live_server):
    # A context of its own: the `page` fixture bypasses CSP so that axe can be injected.
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    try:
        page.goto("/api/docs")
        expect(page.locator("main h1")).to_contain_text("Lantern API")
        # The contents link to each operation (server-rendered: no Swagger UI, issue 12).
        page.get_by_role("link", name="Who am I").click()
        expect(page).to_have_url(f"{live_server.url}/api/docs#me")
        expect(page.get_by_role("region", name="Responses of “Who am I”")).to_be_visible()
    finally:
        context.close()
    assert violations == []
