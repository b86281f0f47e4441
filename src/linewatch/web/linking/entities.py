"""Resolved entities: the connected groups of person records joined by accepted links.

An entity is recomputed from the stored links whenever a run or a decision changes them, so the
memberships always agree with the links: un-linking a pair splits its entity back into the
groups it was made of, exactly as if the link had never been accepted.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q

from linewatch.web.linking.models import LINKED, EntityMembership, LinkageRun, PersonLink


def entity_key(person_ids: Iterable[int]) -> str:
    return f"E{min(person_ids)}"


def components(person_ids: Iterable[int], pairs: Iterable[tuple[int, int]]) -> dict[int, str]:
    """Each person id -> its entity key, the groups being connected by ``pairs`` (union-find)."""
    parent: dict[int, int] = {pid: pid for pid in person_ids}

    def root(pid: int) -> int:
        while parent[pid] != pid:
            parent[pid] = parent[parent[pid]]
            pid = parent[pid]
        return pid

    for left, right in pairs:
        parent.setdefault(left, left)
        parent.setdefault(right, right)
        a, b = root(left), root(right)
        if a != b:
            parent[max(a, b)] = min(a, b)  # the root is always the group's lowest id
    return {pid: f"E{root(pid)}" for pid in parent}


def accepted_pairs(person_ids: Iterable[int] | None = None) -> list[tuple[int, int]]:
    """The links that join records (automatic or confirmed), optionally among ``person_ids``."""
    links = PersonLink.objects.filter(outcome__in=LINKED)
    if person_ids is not None:
        ids = list(person_ids)
        links = links.filter(left_id__in=ids, right_id__in=ids)
    return list(links.values_list("left_id", "right_id"))


def members_of_entities_of(person_ids: Iterable[int]) -> set[int]:
    """The given people and everyone in the same entity as any of them."""
    ids = set(person_ids)
    keys = EntityMembership.objects.filter(person_id__in=ids).values("entity_key")
    ids.update(
        EntityMembership.objects.filter(entity_key__in=keys).values_list("person_id", flat=True)
    )
    return ids


def regroup(
    person_ids: Iterable[int], run: LinkageRun | None = None, *, everyone: bool = False
) -> int:
    """Recompute the memberships of ``person_ids`` (whole entities); the number of entities.

    The caller passes whole entities (see :func:`members_of_entities_of`) plus any records that
    have a new link into them, so no accepted link leaves the group; ``everyone`` says they are
    all the records (a full run), so no id list goes into the queries. ``run`` is the run
    writing the memberships; a decision keeps each record's last run.
    """
    ids = set(person_ids)
    grouped = components(ids, accepted_pairs(None if everyone else ids))
    memberships = EntityMembership.objects.all()
    if not everyone:
        memberships = memberships.filter(person_id__in=ids)
    existing = {m.person_id: m for m in memberships}
    changed, created = [], []
    for pid, key in grouped.items():
        membership = existing.get(pid)
        if membership is None:
            if run is None:
                continue  # not through a run yet: a decision alone does not enrol a record
            created.append(EntityMembership(person_id=pid, entity_key=key, run=run))
        elif membership.entity_key != key or (run is not None and membership.run_id != run.pk):
            membership.entity_key = key
            if run is not None:
                membership.run = run
            changed.append(membership)
    EntityMembership.objects.bulk_update(changed, ["entity_key", "run"], batch_size=2000)
    EntityMembership.objects.bulk_create(created, batch_size=2000)
    return len(set(grouped.values()))


def entity_members(person_id: int) -> list[int]:
    """Every person id in the entity of ``person_id`` (itself alone when not linked)."""
    membership = EntityMembership.objects.filter(person_id=person_id).first()
    if membership is None:
        return [person_id]
    return list(
        EntityMembership.objects.filter(entity_key=membership.entity_key)
        .order_by("person_id")
        .values_list("person_id", flat=True)
    )


def entity_of_persons(person_ids: Iterable[int]) -> dict[int, str]:
    """Person id -> entity key, for the network and other readers (unlinked records: own key)."""
    ids = list(person_ids)
    found = dict(
        EntityMembership.objects.filter(person_id__in=ids).values_list("person_id", "entity_key")
    )
    return {pid: found.get(pid, f"E{pid}") for pid in ids}


def links_touching(person_ids: Iterable[int]) -> Q:
    ids = list(person_ids)
    return Q(left_id__in=ids) | Q(right_id__in=ids)
