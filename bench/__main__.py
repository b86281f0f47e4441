"""``python -m bench [BENCHMARK] [options]``: run the benchmarks, print ours, the peer's, the ratio.

With no benchmark named, every benchmark runs at its quick default size.
"""

from __future__ import annotations

import argparse
import sys

from bench import campaign, hotspots, import_police_uk, linking, load_events, network, report
from bench.databases import BACKENDS
from bench.simulated import scenario_for

QUICK_EVENTS = 50_000


def _backends(text: str) -> list[str]:
    names = [name.strip() for name in text.split(",") if name.strip()]
    unknown = sorted(set(names) - set(BACKENDS))
    if unknown:
        raise argparse.ArgumentTypeError(
            f"unknown backend {', '.join(unknown)}; choose from {', '.join(BACKENDS)}"
        )
    return names


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    benchmarks = top.add_subparsers(dest="benchmark")
    load = benchmarks.add_parser(
        "load", help="load simulated events through our loader and through a plain bulk insert"
    )
    load.add_argument(
        "--events",
        type=int,
        default=QUICK_EVENTS,
        help=f"about how many events to simulate and load (default {QUICK_EVENTS:,}; "
        "the quoted figure uses 1000000)",
    )
    load.add_argument(
        "--backend",
        type=_backends,
        default=list(BACKENDS),
        help="comma-separated: sqlite,postgresql (default both)",
    )
    load.add_argument("--seed", type=int, default=1, help="simulator seed (default 1)")
    police = benchmarks.add_parser(
        "police-uk",
        help="import police.uk street rows with full validation against executemany/COPY "
        "and DuckDB read_csv",
    )
    police.add_argument(
        "--rows",
        type=int,
        default=import_police_uk.DEFAULT_ROWS,
        help=f"how many rows to import (default {import_police_uk.DEFAULT_ROWS:,}; "
        "the quoted figure uses 1000000)",
    )
    police.add_argument(
        "--backend",
        type=_backends,
        default=list(BACKENDS),
        help="comma-separated: sqlite,postgresql (default both)",
    )
    spots = benchmarks.add_parser(
        "hotspots",
        help="Gi* against esda (weights + G_Local, and 999 permutations) and kernel density "
        "against scikit-learn's KernelDensity and the exact sum, on a BNG grid over LLR",
    )
    spots.add_argument(
        "--points",
        type=int,
        default=hotspots.DEFAULT_POINTS,
        help=f"how many points (default {hotspots.DEFAULT_POINTS:,}; "
        "the quoted figure uses 1000000)",
    )
    spots.add_argument(
        "--cell", type=float, default=hotspots.DEFAULT_CELL_M, help="cell size in metres (250)"
    )
    spots.add_argument(
        "--bandwidth",
        type=float,
        default=hotspots.DEFAULT_BANDWIDTH_M,
        help="kernel bandwidth (standard deviation) in metres (500)",
    )
    spots.add_argument("--seed", type=int, default=1, help="seed of the synthetic points (1)")
    spots.add_argument(
        "--police-uk",
        action="store_true",
        help="use the police.uk street files' points, repeated, instead of synthetic ones",
    )
    link = benchmarks.add_parser(
        "linking",
        help="person linkage: ours vs plain Splink and recordlinkage on FEBRL3/4, ours vs "
        "plain Splink on the simulated agencies' persons feeds",
    )
    link.add_argument(
        "--datasets",
        type=_datasets,
        default=list(linking.DATASETS),
        help=f"comma-separated: {','.join(linking.DATASETS)} (default all)",
    )
    link.add_argument("--seed", type=int, default=1, help="simulator seed (default 1)")
    link.add_argument("--weeks", type=int, default=52, help="simulated weeks (default 52)")
    link.add_argument(
        "--scale", type=float, default=1.0, help="simulator scale (default 1: ~9k person records)"
    )
    link.add_argument(
        "--with-ssn",
        action="store_true",
        help="also run Splink's documented FEBRL model with soc_sec_id, as a reference",
    )
    link.add_argument(
        "--records",
        type=int,
        default=100_000,
        help="size of the synthetic people dataset (default 100000)",
    )
    link.add_argument(
        "--ours-only", action="store_true", help="skip the peers (e.g. for a million records)"
    )
    camp = benchmarks.add_parser(
        "campaign",
        help="prepare a diversion campaign (ours vs a naive phonenumbers loop) and send one "
        "through the local Notify test server at a configured rate",
    )
    camp.add_argument(
        "--numbers",
        type=int,
        default=campaign.DEFAULT_NUMBERS,
        help=f"contact-list rows to prepare (default {campaign.DEFAULT_NUMBERS:,})",
    )
    camp.add_argument(
        "--send",
        type=int,
        default=campaign.DEFAULT_SENDS,
        help=f"messages to send, at most 1000; 0 to skip (default {campaign.DEFAULT_SENDS})",
    )
    camp.add_argument(
        "--rate",
        type=float,
        default=campaign.DEFAULT_RATE,
        help=f"configured sends a second (default {campaign.DEFAULT_RATE:g})",
    )
    rep = benchmarks.add_parser(
        "report",
        help="generate one LA's quarterly report (PDF included) from a year of demo data, "
        "against the 15 s target",
    )
    rep.add_argument(
        "--scale", type=float, default=1.0, help="demo scenario scale (default 1, the demo)"
    )
    rep.add_argument("--repeats", type=int, default=2, help="runs to take the median of")
    net = benchmarks.add_parser(
        "network",
        help="clusters that look like lines on the demo year: true lines recovered and time, "
        "ours against networkx louvain and label propagation",
    )
    net.add_argument(
        "--scale", type=float, default=1.0, help="demo scenario scale (default 1, the demo)"
    )
    risk = benchmarks.add_parser(
        "risk",
        help="risk lists against simulator truth, ours vs rank-by-count, on several seeds; "
        "scoring time of the whole demo area and of a worklist page",
    )
    risk.add_argument("--seeds", default="1,2,3", help="comma-separated seeds (1,2,3)")
    risk.add_argument("--weeks", type=int, default=52, help="simulated weeks (52)")
    risk.add_argument(
        "--scale",
        type=float,
        default=2.0,
        help="simulator scale (2: the smallest at which a quarter has over 20 cuckooed addresses)",
    )
    risk.add_argument("--no-timing", action="store_true", help="skip the demo-size timing")
    web = benchmarks.add_parser(
        "web-load",
        help="locust users browsing, searching and submitting intelligence against "
        "linewatch serve on loopback (run only when named)",
    )
    web.add_argument("--users", type=int, default=50, help="concurrent users (50)")
    web.add_argument(
        "--seconds", type=int, default=60, help="measured seconds, after all signed in (60)"
    )
    web.add_argument("--scale", type=float, default=0.1, help="demo scenario scale (0.1)")
    web.add_argument("--weeks", type=int, default=26, help="demo scenario weeks (26)")
    web.add_argument("--threads", type=int, default=8, help="waitress threads per worker (8)")
    web.add_argument("--workers", type=int, default=2, help="linewatch serve processes (2)")
    web.add_argument(
        "--database", default="", help="DATABASE_URL to build in (default: a temporary SQLite)"
    )
    web.add_argument(
        "--reuse",
        action="store_true",
        help="use --database as it is when it already holds events (skip the build)",
    )
    web.add_argument(
        "--no-score",
        action="store_true",
        help="do not run linewatch score first (the database was scored already)",
    )
    web.add_argument(
        "--rescore",
        choices=("scheduled", "background"),
        default="scheduled",
        help="LINEWATCH_RISK_RESCORE for the server (default scheduled, as advised for big "
        "areas: stale runs are rescored by linewatch score --stale-only in its own process, "
        "not inside a web worker)",
    )
    web.add_argument(
        "--without-worklists",
        action="store_true",
        help="diagnostic: users do not open the worklists (measure the other pages alone)",
    )
    return top


def _datasets(text: str) -> list[str]:
    names = [name.strip() for name in text.split(",") if name.strip()]
    unknown = sorted(set(names) - set(linking.DATASETS))
    if unknown:
        raise argparse.ArgumentTypeError(
            f"unknown dataset {', '.join(unknown)}; choose from {', '.join(linking.DATASETS)}"
        )
    return names


def main(argv: list[str]) -> int:
    args = parser().parse_args(argv)
    if args.benchmark in (None, "load"):
        events = getattr(args, "events", QUICK_EVENTS)
        scenario = scenario_for(events, seed=getattr(args, "seed", 1))
        print(
            f"load: {scenario.events:,} simulated events and {scenario.person_records:,} person "
            f"records from {scenario.directory}",
            flush=True,
        )
        load_events.run(scenario, getattr(args, "backend", list(BACKENDS)))
    if args.benchmark in (None, "police-uk"):
        import_police_uk.run(
            getattr(args, "rows", import_police_uk.DEFAULT_ROWS),
            getattr(args, "backend", list(BACKENDS)),
        )
    if args.benchmark in (None, "hotspots"):
        hotspots.run(
            getattr(args, "points", hotspots.DEFAULT_POINTS),
            getattr(args, "cell", hotspots.DEFAULT_CELL_M),
            bandwidth=getattr(args, "bandwidth", hotspots.DEFAULT_BANDWIDTH_M),
            seed=getattr(args, "seed", 1),
            police_uk=getattr(args, "police_uk", False),
        )
    if args.benchmark in (None, "linking"):
        linking.run(
            getattr(args, "datasets", list(linking.DATASETS)),
            seed=getattr(args, "seed", 1),
            weeks=getattr(args, "weeks", 52),
            scale=getattr(args, "scale", 1.0),
            with_ssn=getattr(args, "with_ssn", False),
            records=getattr(args, "records", 100_000),
            ours_only=getattr(args, "ours_only", False),
        )
    if args.benchmark in (None, "campaign"):
        campaign.run(
            getattr(args, "numbers", campaign.DEFAULT_NUMBERS),
            getattr(args, "send", campaign.DEFAULT_SENDS),
            getattr(args, "rate", campaign.DEFAULT_RATE),
        )
    if args.benchmark in (None, "report"):
        report.run(getattr(args, "scale", 1.0), getattr(args, "repeats", 2))
    if args.benchmark in (None, "network"):
        network.run(getattr(args, "scale", 1.0))
    if args.benchmark == "risk":
        from bench import risk as risk_bench

        seeds = [int(s) for s in str(args.seeds).split(",") if s.strip()]
        risk_bench.run(seeds, args.weeks, args.scale, timing=not args.no_timing)
    if args.benchmark == "web-load":
        from bench import load

        return load.main(args)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
