"""Locations: one entity per place, from the UPRN where known, else address and postcode.

Rules, strongest first (figures on why rules suffice, not a trained model: docs/linking.md):

1. **UPRN exact.** Two records with one UPRN are one place; two different UPRNs never are
   (a cannot-link, whatever their text says).
2. **Address and postcode.** The address standardised as for people (case, punctuation,
   street abbreviations spelt out: ``14 Mill Rd.`` = ``14 mill road``) and the postcode
   normalised (``le113tu`` = ``LE11 3TU``) both agree.
3. **Address without a postcode** joins the place with that standardised address when exactly
   one postcode has it; when several do, it is left alone (which one is unknown).
4. **Town or county appended.** Under one postcode, an address that is another plus up to two
   trailing words (``14 Mill Road, Loughborough`` = ``14 Mill Road``) when only one such
   shorter address exists and the words are not street words (``Main Street East`` is
   another street).
5. **For review**, never joined by the rules: the same postcode and house number with street
   words that differ (a misspelt or shortened street), and the same address under postcodes
   one character apart (a typing slip).

A postcode alone (no address) is not a place: a postcode covers about 15 addresses, so such
records stay on their own.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from rapidfuzz.distance import JaroWinkler, Levenshtein

from linewatch.core.linking.resolution import Resolution, ReviewPair, resolve
from linewatch.core.linking.standardise import standard_address, standard_postcode

__all__ = ["LocationRecord", "resolve_locations"]

STREET_SIMILAR = 0.85  # Jaro-Winkler of the street words for the review band
# Trailing words that change the street (Main Street East is not Main Street), never a town.
NOT_A_TOWN = frozenset(
    {
        "north",
        "south",
        "east",
        "west",
        "upper",
        "lower",
        "road",
        "street",
        "lane",
        "avenue",
        "close",
        "drive",
        "way",
        "walk",
        "place",
        "court",
        "crescent",
        "gardens",
        "grove",
        "terrace",
        "square",
        "park",
        "hill",
        "rise",
        "view",
        "row",
        "mews",
        "green",
        "",
    }
)


@dataclass(frozen=True)
class LocationRecord:
    """One stored location as its source wrote it."""

    record_id: int
    address: str = ""
    postcode: str = ""
    uprn: str = ""


@dataclass(frozen=True)
class _Standard:
    pk: int
    address: str | None
    number: str | None
    street: str | None
    postcode: str | None
    uprn: str | None


def _standard(record: LocationRecord) -> _Standard:
    address, number, street = standard_address(record.address or "")
    postcode = standard_postcode(record.postcode or "")[0]
    uprn = "".join(ch for ch in (record.uprn or "") if ch.isdigit()).lstrip("0") or None
    return _Standard(record.record_id, address, number, street, postcode, uprn)


def _chain(group: list[int], rule: str) -> Iterable[tuple[int, int, str]]:
    return ((group[0], other, rule) for other in group[1:])


def resolve_locations(
    records: Iterable[LocationRecord],
    decisions: Mapping[tuple[int, int], bool] | None = None,
) -> Resolution:
    """Group location records by the rules above; analysts' ``decisions`` override them."""
    rows = sorted((_standard(r) for r in records), key=lambda s: s.pk)
    by_uprn: dict[str, list[int]] = {}
    by_text: dict[tuple[str, str], list[int]] = {}
    no_postcode: dict[str, list[int]] = {}
    by_number: dict[tuple[str, str], list[_Standard]] = {}
    by_address: dict[str, list[_Standard]] = {}
    for row in rows:
        if row.uprn:
            by_uprn.setdefault(row.uprn, []).append(row.pk)
        if row.address and row.postcode:
            by_text.setdefault((row.address, row.postcode), []).append(row.pk)
            by_address.setdefault(row.address, []).append(row)
            if row.number:
                by_number.setdefault((row.postcode, row.number), []).append(row)
        elif row.address:
            no_postcode.setdefault(row.address, []).append(row.pk)
    links: list[tuple[int, int, str]] = []
    for group in by_uprn.values():
        links.extend(_chain(group, "UPRN exact"))
    for group in by_text.values():
        links.extend(_chain(group, "address and postcode"))
    links.extend(_trailing_words(by_text))
    for address, group in no_postcode.items():
        postcodes = {s.postcode for s in by_address.get(address, [])}
        if len(postcodes) == 1:
            links.extend(_chain([by_address[address][0].pk, *group], "address, no postcode"))
        else:
            links.extend(_chain(group, "address, no postcode"))
    uprn_of = {row.pk: row.uprn for row in rows if row.uprn}
    cannot = [
        (a, b) for a, b, _ in links if a in uprn_of and b in uprn_of and uprn_of[a] != uprn_of[b]
    ]
    cannot += _uprn_conflicts(by_text.values(), uprn_of)
    review = list(_review_pairs(by_number, by_address))
    return resolve(
        [row.pk for row in rows], links, cannot_link=cannot, review=review, decisions=decisions
    )


def _trailing_words(by_text: Mapping[tuple[str, str], list[int]]) -> list[tuple[int, int, str]]:
    """Addresses that are another address under the same postcode plus 1-2 trailing words."""
    by_postcode: dict[str, dict[str, int]] = {}
    for (address, postcode), group in by_text.items():
        by_postcode.setdefault(postcode, {})[address] = group[0]
    links = []
    for addresses in by_postcode.values():
        for address, pk in addresses.items():
            words = address.split()
            shorter = [
                addresses[" ".join(words[:-n])]
                for n in (1, 2)
                if len(words) - n >= 2
                and " ".join(words[:-n]) in addresses
                and not NOT_A_TOWN.intersection(words[-n:])
            ]
            if len(shorter) == 1:
                links.append((shorter[0], pk, "address and postcode, town appended"))
    return links


def _uprn_conflicts(
    groups: Iterable[list[int]], uprn_of: Mapping[int, str]
) -> list[tuple[int, int]]:
    """Records that share a rule key but carry different UPRNs: never one place."""
    out = []
    for group in groups:
        known = [pk for pk in group if pk in uprn_of]
        out += [
            (a, b) for i, a in enumerate(known) for b in known[i + 1 :] if uprn_of[a] != uprn_of[b]
        ]
    return out


def _review_pairs(
    by_number: Mapping[tuple[str, str], list[_Standard]],
    by_address: Mapping[str, list[_Standard]],
) -> Iterable[ReviewPair]:
    for (postcode, number), group in by_number.items():
        streets: dict[str, _Standard] = {}
        for row in group:
            streets.setdefault(row.street or "", row)
        named = sorted(streets.items())
        for i, (street, row) in enumerate(named):
            for other_street, other in named[i + 1 :]:
                if JaroWinkler.similarity(street, other_street) >= STREET_SIMILAR:
                    yield ReviewPair(
                        min(row.pk, other.pk),
                        max(row.pk, other.pk),
                        f"same postcode {postcode} and number {number}; street "
                        f"{street!r} ~ {other_street!r}",
                    )
    for address, group in by_address.items():
        postcodes: dict[str, _Standard] = {}
        for row in group:
            postcodes.setdefault(row.postcode or "", row)
        codes = sorted(postcodes)
        for i, code in enumerate(codes):
            for other_code in codes[i + 1 :]:
                if Levenshtein.distance(code, other_code) == 1:
                    a, b = sorted((postcodes[code].pk, postcodes[other_code].pk))
                    yield ReviewPair(
                        a,
                        b,
                        f"same address {address!r}; postcodes {code} ~ {other_code}",
                    )
