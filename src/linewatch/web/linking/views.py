"""The review queue, the pair page (decide, un-link), the merged profile and the run list."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from linewatch.core.access import Decision
from linewatch.web.access import decide_for, visible_or_redacted
from linewatch.web.audit.trail import record as audit
from linewatch.web.linking.decisions import (
    VERBS,
    DecisionConflict,
    DecisionNotAllowed,
    can_review,
    decide,
)
from linewatch.web.linking.entities import entity_members, entity_of_persons
from linewatch.web.linking.forms import MAX_REASON, DecisionForm
from linewatch.web.linking.models import LINKED, LinkageRun, PersonLink
from linewatch.web.linking.runs import mark_interrupted_runs, run_in_progress, run_linkage
from linewatch.web.listing import Entry, entries, policy_object, querystring_without_page
from linewatch.web.pole.models import Person

PEOPLE = Person.objects.select_related("owning_agency", "home__owning_agency").prefetch_related(
    "aliases", "phone_links__phone__owning_agency"
)


@dataclass(frozen=True)
class PairRow:
    link: PersonLink
    left: Entry
    right: Entry

    @property
    def both_visible(self) -> bool:
        return self.left.visible and self.right.visible


def _pairs_for(user: Any) -> Any:
    """Pairs whose two records the user may at least know of (hidden ones are left out)."""
    known = visible_or_redacted(user, Person.objects.all()).values("pk")
    return PersonLink.objects.filter(left_id__in=known, right_id__in=known).select_related(
        "left__owning_agency", "right__owning_agency", "decided_by"
    )


def _row(user: Any, link: PersonLink) -> PairRow | None:
    left = entries(user, [link.left], "person record")
    right = entries(user, [link.right], "person record")
    if not left or not right:
        return None
    return PairRow(link, left[0], right[0])


def _require_reviewer(request: HttpRequest) -> None:
    if not can_review(request.user):
        raise PermissionDenied("Only police intelligence analysts review linked records.")


def review_queue(request: HttpRequest) -> HttpResponse:
    """Pairs the linkage was unsure of, most likely first."""
    _require_reviewer(request)
    queryset = _pairs_for(request.user).filter(outcome="review").order_by("-probability", "id")
    page = Paginator(queryset, settings.LINEWATCH_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [row for link in page.object_list if (row := _row(request.user, link)) is not None]
    return render(
        request,
        "linking/queue.html",
        {
            "page_obj": page,
            "rows": rows,
            "last_run": LinkageRun.objects.filter(status="finished").first(),
            "querystring": querystring_without_page(request),
        },
    )


@require_http_methods(["GET", "POST"])
def pair_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Two records side by side, what drove their score, and the decision."""
    _require_reviewer(request)
    link = _pairs_for(request.user).filter(pk=pk).first()
    row = _row(request.user, link) if link is not None else None
    if link is None or row is None:
        raise Http404("No pair with that reference, or you may not see it.")
    audit(
        "consultation",
        "person",
        [link.left_id, link.right_id],
        f"Opened pair {link.pk} for review"
        + ("" if row.both_visible else " (one or both records as stubs only)"),
        request=request,
    )
    form, conflict = None, ""
    if row.both_visible:
        form, conflict, done = _take_decision(request, link)
        if done is not None:
            return done
    elif request.method == "POST":
        raise PermissionDenied("You may not decide on a pair whose records you cannot read.")
    weights = sorted(
        ((name, link.comparisons.get(name, ""), weight) for name, weight in link.weights.items()),
        key=lambda item: -abs(item[2]),
    )
    return render(
        request,
        "linking/pair.html",
        {
            "link": link,
            "row": row,
            "people": _cards(row),
            "weights": weights,
            "form": form,
            "conflict": conflict,
            "history": link.decisions.select_related("decided_by"),
            "still_joined": link.outcome in ("rejected", "unlinked")
            and len(set(entity_of_persons([link.left_id, link.right_id]).values())) == 1,
        },
    )


def _take_decision(
    request: HttpRequest, link: PersonLink
) -> tuple[DecisionForm, str, HttpResponse | None]:
    """The decision form; on POST, the decision taken (a redirect) or why not."""
    form = DecisionForm(
        request.POST or None, outcome=link.outcome, initial={"version": link.version}
    )
    if request.method != "POST":
        return form, "", None
    seen = request.POST.get("version", "")
    try:
        if seen.isdigit() and int(seen) != link.version:
            raise DecisionConflict(link)  # decided by someone else since the page was opened
        if not form.is_valid():
            return form, "", None
        data = form.cleaned_data
        decide(
            request.user,
            link.pk,
            data["decision"],
            data["reason"],
            data["version"],
            request=request,
        )
    except DecisionConflict as error:
        link.refresh_from_db()
        # Keep what the analyst wrote; the choices follow the pair as it is now.
        reason = request.POST.get("reason", "")[:MAX_REASON]
        fresh = DecisionForm(
            initial={"reason": reason, "version": link.version}, outcome=link.outcome
        )
        return fresh, str(error), None
    except DecisionNotAllowed as error:
        form.add_error("decision", str(error))
        return form, "", None
    messages.success(request, f"{VERBS[data['decision']]}. Pair {link.pk} saved.")
    if data["decision"] == "confirmed":
        return form, "", redirect("linking:profile", pk=link.left_id)
    return form, "", redirect("linking:pair", pk=link.pk)


def _cards(row: PairRow) -> list[Any]:
    """The two records with their aliases and phones (only when both are visible)."""
    if not row.both_visible:
        return []
    by_pk = {p.pk: p for p in PEOPLE.filter(pk__in=[row.link.left_id, row.link.right_id])}
    return [by_pk[row.link.left_id], by_pk[row.link.right_id]]


def merged_profile(request: HttpRequest, pk: int) -> HttpResponse:
    """Every record of the person's resolved entity that the viewer may know of."""
    person, stub = policy_object(
        request, Person.objects.select_related("home"), pk, "person record"
    )
    if stub:
        audit(
            "consultation",
            "person",
            [pk],
            f"Viewed linked profile of {pk} (stub only)",
            request=request,
        )
        return render(request, "redacted_detail.html", {"stub": stub, "title": "Person record"})
    members = entity_members(pk)
    user = request.user
    rows = entries(user, PEOPLE.filter(pk__in=members).order_by("pk"), "person record")
    shown = [row.record for row in rows if row.visible]
    audit(
        "consultation",
        "person",
        [m for m in members if m in {p.pk for p in shown}]
        + [r.stub.reference for r in rows if r.stub],
        f"Viewed linked profile of person record {pk}: {len(shown)} records in full, "
        f"{len(rows) - len(shown)} as stubs",
        request=request,
    )
    visible_ids = {p.pk for p in shown}
    joins = [
        link
        for link in PersonLink.objects.filter(
            outcome__in=LINKED, left_id__in=visible_ids, right_id__in=visible_ids
        ).select_related("decided_by")
    ]
    return render(
        request,
        "linking/profile.html",
        {
            "person": person,
            "rows": rows,
            "names": sorted(
                {p.display_name for p in shown} | {a.name for p in shown for a in p.aliases.all()}
            ),
            "dobs": sorted({p.dob_display for p in shown if p.dob_year}),
            "homes": sorted({str(p.home) for p in shown if _sees(user, p.home)}),
            "phones": sorted(
                {
                    pl.phone.e164
                    for p in shown
                    for pl in p.phone_links.all()
                    if _sees(user, pl.phone)
                }
            ),
            "agencies": sorted({p.owning_agency.name for p in shown}),
            "joins": joins,
            "can_review": can_review(request.user),
        },
    )


def _sees(user: Any, record: Any) -> bool:
    return record is not None and decide_for(user, record) is Decision.VISIBLE


@require_http_methods(["GET", "POST"])
def run_list(request: HttpRequest) -> HttpResponse:
    """The linkage runs (no personal data); a POST links the records not yet linked."""
    _require_reviewer(request)
    if request.method == "POST":
        if run_in_progress():
            messages.error(request, "A linkage run is already in progress; try again later.")
            return redirect("linking:runs")
        try:
            run = run_linkage("incremental", user=request.user, request=request)
        except Exception as error:  # the run is recorded as failed, with nothing written
            messages.error(request, f"The linkage run failed and wrote nothing: {error}")
        else:
            messages.success(request, f"{run.summary}.")
        return redirect("linking:runs")
    mark_interrupted_runs()
    page = Paginator(LinkageRun.objects.select_related("started_by"), 25).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "linking/runs.html",
        {"page_obj": page, "querystring": querystring_without_page(request)},
    )
