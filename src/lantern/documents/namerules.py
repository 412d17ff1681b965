"""The rules of the name check: where a passage of text still identifies the subject.

Pure Python (no Django), so each rule is tested on plain strings. The rules:

- the full name, in any order or case ("Jones Sarah", "SARAH JONES");
- the surname with initials ("S. Jones", "S Jones", "Jones, S.") or with a title
  ("Mrs Jones");
- a name part that is not an ordinary English word ("Okonkwo") wherever it stands as
  a word;
- a name part that is also an ordinary word ("Young", "Hall", "Adult") only where it
  is used as a name: capitalised mid-sentence, or next to another name part, an
  initial or a title. Not in "young people" or "the town hall", and not in a
  pseudonym such as "Adult A" (a word and a lone capital letter that is not one of
  the subject's initials);
- the subject's initials on their own, written as initials ("L.F.", "L. M. F.");
- the date of birth in any common format ("3rd December 2022", "03-Dec-2022",
  "3.12.22", "2022/12/03", "20221203"), and the month and year of birth ("December
  2022") where the words around it speak of a birth;
- the address lines (also the street without its house number, "Rd" for "Road") and
  the postcode.

Every rule reads the text as a reader sees it (lantern.documents.normalise): look-alike
letters, accents, full-width letters and invisible characters do not hide a name, nor
do letters spread out ("L i l y"). Findings quote the text as it stands.

Text broken across lines is read joined again: "Smith-\\nJones" is the surname
"Smith-Jones", and "Oko-\\nnkwo" (a word hyphenated at the end of a line) is "Okonkwo".
"""

import bisect
import datetime
import itertools
import re
from dataclasses import dataclass

from .common_words import COMMON_WORDS
from .normalise import BoundaryFinder, Normalised, collapse_spaced_letters, normalise, plain

_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
# What may stand between two words of one name: spaces, one line break, a comma, the
# full stop of an initial, or a hyphen (also a hyphen left at the end of a line).
_NAME_GAP = re.compile(
    r"[ \t\u00a0]*[,.]?[ \t\u00a0]*(?:[-‐‑–][ \t\u00a0]*)?(?:\r?\n[ \t\u00a0]*)?"
)
_LINE_END_HYPHEN = re.compile(r"[-‐‑][ \t\u00a0]*\r?\n[ \t\u00a0]*")
# A capital after these starts a sentence, a heading, a list item or a table cell.
_STARTERS = frozenset('.!?:;"“”‘([•*|\n\r')
TITLES = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "master", "sir", "dame", "prof"})
MONTHS = [datetime.date(2000, m, 1).strftime("%B").lower() for m in range(1, 13)]
CONTEXT = 40  # characters either side of a finding
_INVISIBLE = re.compile(
    r"[\x00-\x08\x0e-\x1f\x7f\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]"
)


@dataclass(frozen=True)
class Hit:
    what: str
    where: str
    text: str  # the passage
    start: int
    end: int
    rank: int  # lower wins where two hits overlap

    @property
    def words(self) -> str:
        return self.text[self.start : self.end]

    def context(self) -> str:
        """The words found, as they stand, with some words either side (one line)."""
        text = self.text
        # Within the lines it stands on: a paragraph or table cell is read on its own.
        first = text.rfind("\n", 0, self.start) + 1
        last = text.find("\n", self.end)
        last = len(text) if last < 0 else last
        start = max(first, self.start - CONTEXT)
        end = min(last, self.end + CONTEXT)
        while start > first and not text[start - 1].isspace():
            start -= 1
        while end < last and not text[end].isspace():
            end += 1
        # Without invisible and control characters: a NUL cannot be stored or shown, and
        # a zero-width space in the quote only hides what the page points to.
        shown = " ".join(_INVISIBLE.sub("", text[start:end]).split())
        return ("…" if start > first else "") + shown + ("…" if end < last else "")


class _Token:
    """A word and where it stands; `key` is how it is compared (computed once: a long
    report has hundreds of thousands of words)."""

    __slots__ = ("end", "key", "start", "text")

    def __init__(self, text: str, start: int, end: int) -> None:
        self.text, self.start, self.end = text, start, end
        word = text.lower().replace("’", "'")
        self.key = word[:-2] if word.endswith("'s") else word


def _tokens(text: str) -> list[_Token]:
    return [_Token(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def _rejoined(text: str, tokens: list[_Token]) -> list[_Token]:
    """The same words with those hyphenated at a line end joined up ("Oko-\\nnkwo")."""
    joined: list[_Token] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        after = tokens[index + 1] if index + 1 < len(tokens) else None
        if after and _LINE_END_HYPHEN.fullmatch(text[token.end : after.start]):
            joined.append(_Token(token.text + after.text, token.start, after.end))
            index += 2
        else:
            joined.append(token)
            index += 1
    return joined


@dataclass(frozen=True)
class Subject:
    """What the check looks for: the details recorded on the case."""

    full_name: str
    date_of_birth: datetime.date | None = None
    address: str = ""
    pseudonym: str = ""


class _Name:
    def __init__(self, full_name: str) -> None:
        parts = [[t.key for t in _tokens(p)] for p in plain(full_name).split()]
        self.parts = [p for p in parts if p]
        last = len(self.parts) - 1
        self.labels = [
            "name" if last == 0 else "first name" if i == 0 else "surname" if i == last else
            "middle name"
            for i in range(len(self.parts))
        ]  # fmt: skip
        self.index: dict[str, set[int]] = {}
        for i, part in enumerate(self.parts):
            for word in part:
                self.index.setdefault(word, set()).add(i)
        self.initials = {i: part[0][0] for i, part in enumerate(self.parts)}

    def ordinary(self, word: str) -> bool:
        """A word too ordinary to be flagged on its own (or too short to be a name)."""
        return len(word) <= 2 or word in COMMON_WORDS


_FRAGMENT_GAP = re.compile(r"[ \t\u00a0]")
FRAGMENT_WINDOW = 8  # words either side


def _defragmented(text: str, tokens: list[_Token], name: _Name) -> list[_Token]:
    """The same words with a name part broken into pieces joined again, where the text
    around is broken into pieces too: a PDF drawn one letter at a time can come out as
    "Li l y Fenwi ck". Only where at least three words nearby are such pieces (two
    letters or fewer, not a word), so "a dam" in prose is never read as "Adam"."""
    wanted = {word for part in name.parts for word in part if len(word) >= 3}
    prefixes = {word[:k] for word in wanted for k in range(1, len(word))}
    pieces = [0]
    for token in tokens:
        piece = len(token.key) <= 2 and token.key.isalpha() and token.key not in COMMON_WORDS
        pieces.append(pieces[-1] + piece)
    joined: list[_Token] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        low, high = max(0, index - FRAGMENT_WINDOW), min(len(tokens), index + FRAGMENT_WINDOW)
        found = None
        if token.key in prefixes and pieces[high] - pieces[low] >= 3:
            word = token.key
            for end in range(index + 1, min(len(tokens), index + 8)):
                after = tokens[end]
                if not _FRAGMENT_GAP.fullmatch(text[tokens[end - 1].end : after.start]):
                    break
                word += after.key
                if word in wanted:
                    found = end
                    break
                if word not in prefixes:
                    break
        if found is None:
            joined.append(token)
            index += 1
            continue
        last = tokens[found]
        whole = "".join(t.text for t in tokens[index : found + 1])
        joined.append(_Token(whole, token.start, last.end))
        index = found + 1
    return joined


def _is_initial(token: _Token) -> bool:
    # "A" or "A's" (the pseudonym "Adult A's family"), always a capital.
    return len(token.key) == 1 and token.key.isalpha() and token.text[0].isupper()


def _is_title(token: _Token) -> bool:
    return token.key in TITLES and token.text[0].isupper()


def _capitalised_mid_sentence(text: str, token: _Token) -> bool:
    if not token.text[0].isupper() or (token.text.isupper() and len(token.text) > 1):
        return False  # lower case, or SHOUTED as a heading is
    before = text[max(0, token.start - 3) : token.start].rstrip(" \t\u00a0")
    if not before.strip(" \t\u00a0"):
        before = text[: token.start].rstrip(" \t\u00a0")
    if not before or before[-1] in _STARTERS:
        return False
    # A dash after a space is a list item ("- Young people…"), not a hyphenated word.
    return not (before[-1] in "-–—" and (len(before) == 1 or before[-2].isspace()))


def _pseudonym_letter(text: str, word: _Token, letter: _Token, name: _Name) -> bool:
    """A lone capital straight after a name word with the same initial, with no full
    stop or comma: a pseudonym ("Adult A", "Child C"), not an initial ("Young, Y.")."""
    if not _is_initial(letter) or word.key not in name.index:
        return False
    if not re.fullmatch(r"[ \t\u00a0]+", text[word.end : letter.start]):
        return False
    if text[letter.end : letter.end + 1] == ".":
        return False
    return word.key[0] == letter.key


def _runs(text: str, tokens: list[_Token], name: _Name) -> list[list[_Token]]:
    """Words of the subject's name, initials and titles that stand together."""
    runs: list[list[_Token]] = []
    run: list[_Token] = []
    for token in tokens:
        belongs = token.key in name.index or _is_initial(token) or _is_title(token)
        if belongs and run and _pseudonym_letter(text, run[-1], token, name):
            belongs = False  # "Adult A" ends there: "Adult A's two sons" names no one
        if belongs and run and _NAME_GAP.fullmatch(text[run[-1].end : token.start]):
            run.append(token)
            continue
        if run:
            runs.append(run)
        run = [token] if belongs else []
    if run:
        runs.append(run)
    return runs


def _run_hits(
    text: str, tokens: list[_Token], run: list[_Token], name: _Name, where: str
) -> list[Hit]:
    words = [t for t in run if t.key in name.index and not _is_initial(t)]
    if not words:
        return _initials_hits(text, run, name, where)
    present = set().union(*(name.index[t.key] for t in words))
    keys = {t.key for t in words}
    complete = {i for i in present if set(name.parts[i]) <= keys}
    # An initial counts only as the initial of a name part not written out beside it:
    # "S. Jones" for Sarah Jones, but not the "A" of "Adult A" for a subject "Adult Demo Two".
    initials = [
        t
        for t in run
        if _is_initial(t) and any(c == t.key and i not in present for i, c in name.initials.items())
    ]
    titled = any(_is_title(a) and b in words for a, b in itertools.pairwise(run))
    last = len(name.parts) - 1

    def hit(what: str, start: int, end: int, rank: int) -> list[Hit]:
        return [Hit(what, where, text, start, end, rank)]

    if last > 0 and {0, last} <= complete:
        return hit("the subject's full name", run[0].start, run[-1].end, 0)
    if initials:
        label = name.labels[max(present)]
        return hit(f"the subject's {label} with initials", run[0].start, run[-1].end, 1)
    if titled:
        return hit("the subject's name with a title", run[0].start, run[-1].end, 1)
    several = len(present) > 1 or (complete and len(name.parts[min(complete)]) > 1)
    if several and (
        any(not name.ordinary(t.key) for t in words) or any(t.text[0].isupper() for t in words)
    ):
        labels = " and ".join(name.labels[i] for i in sorted(present))
        return hit(f"the subject's {labels}", words[0].start, words[-1].end, 2)
    hits: list[Hit] = []
    for token in words:
        index = min(name.index[token.key])
        label = name.labels[index]
        whole = len(name.parts[index]) == 1
        what = f"the subject's {label}" if whole else f"part of the subject's {label}"
        used_as_name = _capitalised_mid_sentence(text, token) and not _excepted(
            text, tokens, token, name
        )
        if not name.ordinary(token.key) or used_as_name:
            hits += hit(what, token.start, token.end, 3)
    return hits


_INITIALS_GAP = re.compile(r"\.[ \t\u00a0]*")


def _initials_hits(text: str, run: list[_Token], name: _Name, where: str) -> list[Hit]:
    """The subject's initials written as initials, in order: "L.F.", "L. F.", "L.F",
    "L.M.F." (a full stop after each but the last, so "LF", "L F" or a pseudonym's
    "A" is not one)."""
    if len(name.parts) < 2:
        return []
    wanted = [name.initials[i] for i in range(len(name.parts))]
    short = [wanted[0], wanted[-1]]
    groups: list[list[_Token]] = []
    for token in run:
        if not _is_initial(token):
            groups.append([])
            continue
        if (
            groups
            and groups[-1]
            and _INITIALS_GAP.fullmatch(text[groups[-1][-1].end : token.start])
        ):
            groups[-1].append(token)
        else:
            groups.append([token])
    hits: list[Hit] = []
    for group in groups:
        if len(group) >= 2 and [t.key for t in group] in (wanted, short):
            end = group[-1].end + (text[group[-1].end : group[-1].end + 1] == ".")
            hits.append(Hit("the subject's initials", where, text, group[0].start, end, 1))
    return hits


def _name_hits(text: str, tokens: list[_Token], name: _Name, where: str) -> list[Hit]:
    hits: list[Hit] = []
    for run in _runs(text, tokens, name):
        hits += _run_hits(text, tokens, run, name, where)
    return hits


def _position(tokens: list[_Token], token: _Token) -> int:
    """The token's index, by bisection on its start (tokens are in text order), so a
    long document with the name on every page does not take quadratic time."""
    low, high = 0, len(tokens)
    while low < high:
        middle = (low + high) // 2
        if tokens[middle].start < token.start:
            low = middle + 1
        else:
            high = middle
    return low


def _excepted(text: str, tokens: list[_Token], token: _Token, name: _Name) -> bool:
    """An ordinary word capitalised for another reason: a pseudonym ("Adult A", a word
    then a lone capital that is not another of the subject's initials) or a month
    in a date ("3 May 2015")."""
    position = _position(tokens, token)
    after = tokens[position + 1] if position + 1 < len(tokens) else None
    before = tokens[position - 1] if position > 0 else None
    if (
        after
        and _is_initial(after)
        and re.fullmatch(r"[ \t\u00a0]+", text[token.end : after.start])
    ):
        own = min(name.index[token.key])
        others = {c for i, c in name.initials.items() if i != own}
        if after.key not in others:
            return True

    # Part of a name in Title Case ("Safeguarding Adult Review", "Green Lane Surgery",
    # "the Town Hall"): the next word capitalised, or the one before an ordinary word
    # capitalised. "Tom Young" (not an ordinary word before) is still flagged.
    def capitalised(other: _Token | None) -> bool:
        return (
            other is not None
            and len(other.key) > 1
            and other.text[0].isupper()
            and other.key not in name.index
            and not _is_title(other)
            and re.fullmatch(
                r"[ \t\u00a0]+", text[min(other.end, token.end) : max(other.start, token.start)]
            )
            is not None
        )

    if capitalised(after) or (
        before is not None and capitalised(before) and before.key in COMMON_WORDS
    ):
        return True
    if token.key in MONTHS:
        return any(t is not None and t.text.isdigit() for t in (before, after))
    return False


def _date_pattern(day: datetime.date) -> re.Pattern[str]:
    d = rf"0?{day.day}" if day.day < 10 else str(day.day)
    m = rf"0?{day.month}" if day.month < 10 else str(day.month)
    year = rf"(?:{day.year}|'?{day.year % 100:02d})"
    ordinal = rf"{d}(?:st|nd|rd|th)?"
    full, short = day.strftime("%B"), day.strftime("%b")
    month = rf"(?:{full}|{short}\.?" + (r"|Sept\.?" if day.month == 9 else "") + ")"
    sep = r"\s*[/.\-]\s*"
    gap = r"(?:\s*[/.\-]\s*|\s+)"  # "3 Dec 2022" and "03-Dec-2022"
    forms = [
        rf"{d}{sep}{m}{sep}{year}",  # 03/03/2015, 3.3.15, 3-03-2015
        rf"{m}{sep}{d}{sep}{year}",  # 03/03/2015 written the American way
        rf"{day.year}{sep}{m}{sep}{d}",  # ISO 2015-03-03, 2015/03/03
        rf"{ordinal}(?:\s+of)?{gap}{month},?{gap}{year}",  # 3rd of March 2015, 03-Mar-15
        rf"{month}{gap}{ordinal},?{gap}{year}",  # March 3rd, 2015
        # Run together: 20150303, 03032015 (and 03/03 the American way, 03032015)
        f"{day:%Y%m%d}|{day:%d%m%Y}|{day:%m%d%Y}",
    ]
    return re.compile(r"(?<![\w/.\-])(?:" + "|".join(forms) + r")(?![\w/-]|\.\d)", re.I)


# Words that say a date nearby is a birth ("born in December 2022", "DOB: 12/2022").
_BIRTH = re.compile(r"\b(?:born|birth|births|birthday|d\.?\s?o\.?\s?b)\b", re.I)
BIRTH_WINDOW = 80  # characters before a month and year (and half that after)


def _month_year_pattern(day: datetime.date) -> re.Pattern[str]:
    """The month and year of birth, and the day and month without the year. Either
    is flagged only near a word about a birth: "In December 2022 the family moved"
    names no one, "born in December 2022" narrows it to a month."""
    full, short = day.strftime("%B"), day.strftime("%b")
    month = rf"(?:{full}|{short}\.?" + (r"|Sept\.?" if day.month == 9 else "") + ")"
    m = rf"0?{day.month}" if day.month < 10 else str(day.month)
    d = rf"0?{day.day}" if day.day < 10 else str(day.day)
    forms = [
        rf"{month},?\s+{day.year}",  # December 2022
        rf"{m}\s*[/.\-]\s*{day.year}",  # 12/2022
        rf"{d}(?:st|nd|rd|th)?(?:\s+of)?\s+{month}",  # 3 December (a birthday)
        rf"{month}\s+{d}(?:st|nd|rd|th)?",  # December 3rd
    ]
    return re.compile(r"(?<![\w/.\-])(?:" + "|".join(forms) + r")(?![\w/-]|\.\d)", re.I)


def _date_hits(text: str, day: datetime.date, where: str) -> list[Hit]:
    hits = [
        Hit("the subject's date of birth", where, text, match.start(), match.end(), 0)
        for match in _date_pattern(day).finditer(text)
    ]
    for match in _month_year_pattern(day).finditer(text):
        before = text[max(0, match.start() - BIRTH_WINDOW) : match.start()]
        after = text[match.end() : match.end() + BIRTH_WINDOW // 2]
        if _BIRTH.search(before) or _BIRTH.search(after):
            what = "the subject's month and year of birth"
            if str(day.year) not in match.group():
                what = "the subject's birthday"
            hits.append(Hit(what, where, text, match.start(), match.end(), 1))
    return hits


_POSTCODE = re.compile(r"\b([A-Z]{1,2}\d[A-Z\d]?)\s*(\d[A-Z]{2})\b", re.I)
# The same street however it is written: "Thornfield Rd" is "Thornfield Road".
STREET_WORDS = {
    "rd": "road", "st": "street", "str": "street", "ave": "avenue", "av": "avenue",
    "ln": "lane", "dr": "drive", "drv": "drive", "cl": "close", "cres": "crescent",
    "cresc": "crescent", "ct": "court", "crt": "court", "pl": "place", "gdns": "gardens",
    "gdn": "garden", "terr": "terrace", "tce": "terrace", "sq": "square", "gr": "grove",
    "gro": "grove", "pk": "park", "wy": "way", "hse": "house", "ho": "house",
    "mt": "mount", "blvd": "boulevard", "pde": "parade", "bldgs": "buildings",
}  # fmt: skip


def _street_word(word: str) -> str:
    return STREET_WORDS.get(word, word)


def _address_lines(address: str) -> list[list[str]]:
    """The address lines worth looking for: those of two words or more ("12 Acacia
    Avenue", and "Acacia Avenue" without its number). A town on its own names no one;
    a street of one unusual word ("14 Wrekinview") is looked for without its number."""
    lines: list[list[str]] = []
    for line in re.split(r"[\n,]+", plain(address)):
        if _POSTCODE.search(line):
            line = _POSTCODE.sub("", line)
        words = [_street_word(t.key) for t in _tokens(line)]
        if len(words) >= 2:
            lines.append(words)
            street = words[1:]
            if words[0][0].isdigit() and (
                len(street) >= 2 or (len(street[0]) >= 5 and street[0] not in COMMON_WORDS)
            ):
                lines.append(street)
    return lines


def _sequence_hits(
    text: str, tokens: list[_Token], sequence: list[str], what: str, where: str
) -> list[Hit]:
    size = len(sequence)
    first = sequence[0]
    return [
        Hit(what, where, text, tokens[i].start, tokens[i + size - 1].end, 0)
        for i in range(len(tokens) - size + 1)
        if (tokens[i].key == first or _street_word(tokens[i].key) == first)
        and [_street_word(t.key) for t in tokens[i : i + size]] == sequence
    ]


def _reader_view(text: str, name: _Name) -> Normalised:
    """The passage as a reader sees it (see lantern.documents.normalise)."""
    parts = [word for part in name.parts for word in part]
    return collapse_spaced_letters(normalise(text), BoundaryFinder(parts))


def passage_hits(text: str, where: str, subject: Subject) -> list[Hit]:
    """Every place in one passage that identifies the subject, overlaps removed. The
    rules read the passage as a reader sees it; each hit quotes the passage as it is."""
    name = _Name(subject.full_name)
    view = _reader_view(text, name)
    seen = view.text
    words = _tokens(seen)
    candidates: list[Hit] = []
    for tokens in (words, _rejoined(seen, words), _defragmented(seen, words, name)):
        candidates += _name_hits(seen, tokens, name, where)
        for line in _address_lines(subject.address):
            candidates += _sequence_hits(
                seen, tokens, line, "a line of the subject's address", where
            )
    if subject.date_of_birth:
        candidates += _date_hits(seen, subject.date_of_birth, where)
    for outward, inward in _POSTCODE.findall(plain(subject.address)):
        pattern = rf"(?<![A-Za-z0-9]){outward}\s*{inward}(?![A-Za-z0-9])"
        for match in re.finditer(pattern, seen, re.I):
            candidates.append(
                Hit("the subject's postcode", where, seen, match.start(), match.end(), 0)
            )
    # Overlaps: the better hit wins (lower rank, then longer, then earlier). Kept
    # spans are held sorted, so each new hit is checked against its neighbours only.
    kept: list[Hit] = []
    spans: list[tuple[int, int]] = []
    for hit in sorted(candidates, key=lambda h: (h.rank, h.start - h.end, h.start)):
        at = bisect.bisect_left(spans, (hit.start, hit.end))
        neighbours = spans[max(0, at - 1) : at + 1]
        if any(start < hit.end and hit.start < end for start, end in neighbours):
            continue
        spans.insert(at, (hit.start, hit.end))
        kept.append(hit)
    found = []
    for hit in sorted(kept, key=lambda h: h.start):
        start, end = view.original_span(hit.start, hit.end)
        found.append(Hit(hit.what, hit.where, text, start, end, hit.rank))
    return found
