"""Text as Lantern keeps it: cleaned once where it comes in, made safe where it goes out.

Text pasted from Excel or Word carries control characters (a line break inside an Excel
cell is U+000B; stray U+0001 and NUL come with it). Stored, they break what is made from
the text later: a DOCX or XLSX cannot hold them, so the export fails for good. So every
form, import and API call cleans its text with `clean_text`, and every document and
spreadsheet Lantern writes cleans it again (for text stored before this rule) with
`clean_text` and `spreadsheet_cell`.
"""

import re
from typing import Any

#: Line and paragraph separators that mean "new line" where they come from.
_LINE_BREAKS = re.compile("\r\n|[\r\x0b\x0c\x85\u2028\u2029]")
#: Every other control character (C0 but tab and newline, DEL, C1): nothing a reader sees.
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]")
_CONTROL_BUT_NUL = re.compile("[\x01-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]")
#: What a spreadsheet would run rather than show.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def clean_text(value: str, *, keep_nul: bool = False) -> str:
    """The text with every line break as "\\n" and no other control character. Forms keep
    NUL (`keep_nul`) for their validator to refuse with a message, as the API refuses it:
    typed into a box, it is a mistake to point out rather than a paste to tidy."""
    return (_CONTROL_BUT_NUL if keep_nul else _CONTROL).sub("", _LINE_BREAKS.sub("\n", value))


def clean_strings(value: Any) -> Any:
    """clean_text applied to every string in a dict, list or tuple, however nested. Only
    plain strings: an enum member that is also a str stays the member."""
    if type(value) is str:
        return clean_text(value)
    if isinstance(value, dict):
        return {clean_strings(k): clean_strings(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(clean_strings(v) for v in value)
    return value


def spreadsheet_cell(value: Any) -> Any:
    """A value a spreadsheet shows and never runs: clean text, and a leading "=", "+",
    "-" or "@" kept as text (an agency named "=HYPERLINK(...)" stays a name)."""
    if not isinstance(value, str):
        return value
    value = clean_text(value)
    return "'" + value if value.startswith(_FORMULA_STARTS) else value
