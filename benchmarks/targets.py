"""The addresses the page benchmark visits in a generated database, printed as JSON.

Run by pages.py in a process of its own (one per database): it finds the partnership's
Business Manager, the pages of the issue's table, and makes an API token for the run.
"""

import json
import sys

if __package__ in (None, ""):
    from bootstrap import setup
else:
    from .bootstrap import setup


def targets(index: int = 1) -> dict:
    from benchmarks.gen_people import PASSWORD, business_manager_email
    from django.db.models import Count
    from django.utils import timezone

    from lantern.accounts.models import User
    from lantern.actions.models import Recommendation
    from lantern.api.services import token_create
    from lantern.cases.models import Case
    from lantern.partnerships.models import Group
    from lantern.reports.period import last_complete_financial_year
    from lantern.work.links import case_url

    bm = User.objects.filter(email=business_manager_email(index)).first()
    if bm is None:
        raise SystemExit(
            f"No generated data here ({business_manager_email(index)} is missing): "
            "run benchmarks/generate.py with the same LANTERN_DATA_DIR or DATABASE_URL first."
        )
    cases = Case.objects.filter(partnership_id=bm.partnership_id)
    old = (
        cases.filter(pathway__in=["rapid-review", "cspr"], opened_on__year=2017)
        .order_by("opened_on")
        .first()
    ) or cases.order_by("opened_on").first()
    long_one = cases.annotate(n=Count("chronology_entries")).filter(n__gt=0).order_by("-n").first()
    group = (
        Group.objects.filter(partnership_id=bm.partnership_id)
        .annotate(n=Count("monitored_recommendations__actions"))
        .order_by("-n")
        .first()
    )
    recs = Recommendation.objects.filter(partnership_id=bm.partnership_id).order_by("pk")
    rec = recs[recs.count() // 2]
    _, token = token_create(user=bm, name="page benchmark")
    today = timezone.localdate().isoformat()
    year = last_complete_financial_year(timezone.localdate())
    return {
        "email": bm.email,
        "password": PASSWORD,
        "token": token,
        "pages": [
            ["floor", "/bench/floor/"],
            ["My work", "/"],
            ["case list", "/cases/"],
            # The case's own page (a pathway's page, where /cases/<ref>/ redirects).
            [f"a case from {old.opened_on.year}", case_url(old)],
            [f"its history ({old.reference})", f"/cases/{old.reference}/history/"],
            ["a group's actions", f"/actions/groups/{group.pk}/"],
            ["reporting pack page", f"/actions/reporting/pack/?group={group.pk}&meeting={today}"],
            ["audit trail", "/manage/audit/"],
            [f"chronology ({long_one.n:,} entries)", f"/cases/{long_one.reference}/chronology/"],
            ["a recommendation", f"/actions/recommendations/{rec.pk}/"],
            ["API actions", "/api/v1/actions"],
            ["tracker", "/actions/"],
            # Issue 16: the dashboards, as opened (the default period) and for one
            # financial year, and the 360 evaluation.
            ["dashboard", "/reports/dashboard/"],
            ["dashboard, one year", f"/reports/dashboard/?start={year.start}&end={year.end}"],
            ["360 evaluation", "/reports/evaluation/"],
        ],
    }


if __name__ == "__main__":
    setup()
    from django.core.management import call_command

    # The code may have moved on since the data was made: bring the schema up to date.
    call_command("migrate", verbosity=0)
    # What autovacuum (on by default in a PostgreSQL deployment) would have done by the
    # time anyone reads ten years of data: planner statistics, and the visibility map
    # that index-only scans need. Bulk-loaded data has neither until then.
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    json.dump(targets(int(sys.argv[1]) if len(sys.argv) > 1 else 1), sys.stdout)
