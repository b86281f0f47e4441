"""Entity resolution runs, links between person records, and the resolved entities.

Links are never destructive: a :class:`PersonLink` says that two agencies' person records are
(or are not) the same person, with the score and the comparisons behind it; an
:class:`EntityMembership` puts each person record into a resolved entity. Person rows
themselves are never merged or changed, so un-linking a pair only recomputes memberships.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from linewatch.web.pole.models import Person

RUN_KINDS = [("full", "Full"), ("incremental", "Incremental")]
RUN_STATUSES = [
    ("running", "Running"),
    ("finished", "Finished"),
    ("failed", "Failed, nothing written"),
]
OUTCOMES = [
    ("auto", "Linked automatically"),
    ("review", "Awaiting review"),
    ("confirmed", "Confirmed by an analyst"),
    ("rejected", "Rejected by an analyst"),
    ("unlinked", "Un-linked by an analyst"),
]
OUTCOME_LABELS = dict(OUTCOMES)
# Outcomes that join two records into one entity.
LINKED = ("auto", "confirmed")
# Outcomes an analyst chose; later runs keep them (and pass them to the linkage as decisions).
DECIDED = ("confirmed", "rejected", "unlinked")


class LinkageRun(models.Model):
    """One pass of the person linkage over the database: its settings, counts and outcome."""

    kind = models.CharField(max_length=12, choices=RUN_KINDS)
    status = models.CharField(max_length=10, choices=RUN_STATUSES, default="running")
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    parameters = models.JSONField(
        default=dict, help_text="Backend, thresholds and library versions, to reproduce the run."
    )
    records = models.PositiveIntegerField(default=0, help_text="Person records linked.")
    pairs_scored = models.PositiveIntegerField(default=0)
    auto_links = models.PositiveIntegerField(default=0)
    review_pairs = models.PositiveIntegerField(default=0)
    decisions_kept = models.PositiveIntegerField(default=0)
    entities = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} linkage run {self.pk} ({self.get_status_display()})"

    @property
    def summary(self) -> str:
        """One line of figures, for the command line and the demo."""
        return (
            f"{self.get_kind_display()} linkage run {self.pk}: {self.records:,} person records, "
            f"{self.pairs_scored:,} pairs scored, {self.auto_links:,} linked automatically, "
            f"{self.review_pairs:,} for review, {self.decisions_kept:,} analyst decisions kept, "
            f"{self.entities:,} entities"
        )


class PersonLink(models.Model):
    """A scored pair of person records (``left`` has the lower id) and what was decided."""

    left = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="links_as_left")
    right = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="links_as_right")
    probability = models.FloatField()
    match_weight = models.FloatField()
    comparisons = models.JSONField(
        default=dict, help_text="Comparison name -> the level the pair fell in."
    )
    weights = models.JSONField(
        default=dict, help_text="Comparison name -> its match weight (log2 Bayes factor)."
    )
    outcome = models.CharField(max_length=10, choices=OUTCOMES, db_index=True)
    run = models.ForeignKey(LinkageRun, on_delete=models.PROTECT, related_name="links")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(blank=True)
    version = models.PositiveIntegerField(
        default=1,
        help_text="Raised by every decision, so two analysts cannot overwrite each other.",
    )

    class Meta:
        ordering = ["-probability", "id"]
        constraints = [
            models.UniqueConstraint(fields=["left", "right"], name="person_link_unique_pair"),
            models.CheckConstraint(condition=Q(left__lt=F("right")), name="person_link_ordered"),
        ]

    def __str__(self) -> str:
        return f"person {self.left_id} ~ person {self.right_id} ({self.outcome})"

    @property
    def outcome_label(self) -> str:
        return OUTCOME_LABELS.get(self.outcome, self.outcome)

    @property
    def is_linked(self) -> bool:
        return self.outcome in LINKED


class LinkDecision(models.Model):
    """One analyst decision on a pair, kept for good: the history behind ``PersonLink.outcome``."""

    link = models.ForeignKey(PersonLink, on_delete=models.CASCADE, related_name="decisions")
    outcome_before = models.CharField(max_length=10, choices=OUTCOMES)
    outcome_after = models.CharField(max_length=10, choices=OUTCOMES)
    probability = models.FloatField(help_text="The score the analyst saw.")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField()
    reason = models.TextField()

    class Meta:
        ordering = ["decided_at", "id"]


class EntityMembership(models.Model):
    """Which resolved entity a person record belongs to (one row per record linked so far).

    The entity key is ``E<lowest person id in the entity>``; a person with no link is an entity
    of one. A record without a row has not been through a linkage run yet.
    """

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="entity")
    entity_key = models.CharField(max_length=24, db_index=True)
    run = models.ForeignKey(LinkageRun, on_delete=models.PROTECT, related_name="memberships")

    class Meta:
        ordering = ["entity_key", "person_id"]

    def __str__(self) -> str:
        return f"person {self.person_id} in {self.entity_key}"


OBJECT_KINDS = [("phone", "Phone"), ("location", "Location"), ("vehicle", "Vehicle")]


class ObjectEntity(models.Model):
    """Which resolved phone, location or vehicle a POLE row belongs to (see ``objects.py``).

    The rows themselves are never merged: ``07700900123`` stored raw and ``+447700900123`` stay
    two Phone rows with one ``entity_key``. ``rule`` says why (``e164``, ``uprn``,
    ``address+postcode``…). A row without a membership is an entity of its own.
    """

    kind = models.CharField(max_length=10, choices=OBJECT_KINDS)
    object_id = models.PositiveBigIntegerField()
    entity_key = models.CharField(max_length=40, db_index=True)
    rule = models.CharField(max_length=40, blank=True)
    resolved_at = models.DateTimeField()

    class Meta:
        ordering = ["kind", "entity_key", "object_id"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="object_entity_unique")
        ]
        indexes = [models.Index(fields=["kind", "entity_key"], name="object_entity_key")]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id} in {self.entity_key}"


PLACE_OUTCOMES = [
    ("review", "Awaiting review"),
    ("confirmed", "Confirmed by an analyst"),
    ("rejected", "Rejected by an analyst"),
]


class ObjectLink(models.Model):
    """A pair of locations the rules could not decide on, and the analyst's decision.

    Later resolution runs pass the decision to the rules (a confirmation joins the pair, a
    rejection never lets it join) and keep it; undecided pairs the rules no longer propose go.
    """

    kind = models.CharField(max_length=10, choices=OBJECT_KINDS, default="location")
    left_id = models.PositiveBigIntegerField()
    right_id = models.PositiveBigIntegerField()
    reason = models.TextField(help_text="Why the rules put the two together.")
    outcome = models.CharField(max_length=10, choices=PLACE_OUTCOMES, default="review")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["kind", "left_id", "right_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "left_id", "right_id"], name="object_link_unique_pair"
            ),
            models.CheckConstraint(
                condition=Q(left_id__lt=F("right_id")), name="object_link_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.left_id} ~ {self.kind} {self.right_id} ({self.outcome})"
