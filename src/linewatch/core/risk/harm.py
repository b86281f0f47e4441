"""Crime harm for the enablers' gravity (RFG G): days of custody, in the manner of the
Cambridge Crime Harm Index (Sherman, Neyroud & Neyroud 2016; DOMAIN §3.3).

The values are starting points recalled from Sentencing Council guidelines for a first
offender and are marked [G] in DOMAIN.md: verify before relying on them. CCHI itself leaves
out proactively detected offences (most drug supply); here drug supply is kept, because the
enablers list is about harm done through county lines, and the docs say so.
"""

from __future__ import annotations

HARM_DAYS: dict[str, float] = {
    "modern_slavery": 2190.0,  # MSA 2015 s1/s2: starting points of several years
    "pwits_class_a": 1643.0,  # Class A supply, Cat 3, significant role: 4y6m
    "violence": 365.0,  # e.g. ABH/GBH s20 middle categories
    "pwits_class_b": 365.0,  # Class B supply, Cat 3, significant role: 1y
    "possession_of_weapon": 180.0,  # bladed article / offensive weapon
    "possession_class_a": 5.0,  # a Band C fine, in days of minimum-wage earnings
    "possession_class_b": 2.0,
    "other": 30.0,
}
INTELLIGENCE_SUPPLY = 365.0  # supply named in graded intelligence, not yet an offence


def harm_days(offence: str) -> float:
    """Harm in days for an offence code of the arrests feed (``other`` if unknown)."""
    return HARM_DAYS.get(offence, HARM_DAYS["other"])
