"""No link leads a reader to a page they cannot open (issue 12, item 5).

A page-and-role matrix on the demo partnership: for each kind of person the demo signs in
(Business Manager, Business Unit officer, Independent Chair, auditor, a group chair, agency
safeguarding leads, nominated representatives, the independent reviewer, a referrer), the
test client crawls breadth-first from the home page over the same-site links (<a href>) on
every page it reads (GET only; never sign-out, the platform admin or another site) and opens
every link it finds, and the action of every form (its button leads there as a link does).
A link that answers 403 or 404 is a link to a page its reader cannot open: the page must
not offer it. Files (downloads and exports) are opened for their status only and never read
for links.

Pages of one kind (the same path with other ids or query values) are read for links a few
times, not all of them; but every distinct link found is opened, so a link shown for one
agency's row and not another's is caught wherever it is.
"""

import re
from collections import defaultdict, deque
from datetime import date
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from django.test import Client
from django.urls import reverse

from lantern.accounts.models import User
from lantern.cases.models import Case
from lantern.demo.services import demo_load
from lantern.partnerships.models import Group

pytestmark = [pytest.mark.django_db, pytest.mark.pages]

#: The demo's sign-ins (README), one for each kind of reader; several agencies' people,
#: since what one agency may open another may not.
READERS = [
    "business.manager@example.org",  # Business Manager
    "business.unit@example.org",  # Business Unit officer
    "independent.chair@example.org",  # Independent Chair; chair of the Executive
    "auditor@example.org",  # read-only auditor
    "qap.chair@example.org",  # group chair (QA&P sub-group, SAR Panel)
    "li.member@example.org",  # group member; the referrer of the demo's child referral
    "theme.lead@example.org",  # audit theme lead
    "safeguarding.lead@example.org",  # agency safeguarding lead (Police)
    "carehome.lead@example.org",  # agency safeguarding lead (care home, an adults' case)
    "council.rep@example.org",  # nominated representative (Children's Services)
    "hospital.rep@example.org",  # nominated representative (hospital trust)
    "nominated.rep@example.org",  # nominated representative (ICB)
    "reviewer@example.org",  # independent reviewer
]

#: Pages read for links, per reader, and per kind of page.
MOST_PAGES = 250
PER_KIND = 2

#: Answers a file: opened for its status only.
FILE = re.compile(r"\.(csv|xlsx|docx|pdf|json|zip|ics)$|/download|/export|/file/|/template")
#: Never opened: signing out ends the crawl; the platform admin is the operators' own site.
NEVER = re.compile(r"/sign-out|/logout|^/platform-admin/|^/static/|^/media/")
ID = re.compile(r"^(\d+|[A-Z]{2,5}-\d{4}-\d+|[0-9a-f-]{32,36})$")
HREF = re.compile(r"<a\b[^>]*?\shref=\"([^\"]*)\"", re.IGNORECASE)
#: A form's action: its button leads there as a link does (a GET of it opens the form's own
#: page, or answers 405 when it takes only a POST; a 403 or 404 is a button the reader
#: cannot use).
ACTION = re.compile(r"<form\b[^>]*?\saction=\"([^\"]+)\"", re.IGNORECASE)
DEAD = {403, 404}


def _kind(path: str, query: str) -> str:
    """A page's kind: its path with ids replaced, and the names of its query parameters."""
    parts = ["{id}" if ID.match(part) else part for part in path.split("/")]
    keys = sorted({key for key, _ in parse_qsl(query)})
    return "/".join(parts) + ("?" + "&".join(keys) if keys else "")


def _links(page: str, html: str) -> list[str]:
    """The same-site links on a page, as path and query, in the order they appear."""
    found = []
    for href in HREF.findall(html) + ACTION.findall(html):
        href = href.replace("&amp;", "&")
        target = urlsplit(href)
        if target.scheme and target.scheme not in ("http", "https"):
            continue  # mailto:, tel:
        if target.netloc and target.netloc != "testserver":
            continue  # another site
        if not target.path:
            if not target.query:
                continue  # "#main-content" and the like
            target = urlsplit(urlsplit(page).path + "?" + target.query)
        elif not target.path.startswith("/"):
            continue  # the app writes its links from the root
        url = target.path + (f"?{target.query}" if target.query else "")
        if not NEVER.search(target.path):
            found.append(url)
    return found


def crawl(reader: User, start: list[str]) -> tuple[list[str], int, int]:
    """Every (page, link, status) on the pages a reader reaches whose link is dead, with the
    number of pages read and of links opened."""
    client = Client()
    client.force_login(reader)
    status: dict[str, int] = {}
    html: dict[str, str] = {}

    def open_(url: str) -> int:
        if url not in status:
            # A link that redirects is as good as where it lands.
            response = client.get(url, follow=True)
            status[url] = response.status_code
            kind = response.get("Content-Type", "")
            if (
                response.status_code == 200
                and "text/html" in kind
                and not FILE.search(urlsplit(url).path)
                and not response.streaming
            ):
                html[url] = response.content.decode()
        return status[url]

    dead: list[str] = []
    queue = deque(start)
    queued = set(start)
    per_kind: dict[str, int] = defaultdict(int)
    read = 0
    while queue and read < MOST_PAGES:
        page = queue.popleft()
        split = urlsplit(page)
        kind = _kind(split.path, split.query)
        if per_kind[kind] >= PER_KIND and page not in start:
            continue  # the start pages (every case) are all read
        open_(page)
        if page not in html:
            continue
        per_kind[kind] += 1
        read += 1
        for link in dict.fromkeys(_links(page, html[page])):
            code = open_(link)
            if code in DEAD:
                dead.append(f"{reader.email}: {page} -> {link} ({code})")
            elif link not in queued:
                queued.add(link)
                queue.append(link)
    return dead, read, len(status)


def test_no_link_leads_a_reader_to_a_page_they_cannot_open():
    """Issue 12, item 5: on every page each kind of reader reaches, every link opens (no
    403, no 404): pages show only what their reader may open."""
    demo_load()
    cases = [
        f"/cases/{c.reference}/"
        for c in Case.objects.filter(partnership__slug="demo").order_by("pathway", "pk")
    ]
    # Each group's reporting pack, which a form (not a link) opens.
    today = date.today().isoformat()
    packs = [
        f"{reverse('actions:pack')}?{urlencode({'group': g.pk, 'meeting': today})}"
        for g in Group.objects.filter(partnership__slug="demo", is_active=True).order_by("pk")
    ]
    dead: list[str] = []
    reach: dict[str, tuple[int, int]] = {}
    for email in READERS:
        reader = User.objects.get(email=email)
        # The home page, the menu's pages, and every demo case (whether the reader may
        # open it or not: a case they are not on is not linked from their pages, and a
        # refused case page has no links to follow).
        found, read, opened = crawl(
            reader, ["/", "/cases/", "/actions/", "/audits/", *cases, *packs]
        )
        dead.extend(found)
        reach[email] = (read, opened)
    # The crawl went deep for everyone: not a sign-in page answered thirteen times.
    shallow = {email: n for email, n in reach.items() if n[0] < 10}
    assert not shallow, f"readers who reached almost nothing (pages, links): {shallow}"
    assert not dead, f"{len(dead)} dead link(s):\n" + "\n".join(dead)
