"""Running the person linkage over the database: full or incremental, atomic, audited.

The linkage itself (:mod:`linewatch.core.linking`) reads plain records and returns scored
pairs. This module feeds it the person rows and the analysts' decisions, then writes the links
and the resolved entities in one transaction: a run that fails part-way writes nothing but the
note that it failed.
"""

from __future__ import annotations

import importlib.metadata
import os
import socket
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Literal

from django.db import transaction
from django.utils import timezone

from linewatch.core.linking import LinkResult, classify, link_new_persons, link_persons
from linewatch.web.audit.trail import record as audit
from linewatch.web.linking.entities import members_of_entities_of, regroup
from linewatch.web.linking.models import DECIDED, EntityMembership, LinkageRun, PersonLink
from linewatch.web.linking.person_records import person_id, person_records, record_id
from linewatch.web.pole.models import Person

Kind = Literal["full", "incremental"]
OUTCOME_OF = {"link": "auto", "review": "review"}
SCORE_FIELDS = ["probability", "match_weight", "comparisons", "weights", "run"]
# A run whose process cannot be checked (another host) counts as interrupted after this long.
STALE_AFTER = timedelta(hours=6)
INTERRUPTED = (
    "Interrupted: the process running it stopped before it finished (killed or restarted); "
    "nothing was written"
)


@dataclass(frozen=True)
class Settings:
    backend: str = "duckdb"
    auto_link: float = 0.95
    review_floor: float = 0.5

    def as_dict(self) -> dict[str, Any]:
        versions = {}
        for package in ("splink", "duckdb", "linewatch"):
            try:
                versions[package] = importlib.metadata.version(package)
            except importlib.metadata.PackageNotFoundError:
                versions[package] = "not installed"
        return {
            "backend": self.backend,
            "auto_link": self.auto_link,
            "review_floor": self.review_floor,
            "versions": versions,
        }


def analyst_decisions() -> dict[tuple[str, str], bool]:
    """Every decided pair as the core takes them: confirmed -> True, rejected/un-linked -> False."""
    decided = PersonLink.objects.filter(outcome__in=DECIDED).values_list(
        "left_id", "right_id", "outcome"
    )
    return {
        (record_id(left), record_id(right)): outcome == "confirmed"
        for left, right, outcome in decided
    }


def run_linkage(
    kind: Kind = "incremental",
    *,
    settings: Settings | None = None,
    user: Any = None,
    request: Any = None,
) -> LinkageRun:
    """Link the person records and store the result; returns the run (finished or failed).

    ``incremental`` links only the records not yet in any run against the existing entities
    (a full run when nothing has been linked yet); ``full`` re-scores every record. Analysts'
    decisions are passed to the linkage and never overwritten. Raises what the linkage or the
    writer raised, after marking the run failed.
    """
    settings = settings or Settings()
    mark_interrupted_runs()
    if kind == "incremental" and not EntityMembership.objects.exists():
        kind = "full"
    run = LinkageRun.objects.create(
        kind=kind,
        started_at=timezone.now(),
        started_by=user if getattr(user, "is_authenticated", False) else None,
        parameters={**settings.as_dict(), "process": _this_process()},
    )
    try:
        decisions = analyst_decisions()
        result: LinkResult | None = None
        if kind == "full":
            records = person_records()
            result = link_persons(
                records,
                backend=settings.backend,
                auto_link=settings.auto_link,
                review_floor=settings.review_floor,
                decisions=decisions,
            )
            new_ids = [person_id(r.record_id) for r in records]
        else:
            new_ids = list(
                Person.objects.filter(entity__isnull=True)
                .order_by("pk")
                .values_list("pk", flat=True)
            )
            if new_ids:
                result = _link_incrementally(new_ids, settings, decisions)
        with transaction.atomic():
            _write(run, kind, new_ids, result, settings)
            audit(
                "combination",
                "linkage_run",
                [run.pk],
                f"{run.get_kind_display()} linkage run {run.pk}: {run.records} person records, "
                f"{run.auto_links} linked automatically, {run.review_pairs} for review, "
                f"{run.entities} entities",
                request=request,
                user=user,
                justification="Entity resolution across the partnership's person records",
            )
    except BaseException as error:
        LinkageRun.objects.filter(pk=run.pk).update(
            status="failed", finished_at=timezone.now(), error=f"{type(error).__name__}: {error}"
        )
        run.refresh_from_db()
        raise
    return run


def _this_process() -> dict[str, Any]:
    return {"host": socket.gethostname(), "pid": os.getpid()}


def _process_gone(process: Any) -> bool | None:
    """Whether the process recorded for a run has ended; ``None`` when it cannot be told."""
    if not isinstance(process, dict) or process.get("host") != socket.gethostname():
        return None
    pid = process.get("pid")
    if not isinstance(pid, int) or pid <= 0:
        return None
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # alive, under another user
        return False
    return False


def mark_interrupted_runs() -> int:
    """Mark as failed the "running" runs whose process has gone; returns how many.

    A run killed part-way wrote nothing (its writes are one transaction), but its log row
    would say "running" for ever. A run started on this host is checked by its process id; one
    from another host (or from before process ids were kept) after ``STALE_AFTER``.
    """
    stale = timezone.now() - STALE_AFTER
    interrupted = []
    for run in LinkageRun.objects.filter(status="running"):
        gone = _process_gone(run.parameters.get("process"))
        if gone or (gone is None and run.started_at < stale):
            interrupted.append(run.pk)
    if interrupted:
        LinkageRun.objects.filter(pk__in=interrupted, status="running").update(
            status="failed", finished_at=timezone.now(), error=INTERRUPTED
        )
    return len(interrupted)


def run_in_progress() -> bool:
    """Whether a linkage run is running now (after marking the interrupted ones)."""
    mark_interrupted_runs()
    return LinkageRun.objects.filter(status="running").exists()


def _link_incrementally(
    new_ids: list[int], settings: Settings, decisions: dict[tuple[str, str], bool]
) -> LinkResult:
    entity_of = dict(EntityMembership.objects.values_list("person_id", "entity_key"))
    existing = person_records(entity_of)
    new = person_records(new_ids)
    model = (
        LinkageRun.objects.filter(status="finished", kind="full")
        .order_by("-finished_at")
        .values_list("parameters", flat=True)
        .first()
        or {}
    ).get("model")
    return link_new_persons(
        existing,
        {record_id(pid): key for pid, key in entity_of.items()},
        new,
        backend=settings.backend,
        auto_link=settings.auto_link,
        review_floor=settings.review_floor,
        decisions=decisions,
        model=model,
    )


def _write(
    run: LinkageRun, kind: Kind, new_ids: list[int], result: LinkResult | None, settings: Settings
) -> None:
    """Links, then memberships, then the run's counts (all inside the caller's transaction)."""
    scored = {}
    if result is not None:
        for pair in result.pairs:
            left, right = sorted((person_id(pair.left_id), person_id(pair.right_id)))
            scored[(left, right)] = pair
    if kind == "full":
        stored = list(PersonLink.objects.all())
    else:  # new records have no links yet; only pairs scored now can exist already
        lefts = sorted({left for left, _ in scored})
        stored = [
            link
            for start in range(0, len(lefts), 2000)
            for link in PersonLink.objects.filter(left_id__in=lefts[start : start + 2000])
            if (link.left_id, link.right_id) in scored
        ]
    existing = {(link.left_id, link.right_id): link for link in stored}
    created, updated, kept = [], [], 0
    entity_of = result.entity_of if result is not None else {}
    for key, pair in scored.items():
        outcome = classify(pair.probability, settings.auto_link, settings.review_floor)
        if outcome == "link" and entity_of.get(pair.left_id) != entity_of.get(pair.right_id):
            # The clustering kept them apart (a new record bridging two existing entities, or
            # an analyst's rejection): an analyst decides instead of the model.
            outcome = "review"
        link = existing.pop(key, None)
        if link is None:
            if outcome != "no_link":
                created.append(_new_link(run, key, pair, OUTCOME_OF[outcome]))
            continue
        _rescore(link, run, pair)
        if link.outcome in DECIDED:
            kept += 1
        elif outcome == "no_link":
            existing[key] = link  # no longer a candidate: removed below
            continue
        else:
            link.outcome = OUTCOME_OF[outcome]
        updated.append(link)
    # Links this run did not score: candidates from earlier runs go (a full run re-scored
    # everything), analysts' decisions stay.
    stale = [link.pk for link in existing.values() if link.outcome not in DECIDED]
    kept += sum(1 for link in existing.values() if link.outcome in DECIDED)
    for start in range(0, len(stale), 2000):
        PersonLink.objects.filter(pk__in=stale[start : start + 2000]).delete()
    PersonLink.objects.bulk_update(updated, [*SCORE_FIELDS, "outcome"], batch_size=1000)
    PersonLink.objects.bulk_create(created, batch_size=1000)
    _write_memberships(run, kind, new_ids, list(scored))
    links = PersonLink.objects.filter(run=run)
    run.status = "finished"
    run.finished_at = timezone.now()
    run.records = len(new_ids)
    run.pairs_scored = len(scored)
    run.auto_links = links.filter(outcome="auto").count()
    run.review_pairs = links.filter(outcome="review").count()
    run.decisions_kept = kept
    run.entities = EntityMembership.objects.values("entity_key").distinct().count()
    if result is not None and result.model is not None:
        run.parameters = {**run.parameters, "model": result.model}
    run.save()


def _write_memberships(
    run: LinkageRun, kind: Kind, new_ids: list[int], pairs: list[tuple[int, int]]
) -> int:
    """Regroup the records this run touched (all of them in a full run)."""
    if kind == "full":
        return regroup(new_ids, run, everyone=True)
    touched = {pid for pair in pairs for pid in pair} | set(new_ids)
    return regroup(members_of_entities_of(touched), run)


def _new_link(run: LinkageRun, key: tuple[int, int], pair: Any, outcome: str) -> PersonLink:
    return PersonLink(
        left_id=key[0],
        right_id=key[1],
        probability=pair.probability,
        match_weight=pair.match_weight,
        comparisons=dict(pair.comparisons),
        weights={name: float(weight) for name, weight in pair.weights.items()},
        outcome=outcome,
        run=run,
    )


def _rescore(link: PersonLink, run: LinkageRun, pair: Any) -> None:
    link.probability = pair.probability
    link.match_weight = pair.match_weight
    link.comparisons = dict(pair.comparisons)
    link.weights = {name: float(weight) for name, weight in pair.weights.items()}
    link.run = run
