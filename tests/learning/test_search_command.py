"""`lantern library search` (issue 14): each query in order, ranked; --json is exactly
one object {"queries": [{"query", "results": [{"ref", "title", "kind", "score"}]}]}."""

import json

import pytest
from django.core.management import CommandError, call_command

from tests.factories import PartnershipFactory

from .helpers import item

pytestmark = pytest.mark.django_db


@pytest.fixture
def library():
    p = PartnershipFactory(slug="demo")
    item(
        p,
        "SAR-1",
        "Self-neglect and hoarding; the MCA assessment was not done.",
        title="Adult C",
        kind="sar",
    )
    item(p, "CSPR-1", "Safe sleep and co-sleeping after alcohol.", title="Child D", kind="cspr")
    for n in range(5):
        item(
            p,
            f"N-{n}",
            "Information sharing between agencies.",
            title=f"National {n}",
            kind="national",
        )
    return p


def test_json_has_exactly_the_agreed_shape(library, capsys):
    call_command(
        "library",
        "search",
        "--partnership",
        "demo",
        "--json",
        "mental capacity",
        "safe sleep",
        "zebra",
    )
    out = capsys.readouterr().out
    assert out.count("\n") == 1  # one object, one line
    document = json.loads(out)
    assert list(document) == ["queries"]
    assert [q["query"] for q in document["queries"]] == ["mental capacity", "safe sleep", "zebra"]
    first, second, third = document["queries"]
    assert list(first) == ["query", "results"]
    assert [r["ref"] for r in first["results"]] == ["SAR-1"]
    assert first["results"][0] == {
        "ref": "SAR-1",
        "title": "Adult C",
        "kind": "sar",
        "score": first["results"][0]["score"],
    }
    assert isinstance(first["results"][0]["score"], float) and first["results"][0]["score"] > 0
    assert [r["ref"] for r in second["results"]] == ["CSPR-1"]
    assert third["results"] == []


def test_limit_and_plain_output(library, capsys):
    call_command(
        "library", "search", "--partnership", "demo", "--limit", "2", "information sharing"
    )
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "information sharing: 2 result(s)"
    assert "  1. N-" in out and "  2. N-" in out and "  3." not in out


def test_bad_limit_is_refused(library):
    with pytest.raises(CommandError, match="between 1 and 100"):
        call_command("library", "search", "--partnership", "demo", "--limit", "0", "x")
