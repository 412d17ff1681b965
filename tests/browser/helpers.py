"""Steps every browser journey takes: signing in as someone (signing out whoever was
signed in first) and filling a GOV.UK date input."""

import datetime

from playwright.sync_api import expect

from lantern.demo import data


def sign_in_as(page, email: str, password: str = data.DEMO_PASSWORD) -> None:
    # Twice at most: a form posted just before may still be loading its answer, with no
    # Sign out button yet, and then the sign-in page sends a signed-in person to My work.
    for _attempt in range(2):
        page.wait_for_load_state()
        if page.get_by_role("button", name="Sign out").count():
            page.get_by_role("button", name="Sign out").click()
            # Wait for the sign-out to land before navigating, or the POST may be cut short.
            expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to Lantern")
        page.goto("/account/sign-in/")
        if page.get_by_label("E-mail address").count():
            break
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My work")


def fill_date(page, legend: str, day: datetime.date) -> None:
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def on_my_work(page, ref: str, title):
    """The rows of My work's "Waiting for you" for this case and this item: opens My work
    first. The case cards lower down link to the same steps, so the look is scoped to My
    work's own tables. `title` is the item's link text, or a pattern for it."""
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("My work")
    return (
        page.locator("table.lantern-work tbody tr")
        .filter(has_text=ref)
        .filter(has=page.get_by_role("link", name=title, exact=isinstance(title, str)))
    )


def as_due_on_my_work(day: datetime.date) -> str:
    """A date as My work's Due column shows it, e.g. "3 Dec 2026"."""
    return f"{day.day} {day:%b %Y}"


def waiting_on_my_work(page, ref: str) -> list[str]:
    """Every item My work lists for this case, by its link text, sorted (opens My work)."""
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("My work")
    rows = page.locator("table.lantern-work tbody tr").filter(has_text=ref)
    return sorted(rows.get_by_role("link").all_inner_texts())


#: The narrowest screen WCAG 2.2's 1.4.10 Reflow asks a page to fit without scrolling
#: sideways (1280 px at 400% zoom).
REFLOW_WIDTH = 320

# What sticks out past the right edge at the page's width, leaving out what is inside a
# table's own scrolling region (lantern.js wraps every table in one): a data table may
# scroll on its own, the page may not.
_OVERFLOW_JS = """(width) => {
    const root = document.documentElement;
    const out = [];
    if (root.scrollWidth <= width) return {scrollWidth: root.scrollWidth, out};
    // An element's right edge, or its text's where the text overflows a box that lets
    // it show (overflow: visible).
    const edge = (el) => {
        const box = el.getBoundingClientRect();
        if (box.width === 0) return 0;
        const shows = getComputedStyle(el).overflowX === 'visible';
        return shows ? Math.max(box.right, box.left + el.scrollWidth) : box.right;
    };
    const describe = (el, right) => {
        const name = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
            (el.className && typeof el.className === 'string'
                ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
        return name + ' (right edge ' + Math.round(right) + 'px): ' +
            (el.textContent || '').trim().replace(/\\s+/g, ' ').slice(0, 60);
    };
    for (const el of document.body.querySelectorAll('*')) {
        const parent = el.parentElement;
        // What is visually hidden is clipped to 1 px, whatever its text's length.
        if (el.closest('.govuk-visually-hidden')) continue;
        if (parent && parent.closest('.lantern-table-scroll')) continue;
        // Inside an SVG, the SVG's own box is what counts (it clips the rest).
        if (parent && parent.closest('svg')) continue;
        const right = edge(el);
        if (right <= width + 1) continue;
        // Only the innermost culprits: skip an element whose child sticks out too (a
        // table's region is the culprit itself when it sticks out: what is in it may).
        const child = !el.classList.contains('lantern-table-scroll') && Array.from(
            el.children).some((c) => edge(c) > width + 1);
        if (child) continue;
        out.push(describe(el, right));
        if (out.length >= 5) break;
    }
    // The element without which the page would fit: hide each child in turn, going down
    // into the one that makes the difference, for as long as one does.
    const fits = () => root.scrollWidth <= width;
    let node = document.body;
    let culprit = null;
    while (node) {
        let next = null;
        for (const child of node.children) {
            const was = child.style.display;
            child.style.display = 'none';
            const ok = fits();
            child.style.display = was;
            if (ok) { next = child; break; }
        }
        if (next) culprit = next;
        node = next;
    }
    if (culprit) out.unshift('without ' + describe(culprit, edge(culprit)) + ' it fits');
    return {scrollWidth: root.scrollWidth, out};
}"""


def reflow_problems(page) -> list[str]:
    """Why this page scrolls sideways at 320 CSS px (WCAG 2.2, 1.4.10), if it does: the
    page is laid out again at 320 px wide, measured, and put back to the size it had."""
    size = page.viewport_size
    page.set_viewport_size({"width": REFLOW_WIDTH, "height": 800})
    try:
        result = page.evaluate(_OVERFLOW_JS, REFLOW_WIDTH)
    finally:
        if size:
            page.set_viewport_size(size)
    if result["scrollWidth"] <= REFLOW_WIDTH:
        return []
    return [f"the page is {result['scrollWidth']} px wide at {REFLOW_WIDTH} px"] + result["out"]


def assert_reflows(page, where: str) -> None:
    problems = reflow_problems(page)
    assert not problems, f"{where} ({page.url}) scrolls sideways: " + "; ".join(problems)


# Every focusable element, in the order the Tab key should reach them: document order
# (Lantern never uses a positive tabindex), visible and enabled.
_FOCUSABLE_JS = """() => {
    const selector = 'a[href], button, input, select, textarea, summary, [tabindex]';
    return Array.from(document.querySelectorAll(selector)).filter((el) => {
        if (el.disabled || el.getAttribute('tabindex') === '-1') return false;
        if (el.type === 'hidden') return false;
        // Radios in a group take one Tab stop: the checked one, or the first.
        if (el.type === 'radio') {
            const group = Array.from(document.getElementsByName(el.name));
            const checked = group.find((r) => r.checked);
            if ((checked || group[0]) !== el) return false;
        }
        // What a closed <details> holds is not reached until it opens (its summary is).
        const details = el.closest('details');
        if (details && !details.open && el.parentElement !== details) return false;
        const style = getComputedStyle(el);
        if (style.visibility === 'hidden' || style.display === 'none') return false;
        // The skip link is visually hidden until focused, and still a Tab stop.
        if (el.classList.contains('govuk-skip-link')) return true;
        return el.getClientRects().length > 0;
    }).map((el, i) => { el.dataset.lanternOrder = String(i); return i; }).length;
}"""


def tab_order(page, stops: int = 40) -> list[str]:
    """Call straight after opening a page (nothing focused or clicked yet, as a keyboard
    user arrives). Presses Tab from the top of the page and returns what each press
    reached, checking each is the next focusable element in document order, so the focus
    order follows the reading order (WCAG 2.4.3), and that
    nothing focusable is invisible (2.4.7)."""
    count = page.evaluate(_FOCUSABLE_JS)
    reached: list[str] = []
    for expected in range(min(stops, count)):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            """() => {
                const el = document.activeElement;
                if (!el || el === document.body) return null;
                const box = el.getBoundingClientRect();
                return {
                    order: el.dataset.lanternOrder,
                    text: (el.innerText || el.value || el.getAttribute('aria-label')
                        || el.name || el.tagName).trim().slice(0, 50),
                    visible: box.width > 0 && box.height > 0,
                };
            }"""
        )
        assert focused is not None, f"Tab {expected + 1} on {page.url} reached nothing"
        assert focused["order"] == str(expected), (
            f"Tab {expected + 1} on {page.url} reached {focused['text']!r} (element "
            f"{focused['order']} in document order), not element {expected}: "
            f"after {reached}"
        )
        assert focused["visible"], (
            f"Tab {expected + 1} on {page.url} reached an invisible {focused['text']!r}"
        )
        reached.append(focused["text"])
    return reached
