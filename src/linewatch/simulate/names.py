"""Names, nicknames, phone numbers and vehicle registrations, with recording noise."""

from __future__ import annotations

import random

import phonenumbers

MALE_NAMES: tuple[str, ...] = (
    "Jayden",
    "Tyler",
    "Kai",
    "Reece",
    "Callum",
    "Liam",
    "Connor",
    "Jordan",
    "Ryan",
    "Daniel",
    "Joshua",
    "Nathan",
    "Kyle",
    "Mason",
    "Harvey",
    "Jack",
    "Oliver",
    "Harry",
    "Charlie",
    "Alfie",
    "Mohammed",
    "Ibrahim",
    "Yusuf",
    "Amir",
    "Bilal",
    "Hamza",
    "Rahul",
    "Arjun",
    "Dev",
    "Karan",
    "Kieran",
    "Dylan",
    "Brandon",
    "Leon",
    "Marcus",
    "Andre",
    "Tyrone",
    "Jermaine",
    "Kofi",
    "Emmanuel",
    "Tomasz",
    "Jakub",
    "Mateusz",
    "Lewis",
    "Ethan",
    "Aaron",
    "Shane",
    "Dean",
    "Lee",
    "Gary",
    "Paul",
    "Steven",
    "Mark",
    "David",
    "Michael",
    "Richard",
    "Kevin",
    "Wayne",
    "Darren",
    "Christopher",
    "Anthony",
    "Jamal",
    "Rico",
    "Kashif",
    "Imran",
    "Zain",
    "Riley",
    "Bailey",
)
FEMALE_NAMES: tuple[str, ...] = (
    "Chloe",
    "Jessica",
    "Amelia",
    "Olivia",
    "Emily",
    "Sophie",
    "Megan",
    "Lauren",
    "Holly",
    "Jade",
    "Courtney",
    "Shannon",
    "Leah",
    "Ellie",
    "Aaliyah",
    "Amira",
    "Fatima",
    "Priya",
    "Anjali",
    "Simran",
    "Zara",
    "Maya",
    "Keisha",
    "Chantelle",
    "Natalia",
    "Zofia",
    "Karen",
    "Tracey",
    "Julie",
    "Susan",
    "Margaret",
    "Linda",
    "Patricia",
    "Sharon",
    "Michelle",
    "Donna",
    "Kelly",
    "Nicola",
    "Samantha",
    "Rebecca",
    "Gemma",
    "Stacey",
    "Kayleigh",
)
SURNAMES: tuple[str, ...] = (
    "Smith",
    "Jones",
    "Williams",
    "Brown",
    "Taylor",
    "Davies",
    "Wilson",
    "Evans",
    "Thomas",
    "Johnson",
    "Roberts",
    "Walker",
    "Wright",
    "Robinson",
    "Thompson",
    "White",
    "Hughes",
    "Edwards",
    "Green",
    "Hall",
    "Wood",
    "Harris",
    "Lewis",
    "Martin",
    "Jackson",
    "Clarke",
    "Clark",
    "Turner",
    "Hill",
    "Scott",
    "Cooper",
    "Morris",
    "Ward",
    "Moore",
    "King",
    "Watson",
    "Baker",
    "Harrison",
    "Morgan",
    "Patel",
    "Mistry",
    "Parmar",
    "Chauhan",
    "Solanki",
    "Khan",
    "Hussain",
    "Ahmed",
    "Ali",
    "Begum",
    "Mahmood",
    "Rahman",
    "Singh",
    "Kaur",
    "Gill",
    "Sharma",
    "Mensah",
    "Owusu",
    "Okafor",
    "Adeyemi",
    "Campbell",
    "Francis",
    "Grant",
    "Brooks",
    "Kowalski",
    "Nowak",
    "Wisniewski",
    "O'Brien",
    "O'Connor",
    "McDonald",
    "Mohammed",
    "Smith-Jones",
    "Lewis-Grant",
    "Bennett",
    "Fletcher",
    "Lane",
    "Dunn",
    "Pearson",
    "Bishop",
)
NICKNAMES: dict[str, tuple[str, ...]] = {
    "Jayden": ("Jay", "JD"),
    "Tyler": ("Ty",),
    "Reece": ("Reecey",),
    "Callum": ("Cal",),
    "Daniel": ("Dan", "Danny"),
    "Joshua": ("Josh",),
    "Nathan": ("Nath", "Nate"),
    "Mohammed": ("Mo", "Moe"),
    "Ibrahim": ("Ibby",),
    "Jordan": ("Jordy",),
    "Kieran": ("Kez",),
    "Christopher": ("Chris",),
    "Anthony": ("Tony", "Ant"),
    "Michael": ("Mike", "Mikey"),
    "Richard": ("Rich", "Ricky"),
    "Marcus": ("Marky",),
    "Jermaine": ("Maine",),
    "Kashif": ("Kash",),
    "Emmanuel": ("Manny",),
    "Tomasz": ("Tom",),
    "Jakub": ("Kuba",),
    "Rebecca": ("Becky",),
    "Samantha": ("Sam",),
    "Margaret": ("Maggie",),
    "Patricia": ("Pat",),
    "Jessica": ("Jess",),
    "Nicola": ("Nicky",),
    "Olivia": ("Liv",),
    "Amelia": ("Millie",),
    "Steven": ("Steve",),
    "David": ("Dave",),
    "Kevin": ("Kev",),
    "Harvey": ("H",),
}
STREET_NAMES: tuple[str, ...] = (
    "Tiny",
    "Bando",
    "Ricky",
    "Kash",
    "Blade",
    "Snow",
    "Ghost",
    "Zico",
    "Flex",
    "Dotty",
    "Nitro",
    "Scrappy",
    "Boss",
    "Kane",
    "Spider",
    "Trapz",
    "Mr Green",
    "Jet",
    "Lucky",
    "Smokey",
    "Rambo",
    "Milky",
    "Tank",
    "Benz",
    "Shadow",
    "Cash",
    "Duke",
    "Ace",
    "Psycho",
    "Skitz",
)
SURNAME_VARIANTS: dict[str, tuple[str, ...]] = {
    "Mohammed": ("Muhammad", "Mohammad", "Mohamed"),
    "Hussain": ("Hussein", "Husain"),
    "Ahmed": ("Ahmad",),
    "Rahman": ("Rehman",),
    "O'Brien": ("OBrien", "O Brien"),
    "O'Connor": ("OConnor",),
    "McDonald": ("MacDonald", "Mcdonald"),
    "Wisniewski": ("Wisnieski",),
    "Kowalski": ("Kowalsky",),
    "Clarke": ("Clark",),
    "Smith-Jones": ("Smith", "Jones", "Smith Jones"),
    "Lewis-Grant": ("Lewis", "Grant"),
    "Mensah": ("Mensa",),
    "Owusu": ("Owusa",),
    "Adeyemi": ("Adeyemy",),
}
#: Two-letter DVLA area codes (first letter I, Q, Z never used).
VRM_AREAS: tuple[str, ...] = (
    "FD",
    "FE",
    "FG",
    "FH",
    "FJ",
    "FK",
    "FL",
    "FM",
    "FN",
    "FP",
    "FR",
    "FS",
    "FT",
    "FV",
    "FW",
    "FX",
    "FY",
    "BD",
    "BF",
    "BG",
    "BK",
    "BL",
    "BN",
    "LA",
    "LB",
    "LC",
    "LD",
    "LE",
    "LF",
    "LG",
    "AV",
    "AW",
    "AX",
    "AY",
    "YA",
    "YB",
    "MA",
    "MB",
    "MC",
    "WA",
    "WB",
    "EA",
    "EB",
    "KA",
)
VRM_LETTERS = "ABCDEFGHJKLMNOPRSTUVWXY"


def typo(text: str, rng: random.Random) -> str:
    """One keying error: swapped, dropped or doubled letter (never in the first letter)."""
    if len(text) < 4:
        return text
    i = rng.randrange(1, len(text) - 1)
    kind = rng.randrange(3)
    if kind == 0:
        return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    if kind == 1:
        return text[:i] + text[i + 1 :]
    return text[:i] + text[i] + text[i:]


def surname_variant(surname: str, rng: random.Random) -> str:
    """A spelling another agency might use for the same surname."""
    options = SURNAME_VARIANTS.get(surname)
    return rng.choice(options) if options else surname


def nickname(first_name: str, rng: random.Random) -> str:
    """A common short form of a first name, or the first name itself."""
    options = NICKNAMES.get(first_name)
    return rng.choice(options) if options else first_name


def new_mobile(rng: random.Random, taken: set[str]) -> str:
    """A fresh realistic-looking UK mobile number (E.164, 074xx-079xx), never reused."""
    while True:
        prefix = rng.choice(("74", "75", "77", "78", "79"))
        number = f"+44{prefix}{rng.randrange(10_000_000, 100_000_000):08d}"
        if number in taken or number.startswith("+447700900"):
            continue
        parsed = phonenumbers.parse(number)
        if phonenumbers.number_type(parsed) == phonenumbers.PhoneNumberType.MOBILE:
            taken.add(number)
            return number


def format_phone(e164: str, rng: random.Random) -> str:
    """The same number as different people write it."""
    national = "0" + e164[3:]
    style = rng.randrange(6)
    if style == 0:
        return e164
    if style == 1:
        return f"{national[:5]} {national[5:]}"
    if style == 2:
        return national
    if style == 3:
        return national[1:]
    if style == 4:
        return f"({national[:4]}) {national[4:]}"
    return f"{national[:5]} {national[5:8]} {national[8:]}"


def new_vrm(rng: random.Random, taken: set[str]) -> str:
    """A fresh current-format VRM such as ``FD15 XKT``."""
    while True:
        year = rng.choice((rng.randrange(2, 20), rng.randrange(51, 70)))
        letters = "".join(rng.choice(VRM_LETTERS) for _ in range(3))
        vrm = f"{rng.choice(VRM_AREAS)}{year:02d} {letters}"
        if vrm not in taken:
            taken.add(vrm)
            return vrm


def format_vrm(vrm: str, rng: random.Random) -> str:
    """A VRM as written in a report: spaced, unspaced or lower case."""
    style = rng.randrange(4)
    if style == 0:
        return vrm.replace(" ", "")
    if style == 1:
        return vrm.lower()
    return vrm
