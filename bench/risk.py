"""Risk scores: ours against the naive baseline (rank by raw count of records) on several
simulated seeds, and how long scoring the whole demo area and a worklist page take.

``python -m bench risk --seeds 1,2,3 --scale 2``

Each seed runs ``linewatch evaluate --seed N --json`` in its own process (a fresh database
each time). Scale 2 because there a quarter has about 20 truly cuckooed addresses among
~16,000 candidate addresses; at 0.5 it has 2-8, so precision@20 is capped at 0.1-0.4 and says
nothing. R-precision and average precision are printed beside it because they do not depend
on k. The timing part loads one demo-sized scenario into a temporary SQLite database and times
a full scoring run (all lists and places, as a police analyst sees them), the worklist page
against the issue's targets (30 s, 300 ms), and the freshness check the page makes.

``python -m bench.risk fit --seeds 11,12 --scale 2`` fits the cuckooing model
(``core/risk/logistic.py``) on seeds that are then *not* evaluated, and prints the weights
file's ``cuckooing`` section.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
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
    for r in results:
        quarters = [q for q in r["cuckooing"]["ours"]["quarters"] if not q["partial"]]
        print(
            f"seed {r['seed']} cuckooing positives per quarter "
            + ", ".join(f"{q['quarter']} {q['positives']}/{q['candidates']:,}" for q in quarters)
        )
    print(
        f"{'list':10} {'method':9} {'P@20':>6} {'cap':>6} {'R@20':>6} {'R-prec':>6} {'AP':>6} "
        f"{'lead d':>7}   per seed P@20"
    )
    for name in LISTS:
        for method in ("ours", "baseline"):
            rows = [r[name][method] for r in results]
            figures = [
                _mean([r.get(key) for r in rows])
                for key in (
                    "precision_at_20",
                    "precision_at_20_ceiling",
                    "recall_at_20",
                    "r_precision",
                    "average_precision",
                )
            ]
            lead = _mean([r["median_lead_days"] for r in rows])
            per_seed = " ".join(_fmt(r["precision_at_20"]).strip() for r in rows)
            lead_text = "    n/a" if lead is None else f"{lead:7.0f}"
            shown = " ".join(_fmt(f) for f in figures)
            print(f"{name:10} {method:9} {shown} {lead_text}   {per_seed}")
        ours = _mean([r[name]["ours"]["precision_at_20"] for r in results])
        base = _mean([r[name]["baseline"]["precision_at_20"] for r in results])
        ratio = f"{ours / base:.1f}x" if ours is not None and base else "n/a"
        print(f"{name:10} ours/baseline precision@20: {ratio}")
    target = [r["cuckooing"]["ours"]["median_lead_days"] for r in results]
    base = _mean([r["cuckooing"]["baseline"]["precision_at_20"] for r in results])
    if base and base > 0.5:
        print(
            f"cuckooing: the baseline's precision@20 is {base:.2f}, so 2x ({2 * base:.2f}) "
            "exceeds 1.0 and cannot be reached by any ranking"
        )
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
    old, new = _freshness_checks()
    print(
        f"\nrisk timing (scale {scale}, {weeks} weeks, {summary.accepted:,} records): "
        f"scoring every list and place {scoring:.1f} s (target {SCORING_TARGET_S:.0f} s), "
        f"{run.entries.count():,} rows kept; worklist page median {page:.0f} ms "
        f"(target {PAGE_TARGET_MS:.0f} ms); its freshness check: the stamp lookup "
        f"{new:.2f} ms against Max(Event.modified_at) over every event (the check before) "
        f"{old:.1f} ms, median of 10"
    )


def _freshness_checks() -> tuple[float, float]:
    """Median ms of the old freshness query and of the stamp lookup, on the same database."""
    from django.db.models import Max

    from linewatch.web.events.models import Event
    from linewatch.web.risk.freshness import last_change

    def median_ms(check: Any) -> float:
        check()
        times = []
        for _ in range(10):
            began = time.perf_counter()
            check()
            times.append((time.perf_counter() - began) * 1000)
        return statistics.median(times)

    old = median_ms(lambda: Event.objects.aggregate(latest=Max("modified_at")))
    return old, median_ms(last_change)


def run(seeds: list[int], weeks: int, scale: float, *, timing: bool = True) -> None:
    run_evaluation(seeds, weeks, scale)
    if timing:
        run_timing(1.0, 52)


def training_rows_for_seed(seed: int, weeks: int, scale: float, out: Path) -> None:
    """Simulate, ingest into a fresh SQLite database, and save the cuckooing training rows."""
    import numpy as np

    work = Path(tempfile.mkdtemp(prefix="linewatch-bench-fit-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{work / 'fit.db'}"
    from linewatch.cli.django_setup import setup_django

    setup_django()
    from django.core.management import call_command

    from linewatch.core.risk import load_weights
    from linewatch.simulate import simulate
    from linewatch.simulate.config import DEFAULT_START
    from linewatch.web.demo import load_agencies
    from linewatch.web.intake.scenario import load_scenario
    from linewatch.web.risk.evaluation import cuckooing_truth, training_rows
    from linewatch.web.risk.signals import build_inputs

    simulate(seed=seed, weeks=weeks, scale=scale, out=work / "scenario")
    call_command("migrate", interactive=False, verbosity=0)
    load_agencies()
    load_scenario(work / "scenario", register_lines=False)
    weights = load_weights()
    inputs = build_inputs(None, radius_m=weights["cuckooing"].radius_m)
    truth = cuckooing_truth(work / "scenario" / "truth")
    end = DEFAULT_START + timedelta(weeks=weeks) - timedelta(days=1)
    names, x, y = training_rows(inputs.addresses, weights, truth, DEFAULT_START, end)
    np.savez_compressed(out, names=np.array(names), x=x, y=y)


def fit(seeds: list[int], weeks: int, scale: float, l2: float) -> str:
    """Fit the cuckooing model on ``seeds`` (each ingested in its own process); YAML text."""
    import numpy as np

    from linewatch.core.risk.fitting import fit_logistic

    work = Path(tempfile.mkdtemp(prefix="linewatch-bench-fit-"))
    parts = []
    for seed in seeds:
        out = work / f"rows-{seed}.npz"
        command = [
            sys.executable, "-m", "bench.risk", "rows", "--seed", str(seed),
            "--weeks", str(weeks), "--scale", str(scale), "--out", str(out),
        ]  # fmt: skip
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        subprocess.run(command, check=True, env=env)
        parts.append(np.load(out))
    names = [str(n) for n in parts[0]["names"]]
    x = np.vstack([p["x"] for p in parts])
    y = np.concatenate([p["y"] for p in parts])
    return fitted_yaml(fit_logistic(names, x, y, l2=l2), seeds, scale, l2)


def fitted_yaml(fitted: Any, seeds: list[int], scale: float, l2: float) -> str:
    """The weights file's ``model: logistic`` settings for the cuckooing section."""
    kept = {name: round(w, 2) for name, w in sorted(fitted.weights.items()) if w >= 0.005}
    main = {n: w for n, w in kept.items() if ":" not in n and " & " not in n}
    recent = {n.split(":", 1)[1]: w for n, w in kept.items() if n.startswith("recent:")}
    pairs = {n: w for n, w in kept.items() if " & " in n}
    lines = [
        f"  # fitted by python -m bench.risk fit --seeds {','.join(map(str, seeds))} "
        f"--scale {scale} --l2 {l2}: {fitted.rows:,} rows, {fitted.positives:,} positive",
        "  model: logistic",
        f"  intercept: {fitted.intercept:.3f}",
        "  weights:",
        *(f"    {n}: {w}" for n, w in main.items()),
        "  recent_weights:",
        *(f"    {n}: {w}" for n, w in recent.items()),
        "  combinations:",
        *(f'    "{n}": {w}' for n, w in pairs.items()),
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    import argparse

    top = argparse.ArgumentParser(prog="python -m bench.risk", description=__doc__)
    sub = top.add_subparsers(dest="command", required=True)
    for name in ("fit", "rows"):
        command = sub.add_parser(name)
        command.add_argument("--weeks", type=int, default=52)
        command.add_argument("--scale", type=float, default=2.0)
        if name == "fit":
            command.add_argument("--seeds", default="11,12", help="training seeds (11,12)")
            command.add_argument("--l2", type=float, default=1e-5)
        else:
            command.add_argument("--seed", type=int, required=True)
            command.add_argument("--out", type=Path, required=True)
    args = top.parse_args(argv)
    if args.command == "rows":
        training_rows_for_seed(args.seed, args.weeks, args.scale, args.out)
    else:
        seeds = [int(s) for s in args.seeds.split(",") if s.strip()]
        print(fit(seeds, args.weeks, args.scale, args.l2))


if __name__ == "__main__":
    main()
