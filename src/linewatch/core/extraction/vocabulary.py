"""Word lists the extractor shares: given names, street types, and words that are not names.

The given names are packaged in ``linewatch/data/names/given_names.txt`` (compiled by hand;
see the README beside it).

>>> "jayden" in given_names() and "kev" in given_names()
True
>>> STREET_TYPES["rd"]
'Road'
"""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files

from linewatch.core.geography import AUTHORITIES, TOWNS

__all__ = ["NOT_NAMES", "PLACE_WORDS", "STREET_TYPES", "given_names", "word_set"]


def word_set(text: str) -> frozenset[str]:
    """The whitespace-separated words of ``text``: how the lists below are written."""
    return frozenset(text.split())


#: Street-type words (lower case) and how they are written out in full.
STREET_TYPES: dict[str, str] = {
    **{
        word.lower(): word
        for word in word_set(
            """Road Street Close Court Avenue Lane Drive Way Gardens Crescent Place
        Walk Terrace Grove Rise View Hill Square Mews Row Parade Green Vale Gate Park Croft
        Chase Fields Meadow Meadows Mount Orchard Boulevard Approach Circle Wharf Yard End
        Hollow Path Passage Precinct"""
        )
    },
    "rd": "Road",
    "st": "Street",
    "ave": "Avenue",
    "av": "Avenue",
    "ln": "Lane",
    "dr": "Drive",
    "cl": "Close",
    "ct": "Court",
    "cres": "Crescent",
    "gdns": "Gardens",
    "pl": "Place",
    "sq": "Square",
    "terr": "Terrace",
    "tce": "Terrace",
}

#: Words of LLR place names (towns and authorities), lower case.
PLACE_WORDS: frozenset[str] = frozenset(
    word.lower()
    for name in [t.name for t in TOWNS] + [a.name for a in AUTHORITIES]
    for word in name.replace("-", " ").split()
    if word.lower() not in {"and", "de", "la", "town", "north", "west", "market"}
) | word_set(
    """leicester leicestershire rutland leics llr england britain uk nottingham derby
    coventry birmingham london manchester liverpool northampton peterborough"""
)

#: Capitalised words that start sentences or name things, never a person's name (lower case).
NOT_NAMES: frozenset[str] = (
    word_set(
        """a an the and or but if of in on at to by for from with into onto about after before
    he she they his her their him them we our you your it its this that these those there
    male female man woman boy girl youth youths child children adult adults person persons
    subject subjects suspect suspects victim victims witness mother father brother sister
    son daughter uncle aunt cousin partner friend friends mum dad nan
    police officer officers pc ps dc ds di insp sgt pcso council housing school college
    team unit service services partnership agency intelligence report reported information
    source sources officer's he's she's nfa nb note notes update ref reference crime case
    log incident op operation occurrence urn cad mr mrs ms miss mx dr
    monday tuesday wednesday thursday friday saturday sunday january february march april
    june july august september october november december
    north south east west northern southern eastern western central upper lower old new
    ford vauxhall audi bmw mercedes toyota nissan volkswagen vw peugeot renault citroen fiat
    honda kia hyundai skoda seat mini land range rover jaguar volvo mazda suzuki yamaha tesla
    black white silver grey gray red blue green yellow orange purple brown dark light
    asb vrm cce nrm mash pnc dob nfa ocg llr csp hmo nhs rtc cctv anpr sim imei chis misper
    yot gp aka ot nca cps cid cl cls ccg mosovo pocso cbo cpn cpw stpo sro tic iom
    street road lane avenue drive close court way park estate shop shops station centre
    hospital church pub club hotel tesco asda aldi lidl co-op mcdonalds kfc
    """
    )
    | frozenset(STREET_TYPES)
    | PLACE_WORDS
)


@lru_cache(maxsize=1)
def given_names() -> frozenset[str]:
    """The packaged given names and nicknames, lower case."""
    text = files("linewatch").joinpath("data", "names", "given_names.txt").read_text("utf-8")
    lines = (line.strip() for line in text.splitlines())
    return frozenset(line.lower() for line in lines if line and not line.startswith("#"))
