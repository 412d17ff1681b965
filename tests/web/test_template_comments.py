"""Django's {# #} comment ends on its own line: one left open is printed on the page as
text (found on the issue 15 walk: the survey page showed a note meant for developers to
every practitioner). Every template's {# closes on the line it opens; longer notes use
{% comment %}."""

from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "lantern"


def test_every_short_comment_closes_on_its_own_line():
    open_ = [
        f"{path.relative_to(SRC)}:{number}"
        for path in sorted(SRC.rglob("*.html")) + sorted(SRC.rglob("*.txt"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if line.count("{#") > line.count("#}")
    ]
    assert not open_, "comments left open: " + ", ".join(open_)
