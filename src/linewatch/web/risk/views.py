"""Worklists per local authority and NPA, why a row ranks where it does, decisions; alerts."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from linewatch.core.access import Role
from linewatch.core.geography import AUTHORITIES, lookup_authority, npa_map
from linewatch.core.geography.errors import UnknownAuthority
from linewatch.web.access import filter_visible
from linewatch.web.audit.trail import record as audit
from linewatch.web.events.models import Event
from linewatch.web.forms_govuk import GovukFormMixin
from linewatch.web.lines.models import CountyLine
from linewatch.web.pole.models import Location, Person
from linewatch.web.risk.alerts import subject_record
from linewatch.web.risk.models import DECISIONS, LISTS, Alert, RiskDecision, RiskEntry
from linewatch.web.risk.rescoring import stored_run
from linewatch.web.risk.runs import sees_enablers

ROWS = 20
LIST_LABELS = dict(LISTS)
MODELS: dict[str, type[Model]] = {
    "location": Location,
    "person": Person,
    "event": Event,
    "countyline": CountyLine,
}
NO_WORKLISTS = (Role.ADMINISTRATOR, Role.AUDITOR)


class DecisionForm(GovukFormMixin, forms.Form):  # type: ignore[misc]
    decision = forms.ChoiceField(
        label="What has been decided?",
        choices=DECISIONS,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what has been decided"},
    )
    note = forms.CharField(
        label="Why, and who will do it",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say why, and who will do it"},
    )


def _allowed(request: HttpRequest) -> Any:
    user: Any = request.user
    if user.role in NO_WORKLISTS or not user.agency_id:
        raise PermissionDenied("Worklists are for partnership practitioners, analysts and police.")
    return user


def _area_choices() -> list[tuple[str, str]]:
    choices = [(f"la:{a.code}", a.name) for a in AUTHORITIES]
    choices += [(f"npa:{name}", f"{name} (NPA)") for name in npa_map().names]
    return choices


def _default_area(user: Any) -> str:
    areas = list(user.areas or []) or list(user.agency.areas or [])
    return (
        f"la:{areas[0]}" if len(areas) == 1 else "la:E06000016" if not areas else f"la:{areas[0]}"
    )


def _area_filter(area: str) -> tuple[dict[str, str], str]:
    kind, _, value = area.partition(":")
    if kind == "la":
        try:
            return {"area_code": value}, lookup_authority(value).name
        except UnknownAuthority:
            raise Http404("No such local authority.") from None
    if kind == "npa" and value in npa_map().names:
        return {"npa": value}, f"{value} neighbourhood policing area"
    raise Http404("No such area.")


def _visible_keys(user: Any, keys: list[str]) -> set[str]:
    """Which ``model:pk`` keys the user may see in full (defence in depth over the run)."""
    by_model: dict[str, list[int]] = {}
    for key in keys:
        kind, _, pk = key.partition(":")
        if kind in MODELS and pk.isdigit():
            by_model.setdefault(kind, []).append(int(pk))
    visible = set()
    for kind, pks in by_model.items():
        queryset = filter_visible(user, MODELS[kind].objects.filter(pk__in=pks))  # type: ignore[attr-defined]
        visible |= {f"{kind}:{pk}" for pk in queryset.values_list("pk", flat=True)}
    return visible | {k for k in keys if k.startswith("cell:")}


def worklist(request: HttpRequest) -> HttpResponse:
    user = _allowed(request)
    area = request.GET.get("area") or _default_area(user)
    where, area_name = _area_filter(area)
    stored = stored_run(
        user, in_request=True
    )  # never scores here: a stale run is shown and rescored apart
    run = stored.run
    lists = ["cuckooing", "victims"] + (["enablers"] if sees_enablers(user) else []) + ["places"]
    sections: list[dict[str, Any]] = []
    all_keys: list[str] = []
    for name in lists:
        entries = run.entries.filter(list_name=name, **where) if run else RiskEntry.objects.none()
        rows = list(entries.order_by("-score", "id")[:ROWS])
        all_keys += [r.subject_key for r in rows]
        sections.append({"name": name, "label": LIST_LABELS[name], "rows": rows})
    visible = _visible_keys(user, all_keys)
    for section in sections:
        section["rows"] = [r for r in section["rows"] if r.subject_key in visible]
    latest: dict[str, str] = {}
    for key, value in (
        RiskDecision.objects.filter(subject_key__in=all_keys)
        .order_by("-decided_at", "-id")
        .values_list("subject_key", "decision")
    ):
        latest.setdefault(key, dict(DECISIONS).get(value, value))
    for section in sections:
        for row in section["rows"]:
            row.decision_label = latest.get(row.subject_key, "")
    audit(
        "consultation",
        "worklist",
        [r.subject_key for s in sections for r in s["rows"]][:200],
        f"worklist for {area_name}",
        request=request,
    )
    return render(
        request,
        "risk/worklist.html",
        {
            "area": area,
            "area_name": area_name,
            "areas": _area_choices(),
            "sections": sections,
            "run": run,
            "stored": stored,
            "open_alerts": _alerts_for(user).filter(acknowledged_at=None).count(),
        },
    )


@require_http_methods(["GET", "POST"])
def entry(request: HttpRequest, list_name: str, key: str) -> HttpResponse:
    user = _allowed(request)
    if list_name not in LIST_LABELS or (list_name == "enablers" and not sees_enablers(user)):
        raise Http404("No such list.")
    stored = stored_run(user, in_request=True)
    run = stored.run
    row = run.entries.filter(list_name=list_name, subject_key=key).first() if run else None
    if row is None or key not in _visible_keys(user, [key]):
        raise Http404("This is not on your worklists.")
    form = DecisionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        decision = RiskDecision.objects.create(
            list_name=list_name,
            subject_key=key,
            decision=form.cleaned_data["decision"],
            note=form.cleaned_data["note"],
            score_at_decision=row.score,
            decided_by=user,
            agency=user.agency,
        )
        audit(
            "alteration",
            "risk_decision",
            [decision.pk],
            f"decision '{decision.get_decision_display()}' on {LIST_LABELS[list_name]} {key}",
            request=request,
            justification=decision.note,
        )
        messages.success(request, f"Decision recorded: {decision.get_decision_display()}.")
        return redirect("risk:entry", list_name=list_name, key=key)
    records = [r for f in row.factors for r in f["records"]]
    visible = _visible_keys(user, records)
    audit(
        "consultation",
        "worklist_entry",
        [key],
        f"why {row.label} ranks on {LIST_LABELS[list_name]}",
        request=request,
    )
    return render(
        request,
        "risk/entry.html",
        {
            "row": row,
            "list_name": list_name,
            "list_label": LIST_LABELS[list_name],
            "factors": [
                {**f, "shown": [_record_link(r, r in visible) for r in f["records"]]}
                for f in row.factors
            ],
            "form": form,
            "decisions": RiskDecision.objects.filter(subject_key=key).select_related(
                "decided_by", "agency"
            ),
            "run": run,
            "stored": stored,
            "subject_url": _subject_url(key),
        },
    )


def _record_link(key: str, visible: bool) -> dict[str, str]:
    kind, _, pk = key.partition(":")
    prefix = {"event": "/events/", "person": "/people/", "location": "/locations/",
              "countyline": "/lines/"}.get(kind)  # fmt: skip
    if not visible or prefix is None:
        return {"text": "a record you cannot open", "url": ""}
    return {"text": f"{kind.replace('countyline', 'line')} {pk}", "url": f"{prefix}{pk}/"}


def _subject_url(key: str) -> str:
    kind, _, pk = key.partition(":")
    return {"location": f"/locations/{pk}/", "person": f"/people/{pk}/"}.get(kind, "")


def _alerts_for(user: Any) -> Any:
    areas = list(user.areas or []) or list(user.agency.areas or [])
    alerts = Alert.objects.all()
    return alerts.filter(area_code__in=areas) if areas else alerts


def alerts(request: HttpRequest) -> HttpResponse:
    user = _allowed(request)
    show = request.GET.get("show", "open")
    queryset = _alerts_for(user)
    if show == "open":
        queryset = queryset.filter(acknowledged_at=None)
    rows = list(queryset.select_related("acknowledged_by")[:200])
    visible = _visible_keys(user, [a.subject_key for a in rows])
    rows = [a for a in rows if a.subject_key in visible or a.subject_key.startswith("cell:")]
    audit("consultation", "alert", [a.pk for a in rows], "alert queue", request=request)
    return render(request, "risk/alerts.html", {"alerts": rows, "show": show})


@require_POST
def acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    user = _allowed(request)
    alert = _alerts_for(user).filter(pk=pk).first()
    if alert is None or alert.subject_key not in _visible_keys(user, [alert.subject_key]):
        raise Http404("No such alert in your queue.")
    if alert.acknowledged_at is None:
        alert.acknowledged_by = user
        alert.acknowledged_at = timezone.now()
        alert.acknowledgement_note = request.POST.get("note", "")[:300]
        alert.save(update_fields=["acknowledged_by", "acknowledged_at", "acknowledgement_note"])
        audit(
            "alteration",
            "alert",
            [alert.pk],
            f"acknowledged alert: {alert.summary}",
            request=request,
            justification=alert.acknowledgement_note,
        )
        messages.success(request, "Alert acknowledged.")
    else:
        messages.info(request, "That alert was already acknowledged.")
    return redirect("risk:alerts")


__all__ = ["acknowledge", "alerts", "entry", "subject_record", "worklist"]
