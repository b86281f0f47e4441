"""What each agency sees of a county line in one week: signals, stops, missing children,
warrants, seizures, arrests, handset downloads and diversion into treatment.

One module per family of events: ``line_signals``, ``line_enforcement``, ``line_runners``
(on the shared state in ``line_week``); :class:`LineWeek` decides which happen each week.
"""

from __future__ import annotations

from linewatch.simulate.emit import CRIMESTOPPERS, stop_search_row
from linewatch.simulate.line_runners import RunnerEvents
from linewatch.simulate.line_week import HOUSING, PARTNER_KIND, TREATMENT
from linewatch.simulate.rand import poisson


class LineWeek(RunnerEvents):
    """Emits one line's rows for one week."""

    def run(self) -> None:
        """All of the week's rows for the line."""
        line = self.line
        if line.start >= self.we or (line.closed is not None and line.closed <= self.ws):
            return
        age = (self.ws - line.start).days / 7
        strength = min(1.0, 0.25 + max(0.0, age) / 16)
        for _ in range(poisson(self.rng, 0.6 * strength)):
            self.police_intel()
        for cuckoo in line.cuckoos:
            if cuckoo.start < self.we and (cuckoo.end is None or cuckoo.end > self.ws):
                self.cuckoo_signals(cuckoo)
            if cuckoo.confirmed and self.ws <= cuckoo.confirmed < self.we:
                self.warrant(cuckoo, cuckoo.confirmed, full=cuckoo.confirmed == line.disrupted)
        for member in line.members:
            if member.role == "runner" and member.start < self.we:
                self.runner(member.person)
        users = line.people("user")
        for _ in range(poisson(self.rng, len(users) * 0.002)):
            self.treatment(self.rng.choice(users), "self", None)
        if line.disrupted and self.ws <= line.disrupted < self.we:
            self.disruption(line.disrupted)


__all__ = [
    "CRIMESTOPPERS",
    "HOUSING",
    "PARTNER_KIND",
    "TREATMENT",
    "LineWeek",
    "stop_search_row",
]
