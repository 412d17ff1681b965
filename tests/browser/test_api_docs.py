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
        expect(page.locator(".swagger-ui .info .title")).to_contain_text("Lantern API")
        page.locator("#operations-Me-me .opblock-summary").click()
        expect(page.locator("#operations-Me-me")).to_contain_text("Responses")
    finally:
        context.close()
    assert violations == []
