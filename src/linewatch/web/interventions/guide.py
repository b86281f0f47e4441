"""What works, from the records: outcomes per tactic and combination, and the best-practice
guide (HTML and PDF) with case studies sanitised for its reader.

Everything is read through the access policy of the reader: a signed-in user, or, for the
command line, :class:`GuideReader` — a partner's view from outside every agency, which sees
only P-coded, non-sensitive, non-restricted records of lines and interventions. Case studies
never name a person or an address: a line's name, its towns, and what was done when.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.utils import timezone

from linewatch.core.access import Role, Viewer
from linewatch.core.interventions import (
    MIN_LINES,
    TACTIC_LABELS,
    Curve,
    GroupOutcome,
    LineOutcome,
    analyse,
    tactic_of,
)
from linewatch.web.access import filter_visible
from linewatch.web.interventions.documents import render_document
from linewatch.web.interventions.models import Intervention
from linewatch.web.lines.models import CountyLine

__all__ = ["Guide", "GuideReader", "build_guide", "guide_html", "guide_pdf", "line_outcomes"]

CHART_WIDTH, CHART_HEIGHT = 480, 180
CASE_STUDIES = 5


@dataclass
class GuideReader:
    """The reader of a guide made on the command line: outside every agency, partner rights."""

    username: str = "cli:linewatch-guide"
    role: str = "partner_practitioner"
    is_authenticated: bool = True
    agency: Any = None
    agency_id: int | None = None

    def viewer(self) -> Viewer:
        return Viewer("__guide-reader__", "community", Role.PARTNER_PRACTITIONER, frozenset())


@dataclass(frozen=True)
class CaseStep:
    day: int
    on: dt.date
    what: str
    agency: str
    outcome: str


@dataclass(frozen=True)
class CaseStudy:
    line: str
    towns: str
    exporting_force: str
    tactics: str
    days_to_closure: int | None
    re_emerged_after: int | None
    steps: list[CaseStep]


@dataclass
class Chart:
    path: str
    band: str
    max_days: int
    ticks: list[tuple[int, float]]


@dataclass
class Guide:
    generated_at: dt.datetime
    reader: str
    lines_with_interventions: int
    closed: int
    singles: list[tuple[GroupOutcome, Chart | None]]
    combinations: list[tuple[GroupOutcome, Chart | None]]
    case_studies: list[CaseStudy]
    minimum: int = MIN_LINES
    tactic_labels: dict[str, str] = field(default_factory=lambda: dict(TACTIC_LABELS))

    @property
    def sections(self) -> list[tuple[str, list[tuple[GroupOutcome, Chart | None]]]]:
        return [
            ("Each tactic (with or without others)", self.singles),
            ("Combinations of tactics that were used", self.combinations),
        ]


def _closed_on(line: CountyLine, since: dt.date) -> dt.date | None:
    changes = [
        timezone.localdate(c.changed_at)
        for c in line.status_history.all()
        if c.to_status == "closed" and timezone.localdate(c.changed_at) >= since
    ]
    return min(changes) if changes else None


def _interventions_by_line(reader: Any, lines: list[CountyLine]) -> dict[int, list[Intervention]]:
    ids = [line.pk for line in lines]
    visible = (
        filter_visible(
            reader,
            Intervention.objects.filter(
                Q(line_id__in=ids)
                | Q(location__line_uses__line_id__in=ids)
                | Q(person__line_roles__line_id__in=ids)
            ),
        )
        .select_related("owning_agency")
        .distinct()
    )
    by_line: dict[int, dict[int, Intervention]] = {}
    uses: dict[int, set[int]] = {}
    roles: dict[int, set[int]] = {}
    for line in lines:
        uses[line.pk] = {a.location_id for a in line.addresses.all()}
        roles[line.pk] = {m.person_id for m in line.members.all()}
    for item in visible:
        for line in lines:
            # Actions on its people or premises count for a line only once it existed (a
            # replacement line re-targets the same home; the old closure order is not its).
            during = line.first_seen is None or item.started_on >= line.first_seen
            if item.line_id == line.pk or (
                during
                and (
                    (item.location_id and item.location_id in uses[line.pk])
                    or (item.person_id and item.person_id in roles[line.pk])
                )
            ):
                by_line.setdefault(line.pk, {})[item.pk] = item
    return {k: sorted(v.values(), key=lambda i: (i.started_on, i.pk)) for k, v in by_line.items()}


def line_outcomes(
    reader: Any, *, today: dt.date | None = None
) -> tuple[list[LineOutcome], dict[int, tuple[CountyLine, list[Intervention]]]]:
    """Each line the reader may see that had an intervention the reader may see."""
    today = today or timezone.localdate()
    lines = list(
        filter_visible(reader, CountyLine.objects.all()).prefetch_related(
            "status_history", "addresses", "members"
        )
    )
    by_line = _interventions_by_line(reader, lines)
    successors: dict[int, dt.date] = {}
    for successor in filter_visible(
        reader, CountyLine.objects.filter(re_emerged_from__isnull=False)
    ):
        if successor.first_seen and successor.re_emerged_from_id:
            known = successors.get(successor.re_emerged_from_id)
            successors[successor.re_emerged_from_id] = min(
                filter(None, [known, successor.first_seen])
            )
    outcomes, sources = [], {}
    for line in lines:
        items = by_line.get(line.pk)
        if not items:
            continue
        tactics = frozenset(t for t in (tactic_of(i.kind) for i in items) if t)
        if not tactics:
            continue
        first = items[0].started_on
        closed = _closed_on(line, first)
        back = successors.get(line.pk)
        outcomes.append(
            LineOutcome(
                line_id=line.pk,
                name=line.name,
                first_action_on=first,
                tactics=tactics,
                observed_until=today,
                closed_on=closed,
                re_emerged_on=back if closed and back and back >= closed else None,
            )
        )
        sources[line.pk] = (line, items)
    return outcomes, sources


def chart_for(curve: Curve | None, max_days: int) -> Chart | None:
    """An SVG step line of the share of lines still open, with its confidence band."""
    if curve is None or not curve.days:
        return None
    max_days = max(max_days, 1)

    def x(day: float) -> float:
        return round(min(day, max_days) / max_days * CHART_WIDTH, 1)

    def y(share: float) -> float:
        return round((1 - share) * CHART_HEIGHT, 1)

    path = [f"M0,{y(1.0)}"]
    upper, lower = [f"0,{y(1.0)}"], [f"0,{y(1.0)}"]
    for day, still, low, high in zip(
        curve.days, curve.still_open, curve.lower, curve.upper, strict=True
    ):
        path.append(f"H{x(day)} V{y(still)}")
        upper.append(f"{x(day)},{y(high)}")
        lower.append(f"{x(day)},{y(low)}")
    path.append(f"H{CHART_WIDTH}")
    band = " ".join(upper + list(reversed(lower)))
    ticks = [(int(max_days * f), round(CHART_WIDTH * f, 1)) for f in (0, 0.25, 0.5, 0.75, 1)]
    return Chart(" ".join(path), band, max_days, ticks)


def _case_studies(
    outcomes: list[LineOutcome], sources: dict[int, tuple[CountyLine, list[Intervention]]]
) -> list[CaseStudy]:
    closed = [o for o in outcomes if o.closed_on is not None]
    closed.sort(key=lambda o: (o.re_emerged_on is not None, o.days_to_closure, o.line_id))
    studies = []
    for outcome in closed[:CASE_STUDIES]:
        line, items = sources[outcome.line_id]
        back = (
            (outcome.re_emerged_on - outcome.closed_on).days
            if outcome.re_emerged_on and outcome.closed_on
            else None
        )
        studies.append(
            CaseStudy(
                line=line.name,
                towns=", ".join(line.importing_towns) or "not recorded",
                exporting_force=line.exporting_force or "not known",
                tactics=" + ".join(
                    TACTIC_LABELS[t].split(" (")[0] for t in sorted(outcome.tactics)
                ),
                days_to_closure=outcome.days_to_closure,
                re_emerged_after=back,
                steps=[
                    CaseStep(
                        day=(i.started_on - outcome.first_action_on).days,
                        on=i.started_on,
                        what=i.kind_label,
                        agency=i.owning_agency.name,
                        outcome=i.outcome,
                    )
                    for i in items
                ],
            )
        )
    return studies


def build_guide(reader: Any, *, today: dt.date | None = None, minimum: int = MIN_LINES) -> Guide:
    outcomes, sources = line_outcomes(reader, today=today)
    singles, combos = analyse(outcomes, minimum=minimum)
    longest = max((o.days_to_closure for o in outcomes), default=1)
    return Guide(
        generated_at=timezone.now(),
        reader=getattr(reader, "username", ""),
        lines_with_interventions=len(outcomes),
        closed=sum(1 for o in outcomes if o.closed_on is not None),
        singles=[(g, chart_for(g.curve, longest) if g.enough else None) for g in singles],
        combinations=[(g, chart_for(g.curve, longest) if g.enough else None) for g in combos],
        case_studies=_case_studies(outcomes, sources),
        minimum=minimum,
    )


def guide_html(guide: Guide) -> str:
    """The guide as one standalone HTML document (its own styles, no scripts)."""
    return render_document(
        "interventions/guide_document.html", {"guide": guide}, "guide-document.css"
    )


def guide_pdf(guide: Guide) -> bytes:
    from weasyprint import HTML

    pdf: bytes = HTML(string=guide_html(guide)).write_pdf()
    return pdf
