"""The factors each list is scored on: what they mean, which feeds tell us, how they saturate.

``feeds`` are the feed kinds (``feeds/formats``) without which a factor cannot be known; when
none of them has been supplied for a subject's area the factor is reported as not known.
``saturation`` is the evidence (decayed count) at which a factor reaches 63% of its weight
(1 - e^-1): a few signals count, a hundred do not count a hundred times. A factor
``derived_from`` others has no signals of its own: it is worked out from theirs (the
cuckooing model's onset, ``core/risk/logistic.py``), and its records are theirs.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Factor:
    label: str
    feeds: tuple[str, ...]
    saturation: float = 2.0
    decays: bool = True
    derived_from: tuple[str, ...] = ()


REGISTER = "county lines register"

CUCKOOING: dict[str, Factor] = {
    "vulnerable_resident": Factor(
        "a vulnerable resident (adult at risk, substance use, learning disability, older and "
        "isolated, mental health)",
        ("persons",),
        1.0,
        decays=False,
    ),
    "asb_reports": Factor("ASB and noise reports at the address", ("asb",), 2.0),
    "visitors_and_vehicles": Factor(
        "more visitors and vehicles reported", ("intelligence", "community-reports"), 1.5
    ),
    "young_people_seen": Factor(
        "unknown young people seen or missing children found there",
        ("intelligence", "missing-episodes"),
        1.0,
    ),
    "intelligence_mentions": Factor(
        "intelligence and community reports about the address",
        ("intelligence", "community-reports"),
        2.0,
    ),
    "needles_nearby": Factor("needle finds nearby", ("needle-finds",), 3.0),
    "drugs_nearby": Factor(
        "drug seizures, stop and search and drug crime nearby",
        ("drug-seizures", "police-uk-stop-search", "police-uk-street"),
        4.0,
    ),
    "line_link": Factor(
        "linked to a known county line (address or resident on the register)",
        (REGISTER,),
        1.0,
        decays=False,
    ),
    "missed_appointments": Factor(
        "the resident missing treatment or housing appointments", ("treatment-referrals",), 3.0
    ),
    "reports_onset": Factor(
        "a sudden rise in reports at the address against its own history (a place that has "
        "long been busy shows none)",
        ("asb", "intelligence", "community-reports"),
        2.0,
        derived_from=("asb_reports", "intelligence_mentions"),
    ),
}

VICTIMS: dict[str, Factor] = {
    "exploitation_signs": Factor(
        "signs of exploitation in intelligence", ("intelligence", "community-reports"), 1.5
    ),
    "missing_from_other_force": Factor(
        "missing from another force and found locally", ("missing-episodes",), 1.0
    ),
    "missing_episodes": Factor("repeat missing episodes", ("missing-episodes",), 2.0),
    "child_in_drug_events": Factor(
        "a child arrested or searched in drug supply (a victim first)",
        ("arrests", "drug-seizures"),
        1.0,
    ),
    "vulnerability_flags": Factor(
        "vulnerability known to a partner (child, care experienced, adult at risk…)",
        ("persons",),
        1.0,
        decays=False,
    ),
    "line_role": Factor(
        "on a county line as a runner or cuckooed resident", (REGISTER,), 1.0, decays=False
    ),
    "home_at_risk": Factor(
        "lives at an address at risk of cuckooing", ("asb", "intelligence"), 1.0
    ),
}

ENABLERS: dict[str, Factor] = {
    "recency": Factor("recency of offending (RFG R)", ("arrests", "intelligence"), 1.0, False),
    "frequency": Factor("frequency of offending (RFG F)", ("arrests", "intelligence"), 1.0, False),
    "gravity": Factor(
        "gravity: the most harmful offence (crime harm index)", ("arrests",), 1.0, False
    ),
    "line_position": Factor(
        "controller or line holder on the register", (REGISTER,), 1.0, decays=False
    ),
    "exploits_children": Factor(
        "seen with exploited children or vulnerable adults",
        ("intelligence", "arrests", "missing-episodes"),
        1.5,
    ),
    "supply_intelligence": Factor(
        "intelligence naming them in drug supply", ("intelligence",), 2.0
    ),
}

FACTORS: dict[str, dict[str, Factor]] = {
    "cuckooing": CUCKOOING,
    "victims": VICTIMS,
    "enablers": ENABLERS,
}
