"""Every page the Business Manager can reach on the demo, checked as a disabled reader
meets it (issue 12, items 14, 15, 16 and 17).

One browser, one sign-in: the crawl starts from the main pages, follows every same-origin
link it finds (GET only; no downloads, no sign-out) and, for each page, checks:

- axe-core: WCAG 2.2 AA and axe's best practices (issue 12, item 17);
- reflow: nothing but a table's own scrolling region is wider than 320 CSS px (item 14);
- a non-empty <title> no other page has, and exactly one h1, inside <main> (item 16);
- every aria-describedby, aria-labelledby and aria-controls names an element that is
  there (item 15: a select pointed to an id that did not exist).

Pages of one kind (the same path with other ids or other query parameters) are checked a
few times, not all of them, so the crawl stays under a couple of minutes.
"""

import re
from collections import defaultdict, deque
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from lantern.cases.models import Case
from lantern.chronology.models import ChronologyEntry
from lantern.demo.services import demo_load
from lantern.training.models import TrainingSession

from .helpers import reflow_problems, sign_in_as, tab_order

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

#: Where the crawl starts: the menu's pages and those only a deep link reaches quickly.
START = [
    "/",
    "/cases/",
    "/actions/",
    "/audits/",
    "/manage/",
    "/account/",
    "/accessibility/",
    "/timescales/",
    "/training/",
    "/reports/",
    "/api/docs",
]
#: Pages of one kind checked at most this often, and pages in all.
PER_KIND = 2
MOST_PAGES = 150

# Paths that answer a file, or change something on a GET, are not opened.
SKIP = re.compile(
    r"(\.(csv|xlsx|docx|pdf|json|zip|ics)$)|/download|/export|/file/|/sign-out|/logout"
    r"|^/admin/|/api/v1/|/api/openapi",
)
ID = re.compile(r"^(\d+|[A-Z]{2,5}-\d{4}-\d+|[0-9a-f-]{32,36})$")

_PAGE_FACTS_JS = """() => {
    const h1s = Array.from(document.querySelectorAll('h1'));
    const missing = [];
    for (const attr of ['aria-describedby', 'aria-labelledby', 'aria-controls']) {
        for (const el of document.querySelectorAll('[' + attr + ']')) {
            for (const id of el.getAttribute(attr).split(/\\s+/).filter(Boolean)) {
                if (!document.getElementById(id)) missing.push(attr + '="' + id + '" on ' +
                    el.tagName.toLowerCase() + (el.id ? '#' + el.id : ''));
            }
        }
    }
    const links = Array.from(document.querySelectorAll('a[href]'))
        .filter((a) => !a.hasAttribute('download'))
        .map((a) => a.href);
    const forms = Array.from(document.querySelectorAll('form[action]')).map((f) => f.action);
    return {
        title: document.title.trim(),
        lang: document.documentElement.lang,
        h1s: h1s.length,
        h1InMain: h1s.length === 1 && !!h1s[0].closest('main'),
        missing,
        links,
        forms,
    };
}"""


def _kind(path: str, query: str) -> str:
    """A page's kind: its path with ids replaced, and the names of its query parameters."""
    parts = ["{id}" if ID.match(part) else part for part in path.split("/")]
    if parts[1:2] == ["timescales"] and len(parts) == 5:  # /timescales/<pathway>/<step>/
        parts[2:4] = ["{id}", "{id}"]
    keys = sorted({key for key, _ in parse_qsl(query)})
    return "/".join(parts) + ("?" + "&".join(keys) if keys else "")


def _same_page(path: str, query: str) -> str:
    """What makes a page distinct for its title: its path, and which page of a list."""
    pages = [(k, v) for k, v in parse_qsl(query) if k == "page" and v != "1"]
    return path + ("?" + urlencode(pages) if pages else "")


def test_every_page_the_business_manager_reaches_is_accessible(page, axe, live_server):
    """Issue 12, item 17 (with items 14, 15 and 16): a crawl of every kind of page, checked
    with axe (WCAG 2.2 AA and best practice), for reflow at 320 px, for a unique title and
    one h1 in <main>, and for aria references that lead somewhere."""
    demo_load()
    sign_in_as(page, "business.manager@example.org")
    origin = urlsplit(live_server.url).netloc

    # Case pages of every pathway, so the crawl meets each pathway's steps.
    start = list(START)
    for case in Case.objects.filter(partnership__slug="demo").order_by("pathway", "pk"):
        start.append(f"/cases/{case.reference}/")
    # A chronology with entries, whose entries can be changed (an empty one has no links).
    chronology = ChronologyEntry.objects.filter(case__partnership__slug="demo").first()
    assert chronology is not None
    start.insert(1, f"/cases/{chronology.case.reference}/chronology/")
    # A session whose surveys went out (the programme's first links are sessions to come).
    held = TrainingSession.objects.filter(
        partnership__slug="demo", attendance_recorded_at__isnull=False
    ).first()
    assert held is not None
    start.append(f"/training/sessions/{held.pk}/surveys/")

    # Pages of a kind not met yet first, so the cap leaves out repeats, not kinds.
    fresh: deque[str] = deque(start)
    again: deque[str] = deque()
    seen: set[str] = set(start)
    per_kind: dict[str, int] = defaultdict(int)
    titles: dict[str, str] = {}
    problems: list[str] = []
    checked = 0
    axe_checked: set[str] = set()
    form_actions: set[str] = set()
    while (fresh or again) and checked < MOST_PAGES:
        url = fresh.popleft() if fresh else again.popleft()
        split = urlsplit(url)
        kind = _kind(split.path, split.query)
        if per_kind[kind] >= PER_KIND:
            continue
        if per_kind[kind] and fresh:
            again.append(url)  # its kind was met meanwhile: after the new kinds
            continue
        per_kind[kind] += 1
        if url in form_actions:
            # A form's action is most often a page of its own (the form, with its errors);
            # one that takes only a POST answers 405 and is passed by.
            status = page.request.get(url).status
            if status == 405:
                continue
            if status >= 400:
                problems.append(f"{url} (a form's action): {status}")
                continue
        try:
            response = page.goto(url)
        except PlaywrightError as error:
            if "Download is starting" in str(error):  # a file, served as an attachment
                continue
            raise
        assert response is not None
        if response.status != 200 or urlsplit(page.url).path != split.path:
            # A link the reader may follow opens; a redirect (e.g. to a newer page) is fine.
            if response.status >= 400:
                problems.append(f"{url}: {response.status}")
            continue
        if "text/html" not in (response.headers.get("content-type") or ""):
            continue
        checked += 1
        where = split.path + (f"?{split.query}" if split.query else "")
        facts = page.evaluate(_PAGE_FACTS_JS)

        if not facts["title"]:
            problems.append(f"{where}: no <title>")
        elif not facts["title"].startswith("Error: "):
            same = _same_page(split.path, split.query)
            other = titles.setdefault(facts["title"], same)
            if other != same:
                problems.append(f"{where}: the same title as {other}: {facts['title']!r}")
        if facts["lang"] != "en":
            problems.append(f"{where}: <html lang> is {facts['lang']!r}")
        if facts["h1s"] != 1 or not facts["h1InMain"]:
            problems.append(f"{where}: {facts['h1s']} h1, not one h1 inside <main>")
        problems.extend(f"{where}: {ref} names no element" for ref in facts["missing"])
        if kind not in axe_checked:
            # axe once for each kind of page (it is most of the crawl's time).
            axe_checked.add(kind)
            axe.check(page, where)
        problems.extend(f"{where}: {problem}" for problem in reflow_problems(page))

        for action in facts["forms"]:
            if urlsplit(action).netloc == origin and action not in facts["links"]:
                target = urlsplit(action)
                form_actions.add(target.path + (f"?{target.query}" if target.query else ""))
        for link in facts["links"] + facts["forms"]:
            target = urlsplit(link)
            if target.netloc != origin or SKIP.search(target.path):
                continue
            found = target.path + (f"?{target.query}" if target.query else "")
            if found not in seen:
                seen.add(found)
                new_kind = not per_kind[_kind(target.path, target.query)]
                (fresh if new_kind else again).append(found)

    # The crawl reached far: every kind of page the issue names was checked.
    kinds = set(per_kind)
    for expected in [
        "/account/",
        "/account/password/change/",
        "/account/two-factor/set-up/",
        "/api/docs",
        "/manage/audit/",
        "/manage/people/{id}/",
        "/timescales/{id}/{id}/",
        "/cases/{id}/steps/{id}/",
        "/cases/{id}/chronology/",
        "/audits/{id}/returns/{id}/",
        "/audits/{id}/findings/",
        "/actions/national/new/",
        "/actions/reporting/pack/",
        "/actions/reporting/evaluation/",
        "/adults/{id}/record/",
        "/dhr/{id}/",
        # Pages only a form's button leads to, or deep in a case (item 17's ~37 routes).
        "/cases/{id}/chronology/entries/{id}/edit/",
        "/audits/{id}/good-practice/add/",
        "/audits/{id}/seminars/add/",
        "/actions/cases/{id}/findings/add/",
        "/dhr/{id}/report/",
        "/timescales/settings/",
        "/manage/people/{id}/roles/add/",
        # Training (issue 15): the programme, a course and a session with its people, its
        # register and its surveys, the questions, the timescales, the impact and report.
        "/training/courses/{id}/",
        "/training/sessions/{id}/people/",
        "/training/sessions/{id}/register/",
        "/training/sessions/{id}/surveys/",
        "/training/questions/",
        "/training/settings/",
        "/training/impact/",
        "/training/report/",
        # Reporting (issue 16): the dashboards, the annual reports and the 360 evaluation.
        "/reports/dashboard/",
        "/reports/annual/",
        "/reports/evaluation/",
    ]:
        assert any(kind.startswith(expected) for kind in kinds), f"never reached {expected}"
    assert checked >= 130, f"only {checked} pages checked"
    assert not problems, f"{len(problems)} problem(s) on {checked} pages:\n" + "\n".join(problems)
    axe.assert_no_violations()


def test_keyboard_order_follows_the_page_on_the_main_journeys(page):
    """Issue 12, items 16 and 17: from the top of each main page, Tab reaches the skip link
    first (sign-in's autofocus no longer jumps past it), then every control in the order
    the page reads, none of them invisible."""
    demo_load()
    page.goto("/account/sign-in/")
    reached = tab_order(page, stops=6)
    assert reached[0] == "Skip to main content"
    expect(page.get_by_label("E-mail address")).not_to_be_focused()

    sign_in_as(page, "business.manager@example.org")
    case = Case.objects.filter(partnership__slug="demo").order_by("pk").first()
    assert case is not None
    for url in ["/", "/cases/", f"/cases/{case.reference}/", "/actions/", "/manage/audit/"]:
        page.goto(url)
        reached = tab_order(page)
        assert reached[0] == "Skip to main content", (url, reached)
