"""Browser test fixtures, loaded once for the whole suite by tests/conftest.py (a plugin,
so every folder shares one Chromium and one Playwright event loop).

Browser tests: Playwright (sync API) driving Debian's Chromium against pytest-django's
live server, with axe-core checking each page against WCAG 2.2 AA.

Nothing here downloads a browser. Without /usr/bin/chromium or node_modules/axe-core
these tests skip, except under `make test` (LANTERN_BROWSER_TESTS=required), which
installs both and so fails if either is missing.
"""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Error as PlaywrightError

# Playwright's sync API keeps an asyncio event loop in this thread, which Django's
# "async unsafe" guard would take for async code calling the ORM.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("LANTERN_CHROMIUM", "/usr/bin/chromium"))
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# WCAG 2.0, 2.1 and 2.2 at levels A and AA: what public sector services in the UK must meet;
# and axe's best practices (landmarks, one h1, heading order, ...), which catch what a
# screen reader user meets first (issue 12, item 17).
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
TIMEOUT_MS = 15_000


def pytest_itemcollected(item: pytest.Item) -> None:
    """Every test that drives Chromium (it uses the session's browser, as `page` does) is
    marked `browser`, so `-m "not browser"` leaves them out (make test's PostgreSQL run)."""
    if "browser" in getattr(item, "fixturenames", ()):
        item.add_marker(pytest.mark.browser)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run the browser tests last (after pytest-django's own ordering), so the
    session-wide browser, and Playwright's event loop, exist only at the end."""
    browser_tests = [item for item in items if item.get_closest_marker("browser")]
    if browser_tests:
        others = [item for item in items if not item.get_closest_marker("browser")]
        items[:] = others + browser_tests


def _missing(what: str) -> None:
    if os.environ.get("LANTERN_BROWSER_TESTS") == "required":
        pytest.fail(f"{what} (make test installs it)", pytrace=False)
    pytest.skip(f"{what}: run `make test`, which installs it")


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """One headless Chromium for the whole session."""
    if not CHROMIUM.exists():
        _missing(f"Debian's Chromium is not at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


@pytest.fixture
def working_day(request: pytest.FixtureRequest) -> Iterator[None]:
    """The journeys type today's date where Lantern asks for a working day (a request's
    due date, a meeting): on a weekend or bank holiday they run, clock ticking, on the last
    working day before it, so they pass whatever day CI runs (it failed on a Saturday).
    The services' own working-day rules are tested on every day by the unit tests."""
    import time_machine
    from django.utils import timezone

    from lantern.clock.engine import ENGLAND

    today = timezone.localdate()
    back = today - ENGLAND.previous_working_day(today)
    # A test marked real_clock talks to another process on real time (the local identity
    # provider, whose tokens would be "issued in the future" to a clock set back).
    if not back or request.node.get_closest_marker("real_clock"):
        yield
        return
    with time_machine.travel(timezone.now() - back, tick=True):
        yield


@pytest.fixture
def page(browser, live_server, working_day):
    """A fresh browser context (no cookies) on the live server, for one test, on a
    working day (`working_day`).

    bypass_csp is there only so that axe-core can be injected into the page: Lantern's
    Content Security Policy rightly refuses scripts it did not serve.
    """
    context = browser.new_context(base_url=live_server.url, bypass_csp=True)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    yield page
    context.close()


class Axe:
    """Runs axe-core on pages and gathers every violation, to fail once with all of them."""

    def __init__(self) -> None:
        self.failures: list[str] = []

    def check(self, page, where: str, exclude: list[str] | None = None) -> list[dict]:
        """`exclude`: CSS selectors of parts of the page axe leaves out (a third-party
        widget the test names and says why)."""
        # A check straight after a click may meet the page mid-navigation (the new
        # document has no <head> yet, or the old one's context is destroyed): wait for the
        # page to load and try again, rather than make every test wait by hand.
        for attempt in range(3):
            page.wait_for_load_state("load")
            try:
                return self._run(page, where, exclude or [])
            except PlaywrightError as error:
                text = str(error)
                if attempt == 2 or not ("appendChild" in text or "context was destroyed" in text):
                    raise
        raise AssertionError("unreachable")

    def _run(self, page, where: str, exclude: list[str]) -> list[dict]:
        if not page.evaluate("() => typeof window.axe !== 'undefined'"):
            page.add_script_tag(path=str(AXE_JS))
        violations = page.evaluate(
            """async ([tags, exclude]) => {
                const context = exclude.length
                    ? {include: [document], exclude: exclude.map((s) => [s])} : document;
                // Violations only: gathering the passes too doubles the time on a big page.
                const results = await axe.run(context, {
                    runOnly: {type: 'tag', values: tags},
                    resultTypes: ['violations'],
                });
                return results.violations.map((v) => ({
                    id: v.id,
                    impact: v.impact,
                    help: v.help,
                    helpUrl: v.helpUrl,
                    nodes: v.nodes.map((n) => ({
                        target: n.target.join(' '),
                        html: n.html,
                        summary: n.failureSummary,
                    })),
                }));
            }""",
            [AXE_TAGS, exclude],
        )
        for violation in violations:
            lines = [
                f"{where} ({page.url}): {violation['id']} [{violation['impact']}] "
                f"{violation['help']} ({violation['helpUrl']})"
            ]
            for node in violation["nodes"]:
                lines.append(f"    target: {node['target']}")
                lines.append(f"      html: {node['html'][:200]}")
                summary = (node["summary"] or "").replace("\n", "\n            ")
                lines.append(f"      fix: {summary}")
            self.failures.append("\n".join(lines))
        return violations

    def assert_no_violations(self) -> None:
        if self.failures:
            pytest.fail(
                f"axe-core found {len(self.failures)} accessibility violation(s) "
                f"({', '.join(AXE_TAGS)}):\n" + "\n".join(self.failures),
                pytrace=False,
            )


@pytest.fixture
def axe() -> Axe:
    if not AXE_JS.exists():
        _missing(f"axe-core is not at {AXE_JS} (npm ci installs it)")
    return Axe()
