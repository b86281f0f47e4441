"""Line events of runners: stop and search (with seizure and arrest) and missing episodes."""

from __future__ import annotations

from datetime import timedelta

from linewatch.simulate.emit import days, stamp, stop_search_row, when
from linewatch.simulate.line_enforcement import EnforcementEvents
from linewatch.simulate.people import LEICESTERSHIRE, Person
from linewatch.simulate.places import LA_SOCIAL_CARE
from linewatch.simulate.rand import age_on, moment
from linewatch.simulate.records import PERSON_COLUMNS
from linewatch.simulate.writers import POLICE


class RunnerEvents(EnforcementEvents):
    """What happens to a line's runners (a stop may lead to a seizure and arrest)."""

    def runner(self, person: Person) -> None:
        """Stops, seizures and missing episodes of a runner."""
        rng, line = self.rng, self.line
        child = age_on(person.dob, self.mid) < 18
        if rng.random() < 0.05:
            at = when(rng, self.ws)
            pc = self._any_postcode()
            found = rng.random() < 0.4
            row = stop_search_row(rng, at, pc, person.gender, age_on(person.dob, at.date()), found)
            self.b.add(at, POLICE, "police-uk-stop-search", row, line_id=line.line_id)
            if found:
                self.seize(at, pc, None, [person], small=True)
                self.arrest(at, person, "pwits_class_a", pc, None)
        if child and rng.random() < (0.2 if person.home is None else 0.1):
            self.missing(person)

    def missing(self, person: Person) -> None:
        """A child runner reported missing at home and found in the importing town."""
        rng, line = self.rng, self.line
        found = moment(rng, self.ws + days(rng.randrange(7)))
        reported = found - timedelta(hours=rng.randrange(10, 140))
        cuckoo = rng.choice(line.cuckoos) if line.cuckoos and rng.random() < 0.4 else None
        pc = cuckoo.address.postcode if cuckoo else self._any_postcode()
        where = (
            f"found at {cuckoo.address.line} during a welfare check"
            if cuckoo
            else f"stopped near {pc.street}, {line.towns[0].name.split(',')[0]}"
        )
        home_force = person.home_force
        row = {
            "agency": POLICE,
            "home_force": home_force,
            "reported_missing_at": stamp(reported, POLICE),
            "found_at": stamp(found, POLICE),
            "found_location": where,
            "found_postcode": pc.postcode,
            "risk_level": rng.choice(("medium", "high", "high")),
        }
        if "missing_history" not in person.flags:
            person.flags = sorted({*person.flags, "missing_history"})
        self.b.add(found, POLICE, "missing-episodes", row, line.line_id, person)
        self.b.confirm(person, found.date())
        if person.home is not None and home_force == LEICESTERSHIRE:
            agency = LA_SOCIAL_CARE[person.home.postcode.la_code]
            copy = dict(
                row,
                agency=agency,
                reported_missing_at=stamp(reported, agency),
                found_at=stamp(found, agency),
            )
            for key in PERSON_COLUMNS:  # the council's copy names no one
                copy.pop(key, None)
            self.b.add(found + days(1), agency, "missing-episodes", copy, line.line_id, person)
