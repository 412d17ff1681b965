"""`lantern library import` (issue 14): JSON Lines, every line valid or nothing written,
bad lines reported by number, importing again updates."""

import datetime
import json

import pytest
from django.core.management import CommandError, call_command

from lantern.learning.models import LibraryItem
from lantern.learning.services import ImportRefused, library_import
from tests.factories import CaseFactory, PartnershipFactory

from .helpers import item, jsonl, line

pytestmark = pytest.mark.django_db


def run(path, partnership, *extra):
    out, err = _Capture(), _Capture()
    call_command(
        "library",
        "import",
        str(path),
        "--partnership",
        partnership.slug,
        *extra,
        stdout=out,
        stderr=err,
    )
    return out.text, err.text


class _Capture:
    def __init__(self):
        self.text = ""

    def write(self, s):
        self.text += s

    def flush(self):
        pass


def test_imports_every_line_and_prints_a_summary(tmp_path):
    """Issue 14: each line becomes an item with its themes and date."""
    p = PartnershipFactory(name="Demoshire")
    path = tmp_path / "learning.jsonl"
    path.write_text(
        jsonl(
            line("SAR-1", themes=["self-neglect", "Mental capacity"], published_on="2023-04-05"),
            line("NAT-1", kind="national", url=""),
        )
    )
    out, _ = run(path, p)
    assert out.strip() == (
        "Imported 2 item(s) into Demoshire's library: 2 new, 0 updated, 0 unchanged."
    )
    sar = LibraryItem.objects.get(partnership=p, ref="SAR-1")
    assert sar.published_on == datetime.date(2023, 4, 5)
    assert sorted(t.slug for t in sar.themes.all()) == ["mental-capacity", "self-neglect"]
    assert LibraryItem.objects.get(ref="NAT-1").kind == "national"


def test_importing_again_updates_and_keeps_what_the_line_leaves_out(tmp_path):
    """Issue 14: ref is unique in the partnership; importing again updates the item. A
    line without themes or a date keeps the item's (a person may have confirmed them)."""
    p = PartnershipFactory(name="Demoshire")
    path = tmp_path / "learning.jsonl"
    path.write_text(jsonl(line("A", themes=["self-neglect"], published_on="2022-01-02"), line("B")))
    run(path, p)
    path.write_text(jsonl(line("A", title="A, revised"), line("B"), line("C")))
    out, _ = run(path, p)
    assert "3 item(s)" in out and "1 new, 1 updated, 1 unchanged" in out
    a = LibraryItem.objects.get(partnership=p, ref="A")
    assert a.title == "A, revised"
    assert [t.slug for t in a.themes.all()] == ["self-neglect"]
    assert a.published_on == datetime.date(2022, 1, 2)
    assert LibraryItem.objects.filter(partnership=p).count() == 3


BAD_LINES = [
    ("{not json", "not valid JSON"),
    ('["a list"]', "must be a JSON object, not a list"),
    (line("x", kind="finding"), "'kind' must be one of cspr, sar, dhr, audit, briefing, national"),
    (line("x", kind="blog"), "not 'blog'"),
    (line("x", themes=["astrology"]), "unknown theme 'astrology'"),
    (line("x", themes="self-neglect"), "'themes' must be a list"),
    (line("x", published_on="1066-10-14"), "is not a publication date"),
    (line("x", published_on="2999-01-01"), "is not a publication date"),
    (line("x", published_on="14/10/2023"), "YYYY-MM-DD"),
    (line("x", title="Bad\x07bell"), "'title' contains a control character (U+0007)"),
    (line("x", text="nul\x00byte"), "'text' contains a control character (U+0000)"),
    (line("x", title=12), "'title' must be a string, not a number"),
    (line("x", title="   "), "'title' must not be blank"),
    (line("x", url="javascript:alert(1)"), "'url' must be an http or https address"),
    (line(" x "), "'ref' must not start or end with spaces"),
    (line("x", colour="red"), "unknown field 'colour'"),
    ({"ref": "x", "title": "T", "kind": "sar"}, "missing 'url', 'text'"),
    (
        '{"ref": "x", "ref": "y", "title": "T", "kind": "sar", "url": "", "text": "t"}',
        "given twice",
    ),
    ('{"ref": "x", "title": "T", "kind": "sar", "url": "", "text": NaN}', "not valid JSON"),
]


@pytest.mark.parametrize(("bad", "message"), BAD_LINES)
def test_a_bad_line_is_reported_by_number_and_nothing_is_written(tmp_path, bad, message):
    """Issue 14: bad lines are reported by line number, and nothing is written unless
    every line is valid (the good lines before and after it are not imported either)."""
    p = PartnershipFactory()
    path = tmp_path / "learning.jsonl"
    path.write_text(jsonl(line("good-1"), line("good-2"), bad, line("good-3")))
    with pytest.raises(CommandError, match="Nothing imported: 1 line"):
        run(path, p)
    assert not LibraryItem.objects.filter(partnership=p).exists()
    with pytest.raises(ImportRefused) as refused:
        library_import(partnership=p, lines=path.read_bytes().splitlines(keepends=True))
    assert [n for n, _ in refused.value.errors] == [3] * len(refused.value.errors)
    assert any(message in m for _, m in refused.value.errors), refused.value.errors


def test_every_bad_line_is_listed_with_its_number(tmp_path):
    """All problems are reported at once, each with its line (blank lines count)."""
    p = PartnershipFactory()
    path = tmp_path / "learning.jsonl"
    path.write_text(jsonl(line("a"), "", line("b", kind="blog"), line("a"), "{", line("c")))
    with pytest.raises(CommandError):
        run(path, p)
    with pytest.raises(ImportRefused) as refused:
        library_import(partnership=p, lines=path.read_text().splitlines())
    assert [(n, m.split(" (")[0]) for n, m in refused.value.errors] == [
        (3, "'kind' must be one of cspr, sar, dhr, audit, briefing, national; not 'blog'."),
        (4, "ref 'a' is already on line 1."),
        (5, "not valid JSON"),
    ]


def test_errors_go_to_stderr_with_file_and_line(tmp_path, capsys):
    p = PartnershipFactory()
    path = tmp_path / "in.jsonl"
    path.write_text(jsonl(line("a"), line("b", kind="blog")))
    err = _Capture()
    with pytest.raises(CommandError):
        call_command(
            "library", "import", str(path), "--partnership", p.slug, stderr=err, stdout=_Capture()
        )
    assert err.text.startswith(f"{path}:2: 'kind' must be one of")


def test_invalid_utf8_is_reported_by_line(tmp_path):
    p = PartnershipFactory()
    path = tmp_path / "in.jsonl"
    path.write_bytes(jsonl(line("a")).encode() + b'{"ref": "\xff"}\n')
    with pytest.raises(ImportRefused) as refused:
        library_import(partnership=p, lines=path.open("rb"))
    assert refused.value.errors[0][0] == 2 and "not UTF-8" in refused.value.errors[0][1]


def test_a_ref_held_by_a_cases_finding_is_refused(tmp_path):
    """An import never overwrites a case's confidential finding that has the same ref."""
    p = PartnershipFactory()
    case = CaseFactory(partnership=p)
    item(p, "F-1", "A finding.", kind="finding", case=case)
    with pytest.raises(ImportRefused) as refused:
        library_import(partnership=p, lines=[json.dumps(line("F-1"))])
    assert refused.value.errors == [
        (1, "ref 'F-1' is a case's finding in the library; use another ref.")
    ]
    assert LibraryItem.objects.get(ref="F-1").kind == "finding"


def test_dry_run_counts_and_writes_nothing(tmp_path):
    p = PartnershipFactory(name="Demoshire")
    path = tmp_path / "in.jsonl"
    path.write_text(jsonl(line("a"), line("b")))
    out, _ = run(path, p, "--dry-run")
    assert out.startswith("Would import 2 item(s)")
    assert not LibraryItem.objects.exists()


def test_unknown_partnership_and_missing_file(tmp_path):
    p = PartnershipFactory()
    with pytest.raises(CommandError, match="No partnership has the slug 'nope'"):
        call_command("library", "import", "x.jsonl", "--partnership", "nope")
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("library", "import", str(tmp_path / "missing.jsonl"), "--partnership", p.slug)
