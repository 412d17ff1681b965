"""A publication's body as safe HTML: plain paragraphs with a little Markdown-like markup.

Every character a person typed is escaped; the only markup is what this module writes:
- a blank line starts a new paragraph;
- a line starting "## " is a heading (h2 on the report page);
- lines starting "- " or "* " are a bulleted list.
No raw HTML from a person ever reaches a page.
"""

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

Block = tuple[str, list[str]]  # ("p" | "h" | "ul", its lines)


def blocks(body: str) -> list[Block]:
    """The body's paragraphs, headings and lists, in order."""
    found: list[Block] = []
    for chunk in body.replace("\r\n", "\n").split("\n\n"):
        for line in (line.strip() for line in chunk.split("\n")):
            if not line:
                continue
            if line.startswith("## "):
                found.append(("h", [line[3:].strip()]))
                continue
            kind, text = ("ul", line[2:].strip()) if line[:2] in ("- ", "* ") else ("p", line)
            last = found[-1] if found else None
            if last is not None and last[0] == kind:
                last[1].append(text)
            else:
                found.append((kind, [text]))
        found.append(("end", []))  # a blank line ends a paragraph or list
    return [block for block in found if block[0] != "end"]


def body_html(body: str, heading_level: int = 2) -> SafeString:
    parts = []
    for kind, lines in blocks(body):
        if kind == "h":
            parts.append(
                f'<h{heading_level} class="govuk-heading-m">{escape(lines[0])}</h{heading_level}>'
            )
        elif kind == "ul":
            items = "".join(f"<li>{escape(line)}</li>" for line in lines)
            parts.append(f'<ul class="govuk-list govuk-list--bullet">{items}</ul>')
        else:
            parts.append(
                '<p class="govuk-body">' + "<br>".join(escape(line) for line in lines) + "</p>"
            )
    return mark_safe("\n".join(parts))  # noqa: S308 - every person's text is escaped above


def plain_sections(body: str) -> list[tuple[str, str]]:
    """The body as (heading, text) sections for the PDF writer (lantern.documents.generate)."""
    sections: list[tuple[str, list[str]]] = [("", [])]
    for kind, lines in blocks(body):
        if kind == "h":
            sections.append((lines[0], []))
        elif kind == "ul":
            sections[-1][1].append("\n".join(f"• {line}" for line in lines))
        else:
            sections[-1][1].append("\n".join(lines))
    return [(heading, "\n\n".join(paras)) for heading, paras in sections if heading or paras]


def lines_of(text: str) -> list[str]:
    """One item a line (themes, key findings), blanks dropped, each once."""
    seen: list[str] = []
    for line in text.replace("\r\n", "\n").split("\n"):
        item = line.strip().lstrip("-*• ").strip()
        if item and item not in seen:
            seen.append(item)
    return seen
