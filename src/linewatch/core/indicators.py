"""The published signs of child criminal exploitation and of cuckooing, as checklist items.

Codes match the ``indicators`` column of the intelligence feed. Sources: Home Office
"Criminal exploitation of children and vulnerable adults: county lines" guidance (2018, 2023)
and its "signs to spot" campaign; The Children's Society; council and police cuckooing
guidance (Peterborough City Council, Nottinghamshire Police Op Conclusion, TSAB) — see
docs/indicators.md.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["CUCKOOING", "EXPLOITATION", "INDICATORS", "Indicator", "indicator_label"]

EXPLOITATION = "exploitation"
CUCKOOING = "cuckooing"


@dataclass(frozen=True)
class Indicator:
    code: str
    group: str
    label: str  # for analysts
    plain: str  # for residents and untrained submitters


INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        "missing_found_out_of_area",
        EXPLOITATION,
        "Persistently going missing, or found out of area",
        "A young person keeps going missing, or is found far from home",
    ),
    Indicator(
        "unexplained_money_or_phones",
        EXPLOITATION,
        "Unexplained money, clothes, jewellery or phones",
        "A young person has money, new clothes or phones they cannot explain",
    ),
    Indicator(
        "multiple_phones",
        EXPLOITATION,
        "Excessive texts or calls; more than one handset",
        "Lots of calls and texts, or more than one phone",
    ),
    Indicator(
        "older_controlling_associates",
        EXPLOITATION,
        "Relationships with controlling or older individuals or groups",
        "Spending time with older people who seem to control them",
    ),
    Indicator(
        "leaving_home_without_explanation",
        EXPLOITATION,
        "Leaving home or care without explanation",
        "Leaving home or care and not saying where they go",
    ),
    Indicator(
        "unexplained_injuries",
        EXPLOITATION,
        "Suspicion of physical assault or unexplained injuries",
        "Injuries they will not explain",
    ),
    Indicator("carrying_weapons", EXPLOITATION, "Carrying weapons", "Carrying a knife or weapon"),
    Indicator(
        "gang_association",
        EXPLOITATION,
        "Gang association or isolation from peers",
        "Mixing with a gang, or cut off from their usual friends",
    ),
    Indicator(
        "self_harm_or_wellbeing_change",
        EXPLOITATION,
        "Self-harm or significant changes in emotional well-being",
        "Self-harm, or a big change in mood or behaviour",
    ),
    Indicator(
        "school_decline",
        EXPLOITATION,
        "Decline in school attendance or performance",
        "Missing school or falling behind",
    ),
    Indicator(
        "drug_use_or_possession",
        EXPLOITATION,
        "Drug use, or found with large amounts of drugs",
        "Using drugs, or found with drugs",
    ),
    Indicator(
        "secretive_travel",
        EXPLOITATION,
        "Secretive about whom they talk to and where they go",
        "Secretive about where they go and who they talk to",
    ),
    Indicator(
        "train_tickets",
        EXPLOITATION,
        "Unusual train tickets, hotel cards or keys to unknown places",
        "Train tickets, hotel cards or keys to places you do not know",
    ),
    Indicator(
        "visitors_short_stays",
        CUCKOOING,
        "Increase in people coming and going, often for short periods, day and night",
        "Lots of people visiting for a few minutes, at all hours",
    ),
    Indicator(
        "vehicles_short_stays",
        CUCKOOING,
        "Increase in vehicles, bikes or taxis stopping briefly at the property",
        "Cars, bikes or taxis stopping outside for a few minutes",
    ),
    Indicator(
        "asb_at_property",
        CUCKOOING,
        "Increase in anti-social behaviour and noise around the property",
        "More noise, fights or anti-social behaviour at the address",
    ),
    Indicator(
        "open_dealing_nearby",
        CUCKOOING,
        "Open drug dealing near the property",
        "Drugs being sold openly nearby",
    ),
    Indicator(
        "resident_not_seen",
        CUCKOOING,
        "Resident not seen recently, or anxious and distracted when seen",
        "The person who lives there is not seen any more, or seems frightened",
    ),
    Indicator(
        "damage_or_door_propped",
        CUCKOOING,
        "Damage to the door, door propped open, buzzers pressed by unknown people",
        "Damage to the door, door left open, strangers pressing buzzers",
    ),
    Indicator(
        "drug_litter",
        CUCKOOING,
        "Litter: foil, syringes, cling film",
        "Needles, foil or cling film left outside",
    ),
    Indicator(
        "unknown_young_people",
        CUCKOOING,
        "Unknown young people seen at the property",
        "Young people you do not know staying at or visiting the address",
    ),
)
_BY_CODE = {indicator.code: indicator for indicator in INDICATORS}


def indicator_label(code: str) -> str:
    """The analyst's label for an indicator code (the code itself if unknown)."""
    indicator = _BY_CODE.get(code)
    return indicator.label if indicator else code
