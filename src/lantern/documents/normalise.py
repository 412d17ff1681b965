"""Text as a reader sees it, for the name check (lantern.documents.namerules).

A document can name its subject in characters that look like the name but are not
the same code points: full-width or mathematical letters ("Ｌｉｌｙ"), accents ("Líly"),
Cyrillic or Greek look-alikes ("Lіly" with a Cyrillic і), invisible characters inside
the word (zero-width space, soft hyphen, joiners, bidi marks), or letters spread out
("L i l y", or a PDF that draws one letter at a time). `normalise` turns all of that
into plain Latin letters and keeps, for every character of the result, where it came
from, so a finding still quotes the document as it stands.

Steps, one character at a time (linear in the length of the text):

1. drop invisible characters (Unicode format characters: zero-width space and
   joiners, soft hyphen, word joiner, BOM, bidi controls; variation selectors;
   control characters such as NUL); text under a right-to-left override is read in
   the order it is shown. A
   soft hyphen at a line end takes the line break with it ("Fen\\u00ad\\nwick");
2. compatibility decomposition (NFKD: the "K" of NFKC) and no combining marks, so
   "Ｆ", "𝐅" and "F" are one letter and "é" is "e";
3. Cyrillic and Greek letters that look like Latin ones are read as those (a small
   table below; the check never fetches one at run time);
4. any space is a space, any line or paragraph separator a line break.

Joining letters spread out by spaces is in `collapse_spaced_letters`.
"""

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

# Cyrillic and Greek letters drawn like Latin ones in the fonts reports use (from the
# Unicode confusables list, TR39, restricted to letters a name could be written with).
CONFUSABLES = str.maketrans(
    {
        # Cyrillic capitals
        "А": "A", "В": "B", "Е": "E", "Ѐ": "E", "Ё": "E", "З": "3", "Ѕ": "S", "І": "I",
        "Ї": "I", "Ј": "J", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C",
        "Т": "T", "У": "Y", "Х": "X", "Ү": "Y", "Һ": "H", "Ԛ": "Q", "Ԝ": "W", "Ӏ": "I",
        # Cyrillic small letters
        "а": "a", "в": "b", "е": "e", "ѐ": "e", "ё": "e", "ѕ": "s", "і": "i", "ї": "i",
        "ј": "j", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p", "с": "c", "т": "t",
        "у": "y", "х": "x", "ү": "y", "һ": "h", "ԁ": "d", "ԛ": "q", "ԝ": "w", "ӏ": "l",
        "ь": "b", "п": "n", "г": "r",
        # Greek capitals
        "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M",
        "Ν": "N", "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X",
        # Greek small letters
        "α": "a", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p", "τ": "t", "υ": "u",
        "χ": "x", "ϲ": "c", "ϳ": "j",
        # Latin letters NFKD does not take apart
        "ı": "i", "ȷ": "j", "ɡ": "g", "ɑ": "a", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L",
        "đ": "d", "Đ": "D", "ħ": "h", "ŀ": "l", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE",
        "ß": "ss", "ſ": "s",
        # Armenian small letters
        "օ": "o", "ս": "u", "ց": "g", "հ": "h", "ո": "n",
    }
)  # fmt: skip

_LINE_BREAKS = frozenset("\u2028\u2029\u0085\u000b\u000c")
# Control characters other than tab and line breaks: invisible, and a text extractor
# that misreads a font can put a NUL between every letter ("\x00L\x00i\x00l\x00y").
_CONTROLS = frozenset(chr(c) for c in range(32) if chr(c) not in "\t\n\r\x0b\x0c") | {"\x7f"}
_SOFT_HYPHEN = "\u00ad"


@dataclass(frozen=True)
class Normalised:
    """The normalised text and, for each of its characters, the span of the original
    text it came from (so `original_span` can quote the document as it stands)."""

    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        if end <= start:
            position = self.starts[start] if start < len(self.starts) else self._end()
            return position, position
        # min and max: a right-to-left override puts characters in reverse order.
        return min(self.starts[start:end]), max(self.ends[start:end])

    def _end(self) -> int:
        return self.ends[-1] if self.ends else 0


def _invisible(char: str) -> bool:
    category = unicodedata.category(char)
    # Cf: format characters (zero-width space, joiners, soft hyphen, BOM, bidi marks).
    # Mn at this point only for variation selectors and the grapheme joiner.
    return category == "Cf" or "\ufe00" <= char <= "\ufe0f" or char == "\u034f"


# A right-to-left override shows what follows it backwards, up to the pop (or the end
# of the line): "\u202ekciwneF\u202c" reads "Fenwick" on the page.
_OVERRIDE = re.compile("\u202e([^\u202c\n]*)")


def _in_reading_order(text: str) -> list[tuple[int, str]] | enumerate[str]:
    if "\u202e" not in text:
        return enumerate(text)
    order: list[tuple[int, str]] = []
    done = 0
    for match in _OVERRIDE.finditer(text):
        order += [(i, text[i]) for i in range(done, match.start(1))]
        order += [(i, text[i]) for i in reversed(range(match.start(1), match.end(1)))]
        done = match.end(1)
    order += [(i, text[i]) for i in range(done, len(text))]
    return order


def normalise(text: str) -> Normalised:
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    skip_break = False
    for index, char in _in_reading_order(text):
        if char.isascii():
            # The common case, kept fast: ASCII needs nothing but line breaks.
            if skip_break and char in " \t\r\n":
                if char == "\n":
                    skip_break = False
                continue
            if char in _CONTROLS:
                continue
            skip_break = False
            pieces = "\n" if char in "\x0b\x0c" else char
        else:
            if char == _SOFT_HYPHEN:
                skip_break = True  # a hyphenation point: "Fen\u00ad\nwick" is "Fenwick"
                continue
            if _invisible(char):
                continue
            skip_break = False
            if char in _LINE_BREAKS:
                pieces = "\n"
            else:
                decomposed = unicodedata.normalize("NFKD", char)
                kept = "".join(c for c in decomposed if not unicodedata.combining(c))
                pieces = kept.translate(CONFUSABLES)
                pieces = "".join(" " if c.isspace() and c not in "\n\r\t" else c for c in pieces)
        for piece in pieces:
            out.append(piece)
            starts.append(index)
            ends.append(index + 1)
    return Normalised("".join(out), tuple(starts), tuple(ends))


def plain(text: str) -> str:
    """Only the normalised text (for the subject's own details)."""
    return normalise(text).text


# Three or more letters each standing alone, one space (or one line break) apart:
# "J a m i e", or a PDF drawn one letter at a time. Words in such text are two or more
# spaces apart, so a run stops at the end of a word.
_SPACED = re.compile(r"(?<![^\W_])[^\W_](?:(?:[ \t]|\r?\n)[^\W_]){2,}(?![^\W_])")


def collapse_spaced_letters(
    normalised: Normalised, boundaries: Callable[[str], set[int]] | None = None
) -> Normalised:
    """The letters of each spaced-out run joined into words. Where every letter is
    one space apart (so the gaps between words are lost too) a run is split again
    where a new word starts with a capital ("LilyFenwick"), and, through
    `boundaries`, around the subject's own name parts."""
    text = normalised.text
    if not _SPACED.search(text):
        return normalised
    keep = [True] * len(text)
    for match in _SPACED.finditer(text):
        letters = [i for i in range(match.start(), match.end()) if not text[i].isspace()]
        word = "".join(text[i] for i in letters)
        cuts = set()
        for k in range(1, len(word)):
            if word[k].isupper() and word[k - 1].islower():
                cuts.add(k)
        if boundaries is not None:
            cuts |= boundaries(word)
        for k in range(1, len(letters)):
            if k in cuts:
                continue  # keep one separator: a word boundary
            for i in range(letters[k - 1] + 1, letters[k]):
                keep[i] = False
    chars = [c for c, kept in zip(text, keep, strict=True) if kept]
    starts = [s for s, kept in zip(normalised.starts, keep, strict=True) if kept]
    ends = [e for e, kept in zip(normalised.ends, keep, strict=True) if kept]
    return Normalised("".join(chars), tuple(starts), tuple(ends))


class BoundaryFinder:
    """Where a run of joined letters holds one of the subject's name parts: at the
    start of the run, at a capital after a small letter, or anywhere in a run all in
    capitals (for parts of four letters or more). Returns the cut positions."""

    def __init__(self, parts: list[str]) -> None:
        self.parts = sorted({p for p in parts if len(p) >= 2}, key=len, reverse=True)

    def __call__(self, word: str) -> set[int]:
        lower = word.lower()
        shouting = word.isupper()
        cuts: set[int] = set()
        for part in self.parts:
            start = lower.find(part)
            while start >= 0:
                end = start + len(part)
                at_word_start = (
                    start == 0
                    or (word[start].isupper() and word[start - 1].islower())
                    or (shouting and len(part) >= 4)
                )
                if at_word_start:
                    cuts.update(k for k in (start, end) if 0 < k < len(word))
                start = lower.find(part, start + 1)
        return cuts
