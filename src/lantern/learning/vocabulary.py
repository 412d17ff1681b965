"""The field's words: its acronyms and their expansions, and UK/US spellings (issue 14).

One dictionary serves the search (lantern.learning.query expands a query's acronym into
its expansions and an expansion into its acronym, so "MCA" finds "Mental Capacity Act"
and the reverse) and theme suggestions. Expanding at query time, not at index time,
means a change here needs no re-indexing, and snippets highlight the words the text
really uses.

Pure Python: no Django.
"""

import re

#: Each acronym (as the field writes it) and what it stands for. An expansion may list
#: several wordings; each is matched as a phrase. Acronyms that are also ordinary words
#: ("send", "dash" as punctuation) are matched in a query only when typed in capitals.
ACRONYMS: dict[str, tuple[str, ...]] = {
    # Mental capacity and liberty
    "MCA": ("mental capacity act", "mental capacity"),
    "DoLS": ("deprivation of liberty safeguards", "deprivation of liberty"),
    "LPS": ("liberty protection safeguards",),
    "IMCA": ("independent mental capacity advocate",),
    "MHA": ("mental health act",),
    # Exploitation and abuse
    "CCE": ("child criminal exploitation",),
    "CSE": ("child sexual exploitation",),
    "CSA": ("child sexual abuse",),
    "HSB": ("harmful sexual behaviour",),
    "FGM": ("female genital mutilation",),
    "FII": ("fabricated or induced illness", "fabricated and induced illness"),
    "NAI": ("non-accidental injury", "non accidental injury"),
    "AHT": ("abusive head trauma",),
    "SUDI": ("sudden unexpected death in infancy", "sudden infant death"),
    "SIDS": ("sudden infant death syndrome",),
    "WNB": ("was not brought", "were not brought"),
    "DNA": ("did not attend",),
    # Domestic abuse
    "DA": ("domestic abuse",),
    "DASH": ("domestic abuse stalking and harassment", "domestic abuse stalking harassment"),
    "MARAC": ("multi-agency risk assessment conference", "multi agency risk assessment conference"),
    "IDVA": ("independent domestic violence advisor", "independent domestic violence adviser"),
    "DVPO": ("domestic violence protection order",),
    "HBA": ("honour-based abuse", "honour based abuse"),
    # Safeguarding processes and roles
    "LADO": ("local authority designated officer",),
    "MASH": ("multi-agency safeguarding hub", "multi agency safeguarding hub"),
    "MAPPA": ("multi-agency public protection arrangements",),
    "DSL": ("designated safeguarding lead",),
    "CIN": ("child in need",),
    "CP": ("child protection",),
    "CPP": ("child protection plan",),
    "ICPC": ("initial child protection conference",),
    "LAC": ("looked after child", "looked after children", "looked-after child"),
    "CLA": ("child looked after", "children looked after"),
    "EHCP": ("education health and care plan",),
    "SEND": ("special educational needs and disabilities", "special educational needs"),
    "EHE": ("elective home education",),
    "MSP": ("making safeguarding personal",),
    "IMR": ("individual management review",),
    # Reviews
    "DHR": ("domestic homicide review",),
    "DARDR": ("domestic abuse related death review",),
    "SAR": ("safeguarding adult review", "safeguarding adults review"),
    "CSPR": ("child safeguarding practice review",),
    "LCSPR": ("local child safeguarding practice review",),
    "SCR": ("serious case review",),
    "CDOP": ("child death overview panel",),
    "LeDeR": ("learning from lives and deaths", "learning disabilities mortality review"),
    "MACFA": ("multi-agency case file audit",),
    "SAB": ("safeguarding adults board",),
    # Services
    "ASC": ("adult social care",),
    "CAMHS": ("child and adolescent mental health services",),
    "CMHT": ("community mental health team",),
    "GP": ("general practitioner", "general practice"),
    "ED": ("emergency department",),
    "ICB": ("integrated care board",),
    "CCG": ("clinical commissioning group",),
    "CQC": ("care quality commission",),
    "NRM": ("national referral mechanism",),
    "YOT": ("youth offending team",),
    "PCSO": ("police community support officer",),
}

#: UK spellings and their US forms, as word beginnings: "behaviour" covers "behaviours"
#: and "behavioural". The "-ise"/"-ize" endings are a rule (spelling_variants).
UK_US: dict[str, str] = {
    "behaviour": "behavior",
    "colour": "color",
    "favour": "favor",
    "neighbour": "neighbor",
    "honour": "honor",
    "labour": "labor",
    "humour": "humor",
    "programme": "program",
    "centre": "center",
    "paediatric": "pediatric",
    "paediatrician": "pediatrician",
    "anaesthe": "anesthe",
    "haemorrhag": "hemorrhag",
    "haematoma": "hematoma",
    "oedema": "edema",
    "foetal": "fetal",
    "foetus": "fetus",
    "judgement": "judgment",
    "ageing": "aging",
    "defence": "defense",
    "offence": "offense",
    "licence": "license",
    "counsell": "counsel",
    "travell": "travel",
    "enrolment": "enrollment",
    "fulfil": "fulfill",
    "mould": "mold",
    "sceptic": "skeptic",
    "grey": "gray",
    "practise": "practice",
    "analyse": "analyze",
    "paralyse": "paralyze",
    "catalogue": "catalog",
    "dialogue": "dialog",
}
_US_UK = {us: uk for uk, us in UK_US.items()}

_ISE = re.compile(r"^([a-z]{3,})is(e|ed|es|er|ers|ing|ation|ations|ational)$")
_IZE = re.compile(r"^([a-z]{3,})iz(e|ed|es|er|ers|ing|ation|ations|ational)$")


def spelling_variants(word: str) -> list[str]:
    """Other spellings of a lower-case word: "organisation" → ["organization"],
    "behavior" → ["behaviour"]. Empty when it has none."""
    out: list[str] = []
    for table in (UK_US, _US_UK):
        for start, other in table.items():
            if word.startswith(start):
                out.append(other + word[len(start) :])
    for pattern, letters in ((_ISE, "iz"), (_IZE, "is")):
        found = pattern.match(word)
        if found:
            out.append(f"{found.group(1)}{letters}{found.group(2)}")
    return [w for w in dict.fromkeys(out) if w != word]


_WORD = re.compile(r"[a-z0-9]+")


def words_of(text: str) -> tuple[str, ...]:
    """The lower-case words of a text as both databases' tokenisers see them: hyphens,
    apostrophes and punctuation separate words."""
    return tuple(_WORD.findall(text.lower()))


def _phrase_table() -> dict[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    """Each acronym's and expansion's words → every wording of the same thing."""
    table: dict[tuple[str, ...], tuple[tuple[str, ...], ...]] = {}
    for acronym, expansions in ACRONYMS.items():
        wordings = (words_of(acronym), *(words_of(e) for e in expansions))
        for wording in wordings:
            table[wording] = tuple(dict.fromkeys(table.get(wording, ()) + wordings))
    return table


#: ("mental", "capacity", "act") → (("mca",), ("mental", "capacity", "act"), ...)
PHRASES = _phrase_table()
LONGEST_PHRASE = max(len(p) for p in PHRASES)
#: Acronyms that are ordinary English words too: expanded only when typed in capitals.
WORD_LIKE = frozenset({"send", "dash", "cp", "da", "ed", "dna", "cin", "lac", "asc", "gp"})
