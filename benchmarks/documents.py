"""How the time to write a DOCX grows with its length (issue 13).

Writes a reporting-pack-like document (a heading and three paragraphs an action) at a
tenth of and at the full length given, and prints each time and the cost per paragraph
at both lengths: equal costs mean the time grows in proportion to the length (before
issue 13, python-docx's add_paragraph made it grow with the square).

    .venv/bin/python benchmarks/documents.py            # --actions 9000
"""

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

import django

django.setup()

from lantern.documents.generate import render_docx  # noqa: E402


def _seconds(actions: int) -> float:
    sections = [
        (f"Action {n}", f"Owner: person {n}\n\nDue: 1 March 2027\n\nProgress: on track ({n}).")
        for n in range(actions)
    ]
    start = time.perf_counter()
    render_docx(title="Reporting pack", sections=sections, marking="OFFICIAL", draft=False)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actions", type=int, default=9000)
    args = parser.parse_args()
    small, large = max(args.actions // 10, 1), args.actions
    _seconds(small)  # warm-up: imports, the template document
    rows = [(n, _seconds(n)) for n in (small, large)]
    for n, seconds in rows:
        per = seconds / (n * 4) * 1e6
        print(
            f"{n:>7} actions ({n * 4:>7} paragraphs): {seconds:7.2f} s  {per:6.1f} µs a paragraph"
        )
    ratio = (rows[1][1] / (large * 4)) / (rows[0][1] / (small * 4))
    print(f"cost a paragraph at {large} vs {small} actions: {ratio:.2f}×")


if __name__ == "__main__":
    main()
