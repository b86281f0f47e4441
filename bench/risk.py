"""Risk scores: ours against the naive baseline (rank by raw count of records) on several
simulated seeds, and how long scoring the whole demo area and a worklist page take.

``python -m bench risk --seeds 1,2,3 --scale 0.5``

Each seed runs ``linewatch evaluate --seed N --json`` in its own process (a fresh database
each time); the timing part loads one demo-sized scenario into a temporary SQLite database
and times a full scoring run (all lists and places, as a police analyst sees them) and the
worklist page, against the issue's targets (30 s, 300 ms).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

LISTS = ("cuckooing", "victims", "enablers")
DEFAULT_SEEDS = (1, 2, 3)
SCORING_TARGET_S = 30.0
PAGE_TARGET_MS = 300.0


def evaluate_seed(seed: int, weeks: int, scale: float) -> dict[str, Any]:
    command = [
        sys.executable, "-m", "linewatch", "evaluate", "--seed", str(seed),
        "--weeks", str(weeks), "--scale", str(scale), "--json",
    ]  # fmt: skip
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    done = subprocess.run(command, capture_output=True, text=True, check=True, env=env)
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def _fmt(value: float | None) -> str:
    return "   n/a" if value is None else f"{value:6.2f}"


def _mean(values: list[float | None]) -> float | None:
    kept = [v for v in values if v is not None]
    return statistics.fmean(kept) if kept else None


def run_evaluation(seeds: list[int], weeks: int, scale: float) -> None:
    results = []
    for seed in seeds:
        started = time.perf_counter()
        results.append(evaluate_seed(seed, weeks, scale))
        print(f"seed {seed}: evaluated in {time.perf_counter() - started:.0f} s", flush=True)
    print(f"\nrisk evaluation: {len(seeds)} seeds, {weeks} weeks, scale {scale}, k = 20")
    print(f"{'list':10} {'method':9} {'P@20':>6} {'R@20':>6} {'lead d':>7}   per seed P@20")
    for name in LISTS:
        for method in ("ours", "baseline"):
            rows = [r[name][method] for r in results]
            precision = _mean([r["precision_at_20"] for r in rows])
            recall = _mean([r["recall_at_20"] for r in rows])
            lead = _mean([r["median_lead_days"] for r in rows])
            per_seed = " ".join(_fmt(r["precision_at_20"]).strip() for r in rows)
            lead_text = "    n/a" if lead is None else f"{lead:7.0f}"
            print(f"{name:10} {method:9} {_fmt(precision)} {_fmt(recall)} {lead_text}   {per_seed}")
        ours = _mean([r[name]["ours"]["precision_at_20"] for r in results])
        base = _mean([r[name]["baseline"]["precision_at_20"] for r in results])
        ratio = f"{ours / base:.1f}x" if ours is not None and base else "n/a"
        print(f"{name:10} ours/baseline precision@20: {ratio}")
    target = [r["cuckooing"]["ours"]["median_lead_days"] for r in results]
    print(
        "cuckooing targets: precision@20 >= 2x baseline; median lead >= 28 days "
        f"(per seed: {', '.join('n/a' if t is None else f'{t:.0f}' for t in target)})"
    )


def run_timing(scale: float, weeks: int) -> None:
    work = Path(tempfile.mkdtemp(prefix="linewatch-bench-risk-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{work / 'risk.db'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "linewatch.web.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from linewatch.simulate import simulate
    from linewatch.web.accounts.models import User
    from linewatch.web.demo import create_demo_users, load_agencies
    from linewatch.web.intake.scenario import load_scenario
    from linewatch.web.risk.runs import compute_run

    simulate(seed=7, weeks=weeks, scale=scale, out=work / "scenario")
    call_command("migrate", interactive=False, verbosity=0)
    load_agencies()
    create_demo_users()
    summary = load_scenario(work / "scenario", register_lines=True)
    analyst = User.objects.get(username="police.analyst")
    started = time.perf_counter()
    run = compute_run(analyst)
    scoring = time.perf_counter() - started
    print(f"risk timing: scoring every list and place took {scoring:.1f} s", flush=True)
    # The view itself, as the signed-in analyst (sign-in and two-factor are not being timed).
    from django.test import RequestFactory

    from linewatch.web.risk.views import worklist

    def get() -> int:
        request = RequestFactory().get("/worklists/", {"area": "la:E07000130"})
        request.user = analyst
        return worklist(request).status_code

    get()  # warm
    times = []
    for _ in range(10):
        began = time.perf_counter()
        status = get()
        times.append((time.perf_counter() - began) * 1000)
        assert status == 200
    page = statistics.median(times)
    print(
        f"\nrisk timing (scale {scale}, {weeks} weeks, {summary.accepted:,} records): "
        f"scoring every list and place {scoring:.1f} s (target {SCORING_TARGET_S:.0f} s), "
        f"{run.entries.count():,} rows kept; worklist page median {page:.0f} ms "
        f"(target {PAGE_TARGET_MS:.0f} ms)"
    )


def run(seeds: list[int], weeks: int, scale: float, *, timing: bool = True) -> None:
    run_evaluation(seeds, weeks, scale)
    if timing:
        run_timing(1.0, 52)
