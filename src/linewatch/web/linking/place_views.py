"""The review queue for locations: pairs the rules could not decide, side by side.

The person review machinery is reused: who may review (:func:`decisions.can_review`), the
decision form and its errors (:class:`forms.DecisionForm`), the version check against two
analysts deciding at once (:class:`decisions.DecisionConflict` semantics), the audit. A pair
is listed only when the analyst may see both locations in full; otherwise it is not shown
at all (a location has no stub to ask about).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from linewatch.web.access import filter_visible
from linewatch.web.audit.trail import record as audit
from linewatch.web.linking.forms import DecisionForm
from linewatch.web.linking.models import ObjectLink
from linewatch.web.linking.object_runs import resolve_objects
from linewatch.web.linking.views import _require_reviewer
from linewatch.web.pole.models import Location

PLACE_CHOICES = {
    "review": ("confirmed", "rejected"),
    "confirmed": ("rejected",),
    "rejected": ("confirmed",),
}
PLACE_LABELS = {
    "confirmed": "Confirm: these are the same place",
    "rejected": "Reject: these are different places",
}


def _visible_pairs(user: Any) -> Any:
    seen = filter_visible(user, Location.objects.all()).values("pk")
    return ObjectLink.objects.filter(kind="location", left_id__in=seen, right_id__in=seen)


def _form(link: ObjectLink, data: Any = None) -> DecisionForm:
    form = DecisionForm(data, outcome="review", initial={"version": link.version})
    field: Any = form.fields["decision"]
    field.choices = [(c, PLACE_LABELS[c]) for c in PLACE_CHOICES[link.outcome]]
    field.error_messages["required"] = "Select whether these are the same place"
    return form


def place_queue(request: HttpRequest) -> HttpResponse:
    """Location pairs awaiting review, visible to this analyst in full."""
    _require_reviewer(request)
    links = list(_visible_pairs(request.user).filter(outcome="review")[:200])
    places = Location.objects.in_bulk([i for x in links for i in (x.left_id, x.right_id)])
    rows = [(x, places[x.left_id], places[x.right_id]) for x in links]
    return render(request, "linking/place_queue.html", {"rows": rows})


def place_pair(request: HttpRequest, pk: int) -> HttpResponse:
    """One pair side by side, with the decision form."""
    _require_reviewer(request)
    link = _visible_pairs(request.user).filter(pk=pk).first()
    if link is None:
        raise Http404("No such pair of places")
    form = _form(link, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        decision = form.cleaned_data["decision"]
        with transaction.atomic():
            current = ObjectLink.objects.select_for_update().get(pk=link.pk)
            if current.version != form.cleaned_data["version"]:
                messages.error(request, "Someone decided on this pair while you had it open.")
                return redirect("linking:place_pair", pk=link.pk)
            current.outcome = decision
            current.decided_by = request.user  # type: ignore[assignment]
            current.decided_at = timezone.now()
            current.decision_reason = form.cleaned_data["reason"]
            current.version += 1
            current.save()
            audit(
                "combination",
                "location",
                [link.left_id, link.right_id],
                f"{PLACE_LABELS[decision].split(':')[0]}: locations {link.left_id} and "
                f"{link.right_id}",
                request=request,
                justification=current.decision_reason,
            )
        resolve_objects("location", user=request.user, request=request)
        messages.success(request, PLACE_LABELS[decision].replace(":", "ed:", 1))
        return redirect("linking:place_queue")
    places = Location.objects.in_bulk([link.left_id, link.right_id])
    return render(
        request,
        "linking/place_pair.html",
        {
            "link": link,
            "left": places[link.left_id],
            "right": places[link.right_id],
            "form": form,
        },
    )
