"""The county lines register: lines, their deal-line numbers over time, people, places, status."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from linewatch.web.pole.models import Location, Person, Phone
from linewatch.web.provenance import ProvenancedRecord

LINE_STATUSES = [
    ("suspected", "Suspected"),
    ("active", "Active"),
    ("disrupted", "Disrupted"),
    ("closed", "Closed"),
    ("re_emerged", "Re-emerged"),
]
LINE_STATUS_LABELS = dict(LINE_STATUSES)
ALLOWED_TRANSITIONS = {
    "suspected": {"active", "closed"},
    "active": {"disrupted", "closed"},
    "disrupted": {"active", "closed"},
    "closed": {"re_emerged"},
    "re_emerged": {"active", "disrupted", "closed"},
}
MEMBER_ROLES = [
    ("controller", "Controller"),
    ("holder", "Line holder"),
    ("runner", "Runner"),
    ("cuckooed_resident", "Cuckooed resident"),
    ("user", "User / customer"),
    ("associate", "Associate"),
]
ADDRESS_ROLES = [
    ("cuckooed", "Cuckooed address"),
    ("trap_house", "Trap house / dealing address"),
    ("stash", "Stash address"),
    ("deal_point", "Deal point"),
]
CLOSURE_TYPES = [
    ("1", "Type 1 – line holder charged"),
    ("2", "Type 2 – number deactivated"),
]


class CountyLine(ProvenancedRecord):
    """A county line: a brand, its deal-line numbers, where it exports from and into."""

    name = models.CharField(max_length=120, help_text="Brand or line name, e.g. 'TINY line'.")
    status = models.CharField(max_length=12, choices=LINE_STATUSES, default="suspected")
    exporting_force = models.CharField(max_length=80, blank=True)
    exporting_area = models.CharField(max_length=80, blank=True)
    importing_areas = models.JSONField(default=list, blank=True, help_text="GSS codes.")
    importing_towns = models.JSONField(default=list, blank=True)
    first_seen = models.DateField(null=True, blank=True)
    closure_type = models.CharField(max_length=1, choices=CLOSURE_TYPES, blank=True)
    summary = models.TextField(blank=True)
    re_emerged_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="successors"
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def status_label(self) -> str:
        return LINE_STATUS_LABELS.get(self.status, self.status)


class DealLineNumber(models.Model):
    """A number the line takes orders on, over the period it was in use."""

    line = models.ForeignKey(CountyLine, on_delete=models.CASCADE, related_name="numbers")
    phone = models.ForeignKey(Phone, on_delete=models.PROTECT, related_name="deal_lines")
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True)
                | models.Q(valid_from__isnull=True)
                | models.Q(valid_to__gte=models.F("valid_from")),
                name="deal_line_period_in_order",
            )
        ]

    def __str__(self) -> str:
        return f"{self.phone} ({self.valid_from or '?'} – {self.valid_to or 'now'})"


class LineStatusChange(models.Model):
    """Who moved the line's status, when and why (the line's audited history)."""

    line = models.ForeignKey(CountyLine, on_delete=models.CASCADE, related_name="status_history")
    from_status = models.CharField(max_length=12, choices=LINE_STATUSES, blank=True)
    to_status = models.CharField(max_length=12, choices=LINE_STATUSES)
    changed_at = models.DateTimeField()
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.CharField(max_length=300)
    closure_type = models.CharField(max_length=1, choices=CLOSURE_TYPES, blank=True)

    class Meta:
        ordering = ["-changed_at", "-id"]


class LineMember(models.Model):
    """A person's role in a line over a period."""

    line = models.ForeignKey(CountyLine, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="line_roles")
    role = models.CharField(max_length=20, choices=MEMBER_ROLES)
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["role"]
        constraints = [
            models.UniqueConstraint(fields=["line", "person", "role"], name="line_member_unique")
        ]


class LineAddress(models.Model):
    """A place a line uses."""

    line = models.ForeignKey(CountyLine, on_delete=models.CASCADE, related_name="addresses")
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="line_uses")
    role = models.CharField(max_length=20, choices=ADDRESS_ROLES)
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["line", "location", "role"], name="line_address_unique")
        ]


CHECKBACK_RESULTS = [
    ("out_of_use", "Number still out of use"),
    ("in_use", "Number back in use"),
    ("not_possible", "Could not be checked"),
]


class CheckBack(models.Model):
    """A scheduled check that a closed line's number stays out of use (Type 1 closures)."""

    line = models.ForeignKey(CountyLine, on_delete=models.CASCADE, related_name="checkbacks")
    number = models.ForeignKey(
        DealLineNumber,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="checkbacks",
        help_text="The number checked; empty means every number of the line.",
    )
    status_change = models.ForeignKey(
        LineStatusChange,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="checkbacks",
        help_text="The closure that scheduled it, when it was scheduled automatically.",
    )
    due_on = models.DateField()
    done_on = models.DateField(null=True, blank=True)
    result = models.CharField(max_length=12, choices=CHECKBACK_RESULTS, blank=True)
    notes = models.CharField(max_length=300, blank=True)
    scheduled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["due_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(done_on__isnull=True, result="")
                | (models.Q(done_on__isnull=False) & ~models.Q(result="")),
                name="checkback_done_has_result",
            )
        ]

    def __str__(self) -> str:
        return f"Check-back due {self.due_on}"

    @property
    def is_done(self) -> bool:
        return self.done_on is not None
