"""The network page, its JSON, GraphML and i2 exports, and proposed clusters."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from linewatch.core.network import (
    DEFAULT_NODE_CAP,
    build_graph,
    detect_clusters,
    to_graphml,
    to_i2_csv,
)
from linewatch.web.access import filter_visible
from linewatch.web.audit.trail import record as audit
from linewatch.web.intel.submission import can_grade_queue
from linewatch.web.lines.models import CountyLine, DealLineNumber
from linewatch.web.network.collect import READ_LIMIT, collect_all
from linewatch.web.network.forms import ExportForm, NetworkFilterForm, split_kinds
from linewatch.web.network.service import (
    NetworkView,
    cytoscape_elements,
    network_around,
    node_marker,
)
from linewatch.web.pole.models import Phone

CLUSTER_DAYS = 365
EXPORTS = {
    "graphml": ("application/graphml+xml", "graphml"),
    "i2": ("text/csv; charset=utf-8", "csv"),
}


def _filter(request: HttpRequest) -> NetworkFilterForm | None:
    if "centre" not in request.GET:
        return None
    return NetworkFilterForm(split_kinds(request.GET))


def _view(request: HttpRequest, form: NetworkFilterForm, cap: int | None = None) -> NetworkView:
    data = form.cleaned_data
    options: dict[str, Any] = {
        "depth": data["depth"],
        "start": data.get("from"),
        "end": data.get("to"),
        "kinds": data.get("kinds") or None,
    }
    options["cap"] = cap or getattr(settings, "LINEWATCH_NETWORK_NODE_CAP", DEFAULT_NODE_CAP)
    view = network_around(request.user, data["centre"], **options)
    if view is None:
        raise Http404("No record with that reference, or you may not see it.")
    return view


def _consulted(request: HttpRequest, view: NetworkView, what: str) -> None:
    audit(
        "consultation",
        "network",
        [view.centre],
        f"Viewed the network around {view.centre} ({what}, {view.graph.number_of_nodes()} nodes)",
        request=request,
    )


def _centres(request: HttpRequest) -> list[DealLineNumber]:
    """Deal lines of lines the viewer may see, as starting points."""
    lines = filter_visible(request.user, CountyLine.objects.all()).values("pk")
    phones = filter_visible(request.user, Phone.objects.all())
    return list(
        DealLineNumber.objects.filter(line_id__in=lines, phone_id__in=phones.values("pk"))
        .select_related("line", "phone")
        .order_by("line__name", "-valid_from")[:50]
    )


RECORD_PAGES = {"person": "people:detail", "location": "locations:detail", "line": "lines:detail"}


def _record_url(node: str) -> str:
    kind, _, pk = node.partition(":")
    if kind in RECORD_PAGES and pk.isdigit():
        return reverse(RECORD_PAGES[kind], args=[int(pk)])
    return ""


def network_page(request: HttpRequest) -> HttpResponse:
    form = _filter(request)
    if form is None or not form.is_valid():
        return render(
            request,
            "network/network.html",
            {"form": form or NetworkFilterForm(), "centres": _centres(request), "view": None},
        )
    view = _view(request, form)
    _consulted(request, view, "page")
    nodes = sorted(view.graph.nodes(data=True), key=lambda n: (n[1]["type"], n[1]["label"]))
    edges = sorted(
        view.graph.edges(data=True), key=lambda e: (-e[2]["weight"], str(e[0]), str(e[1]))
    )
    labels = {n: d["label"] for n, d in view.graph.nodes(data=True)}
    query = request.GET.urlencode()
    return render(
        request,
        "network/network.html",
        {
            "form": form,
            "view": view,
            "nodes": [(n, d, node_marker(n, d), _record_url(n)) for n, d in nodes],
            "edges": [(labels[a], labels[b], d) for a, b, d in edges],
            "roles": view.roles,
            "export_form": ExportForm(),
            "json_url": f"{reverse('network:json')}?{query}",
            "query": query,
            "filters": form.cleaned_data,
        },
    )


def network_json(request: HttpRequest) -> HttpResponse:
    form = _filter(request)
    if form is None:
        return JsonResponse({"errors": {"centre": ["Give a centre, e.g. phone:12."]}}, status=400)
    if not form.is_valid():
        return JsonResponse({"errors": form.errors.get_json_data()}, status=400)
    view = _view(request, form)
    _consulted(request, view, "JSON")
    return JsonResponse(cytoscape_elements(view))


def network_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """GraphML or i2 CSV of the network: a disclosure, logged with the reason given."""
    if fmt not in EXPORTS:
        raise Http404("Unknown export format.")
    form = _filter(request)
    reason = ExportForm(request.GET if "reason" in request.GET else None)
    if form is None or not form.is_valid() or not reason.is_valid():
        return render(
            request,
            "network/export.html",
            {"form": form or NetworkFilterForm(), "export_form": reason, "fmt": fmt},
            status=400 if request.GET else 200,
        )
    view = _view(request, form, cap=READ_LIMIT)
    content_type, extension = EXPORTS[fmt]
    body = to_graphml(view.graph) if fmt == "graphml" else to_i2_csv(view.graph).encode("utf-8")
    name = f"network-{view.centre.replace(':', '-')}-{timezone.localdate():%Y%m%d}.{extension}"
    audit(
        "disclosure",
        "network",
        [view.centre, *sorted(view.graph.nodes)][:1000],
        f"Exported the network around {view.centre} as {fmt} "
        f"({view.graph.number_of_nodes()} nodes, {view.graph.number_of_edges()} links)",
        request=request,
        justification=reason.cleaned_data["reason"],
        recipients=reason.cleaned_data.get("recipients", ""),
    )
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def cluster_list(request: HttpRequest) -> HttpResponse:
    """Communities of the last year's records that look like lines (police analysts)."""
    if not can_grade_queue(request.user):
        raise PermissionDenied("Only police intelligence analysts review proposed clusters.")
    start = timezone.localdate() - dt.timedelta(days=CLUSTER_DAYS)
    collected = collect_all(request.user, start=start)
    graph = build_graph(collected.nodes.values(), collected.occurrences.values(), start=start)
    clusters = [c for c in detect_clusters(graph, seed=0) if c.looks_like_line][:30]
    audit(
        "consultation",
        "network",
        ["clusters"],
        f"Viewed {len(clusters)} proposed clusters",
        request=request,
    )
    rows = []
    for cluster in clusters:
        people = [
            (n, graph.nodes[n], node_marker(n, graph.nodes[n]))
            for n in cluster.nodes
            if graph.nodes[n]["type"] == "person"
        ]
        deal_lines = [(n, graph.nodes[n]["label"]) for n in cluster.deal_lines]
        rows.append((cluster, people, deal_lines))
    return render(request, "network/clusters.html", {"rows": rows, "start": start})
