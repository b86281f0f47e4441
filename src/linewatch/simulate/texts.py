"""Free text for intelligence and community reports, as officers and residents write it."""

from __future__ import annotations

import random

from linewatch.simulate import names

LINE_INTEL = (
    "Information received that a line known as '{brand}' is operating in {town}. Orders taken "
    "on {phone}. Runner described as a young male known as {nick}.",
    "{nick} seen leaving {address} several times today, short visits by known users. "
    "Believed to be dealing for the '{brand}' line.",
    "Source states that the '{brand} line' is run from {city} and that {nick} is holding the "
    "phone ({phone}). Drugs stored at {address}.",
    "Vehicle {vrm} seen dropping off two youths at {address}. Youths not local, possibly from "
    "{city}. Same vehicle seen last week.",
    "Bulk text received by a user from {phone}: '{brand} back on, 2 for 1 on white and brown "
    "all day'.",
    "Resident at {address} believed to be being taken over by dealers. Neighbours report "
    "callers at all hours. {nick} mentioned.",
    "Known user states he scores off '{brand}' on {phone}, meets runner near {town} station.",
    "{vrm} stopped in {town}; occupants from {city}; driver gave name {nick}. Smell of cannabis, "
    "nothing found. Intelligence that the vehicle is used to move drugs for '{brand}'.",
    "New number for '{brand}': {phone}. Old number no longer answering.",
)
PARTNER_INTEL = {
    "housing": (
        "Tenant at {address} has not been seen for two weeks; door propped open and unknown "
        "young people coming and going.",
        "Neighbour reports constant visitors to {address} late at night, foil and needles in "
        "the stairwell.",
    ),
    "safeguarding": (
        "Young person ({nick}) returned from missing with new phone and cash; would not say "
        "where he had been. Mentioned {town}.",
        "Concern that {nick} is being exploited; older males collecting him in {vrm}; "
        "school attendance dropped sharply.",
    ),
    "treatment": (
        "Client reports buying from a number called '{brand}' ({phone}); says a flat at "
        "{address} is being used to deal.",
        "Client missed appointments; worker concerned that people are staying at the "
        "client's home at {address} against their wishes.",
    ),
}
BACKGROUND_INTEL = (
    "Cannabis smell reported coming from {address}; possible grow.",
    "Group of youths drinking and smoking cannabis in the park near {street}.",
    "{name} believed to be selling cannabis to school pupils near {street}.",
    "Vehicle {vrm} seen parked up for long periods near {street}, occupants acting suspiciously.",
    "Information that {name} is carrying a knife when out in {street}.",
    "Domestic incident history at {address}; no drugs mention.",
    "Shoplifting gang using {vrm}; suspected to be selling stolen goods from {address}.",
    "{name} using {phone} to sell counterfeit cigarettes.",
    "Possible drug dealing from a car outside {address}; vehicle {vrm}.",
)
#: Intelligence about busy benign addresses (``busy.py``): no line, no dealing.
BUSY_INTEL = {
    "hostel": (
        "Residents at {address} reported using drugs in their rooms; staff asked for a welfare "
        "visit.",
        "Fight between two residents at {address}; police attended, no arrests.",
        "Staff at {address} report a resident's belongings taken; believed to owe money to "
        "another resident.",
    ),
    "pub": (
        "Fight outside {address} at closing time; one male taken to hospital.",
        "Group drinking outside {address} most evenings, abusive to passers-by.",
    ),
    "late_shop": (
        "Youths gathering outside {address} most evenings, some drinking.",
        "Shop at {address} reports repeated shoplifting and abuse of staff.",
    ),
    "takeaway": (
        "Disorder outside {address} late at night; customers arguing with staff.",
        "Cars gathering in the car park at {address} late at night, engines revving.",
    ),
    "problem_household": (
        "Ongoing issues with the family at {address}: shouting, damage to the fence, the "
        "teenagers' friends in and out.",
        "Police called to a disturbance at {address}; family known to children's services.",
    ),
    "neighbour_dispute": (
        "Neighbour dispute at {address} continues; both parties making counter-allegations.",
        "Resident at {address} reports harassment by the neighbours over parking.",
    ),
    "domestic": (
        "Domestic incident history at {address}; no drugs mention.",
        "Repeat domestic call-out to {address}; DASH risk assessed as medium.",
        "Concern for the welfare of the woman at {address} after a further domestic incident.",
    ),
    "user_home": (
        "Known drug user at {address} has friends round using most nights; no sign of dealing.",
        "Neighbours report people using drugs at {address}; needles found in the garden.",
    ),
}
COMMUNITY = {
    "cuckooing": (
        "I'm worried about my neighbour at {address}. Lots of young lads I don't know going in "
        "and out at all hours and she looks scared.",
        "The man at {address} has people staying who aren't from round here. Cars pulling up "
        "for a few minutes then going.",
    ),
    "drug_dealing": (
        "Dealing going on outside {address} every evening, youngsters on bikes.",
        "People keep knocking at {address} at night, I think they're selling drugs.",
    ),
    "child_exploitation": (
        "There's a boy who can't be more than 15 staying at {address}, not at school, "
        "with older men.",
    ),
    "other": (
        "Noise and shouting from {address} most nights.",
        "Rubbish dumped outside {address} again.",
    ),
}


def fill(template: str, rng: random.Random, **values: str) -> str:
    """Fill a template; VRMs and phones are already in varied formats."""
    return template.format(**values)


def nick_for(first_name: str, street_name: str | None, rng: random.Random) -> str:
    """What a source calls someone: a street name, a nickname or the first name."""
    if street_name and rng.random() < 0.6:
        return street_name
    return names.nickname(first_name, rng)
