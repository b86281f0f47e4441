"""One county line in one week: the state every family of line events shares.

The events themselves are in ``line_signals`` (what agencies notice), ``line_enforcement``
(warrants, seizures, arrests, the disruption) and ``line_runners`` (stops and missing
episodes of runners); :class:`linewatch.simulate.line_events.LineWeek` joins them.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Self

from linewatch.simulate import names, texts
from linewatch.simulate.emit import Batch
from linewatch.simulate.lines import Cuckoo, Line
from linewatch.simulate.places import Postcode, town_postcodes

HOUSING = "midshires-housing"
TREATMENT = "llr-recovery"
PARTNER_KIND = {HOUSING: "housing", TREATMENT: "treatment"}


class LineWeekBase:
    """One line's week: the batch it writes to, its dates and its random stream."""

    def __init__(self, batch: Batch, line: Line, week_start: date, rng: random.Random) -> None:
        self.b = batch
        self.line = line
        self.ws = week_start
        self.we = week_start + timedelta(days=7)
        self.rng = rng
        self.mid = week_start + timedelta(days=3)

    def _any_postcode(self) -> Postcode:
        return self.rng.choice(town_postcodes(self.rng.choice(self.line.towns).name))

    def _number(self) -> str:
        return self.line.number_on(self.mid) or self.line.numbers[-1][0]

    def _values(self, cuckoo: Cuckoo | None = None) -> dict[str, str]:
        rng, line = self.rng, self.line
        pool = line.people("runner") + line.people("holder")
        who = rng.choice(pool)
        address = cuckoo or (rng.choice(line.cuckoos) if line.cuckoos else None)
        return {
            "brand": line.brand,
            "town": line.towns[0].name.split(",")[0],
            "city": line.city,
            "phone": names.format_phone(self._number(), rng),
            "nick": texts.nick_for(who.first_name, who.street_name, rng),
            "address": address.address.line if address else "the town centre",
            "vrm": names.format_vrm(rng.choice(line.vehicles), rng),
        }

    def ws_later(self, weeks: int) -> Self:
        """The same line, some weeks later (to schedule follow-up rows)."""
        return type(self)(self.b, self.line, self.ws + timedelta(weeks=weeks), self.rng)
