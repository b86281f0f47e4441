"""The categories trends are counted in, and how an event falls into them.

police.uk crime types keep their own names, written as identifiers (``Drugs`` → ``drugs``,
``Anti-social behaviour`` → ``anti_social_behaviour``). Every other event kind has one
category named after it; drug seizures are also counted per drug type as
``drug_seizures:<drug type>`` (``drug_seizures:cocaine``). docs/trends.md lists them all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

POLICE_UK_CRIME_TYPES = (
    "Anti-social behaviour",
    "Bicycle theft",
    "Burglary",
    "Criminal damage and arson",
    "Drugs",
    "Other theft",
    "Possession of weapons",
    "Public order",
    "Robbery",
    "Shoplifting",
    "Theft from the person",
    "Vehicle crime",
    "Violence and sexual offences",
    "Other crime",
)
DRUG_TYPES = (
    "heroin",
    "crack_cocaine",
    "cocaine",
    "cannabis",
    "mdma",
    "ketamine",
    "spice",
    "amphetamine",
    "benzodiazepines",
    "other",
)
#: Event kind → its category; street crime goes by crime type, handset contacts are not counted.
KIND_CATEGORIES = {
    "asb": "asb_reports",
    "needle_find": "needle_finds",
    "drug_seizure": "drug_seizures",
    "stop_search": "stop_and_search",
    "arrest": "arrests",
    "missing_episode": "missing_episodes",
    "treatment_referral": "treatment_referrals",
    "community_report": "community_reports",
    "intelligence": "intelligence",
}
SEIZURE_PREFIX = "drug_seizures:"
POLICE_UK_SOURCE = "police_uk_street"
_NOT_WORD = re.compile(r"[^a-z0-9]+")


def slug(text: str) -> str:
    """``"Violence and sexual offences"`` → ``"violence_and_sexual_offences"``."""
    return _NOT_WORD.sub("_", text.lower()).strip("_")


POLICE_UK_CATEGORIES = tuple(slug(t) for t in POLICE_UK_CRIME_TYPES)


@dataclass(frozen=True)
class Category:
    name: str
    label: str
    source: str  # the feed whose presence decides between "none recorded" and "no data"


_LABELS = {
    "asb_reports": "ASB reports to councils and housing",
    "needle_finds": "Needle finds",
    "drug_seizures": "Drug seizures (all drug types)",
    "stop_and_search": "Stop and search",
    "arrests": "Arrests",
    "missing_episodes": "Missing episodes",
    "treatment_referrals": "Treatment referrals",
    "community_reports": "Community reports",
    "intelligence": "Intelligence reports",
    "drugs": "Drug offences (police.uk)",
    "possession_of_weapons": "Possession of weapons (police.uk)",
    "anti_social_behaviour": "Anti-social behaviour (police.uk)",
}
#: The measures the issue asks for, in the order reports show them.
HEADLINE_CATEGORIES = (
    "drugs",
    "possession_of_weapons",
    "anti_social_behaviour",
    "drug_seizures",
    "needle_finds",
    "missing_episodes",
    "treatment_referrals",
    "community_reports",
    "intelligence",
    "stop_and_search",
)


def categories_of(kind: str, category: str, drug_type: str) -> tuple[str, ...]:
    """The categories one event counts in (none for kinds that are not trends)."""
    if kind == "street_crime":
        return (slug(category) or "street_crime_unknown_type",)
    base = KIND_CATEGORIES.get(kind)
    if base is None:
        return ()
    if kind == "drug_seizure":
        return (base, SEIZURE_PREFIX + (slug(drug_type) or "unknown"))
    return (base,)


def describe(name: str) -> Category:
    """The label and source feed of a category name."""
    if name.startswith(SEIZURE_PREFIX):
        drug = name.removeprefix(SEIZURE_PREFIX).replace("_", " ")
        return Category(name, f"Seizures: {drug}", "drug_seizures")
    if name in KIND_CATEGORIES.values():
        return Category(name, _LABELS[name], name)
    label = _LABELS.get(name)
    if label is None:
        label = name.replace("_", " ").capitalize() + " (police.uk)"
    return Category(name, label, POLICE_UK_SOURCE)
