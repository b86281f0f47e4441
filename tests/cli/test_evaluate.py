"""``linewatch evaluate --seed N --json``: metrics for ours and the baseline, per list."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from linewatch.cli import main_group

pytestmark = pytest.mark.django_db


def test_evaluate_prints_metrics_for_ours_and_the_baseline() -> None:
    result = CliRunner().invoke(
        main_group, ["evaluate", "--seed", "3", "--weeks", "26", "--scale", "0.1", "--json"]
    )
    assert result.exit_code == 0, result.output
    metrics = json.loads(result.output)
    for name in ("cuckooing", "victims", "enablers"):
        for method in ("ours", "baseline"):
            shown = metrics[name][method]
            for key in ("precision_at_20", "recall_at_20", "median_lead_days"):
                assert key in shown
            for value in (shown["precision_at_20"], shown["recall_at_20"]):
                assert value is None or 0 <= value <= 1
            assert shown["quarters"], "one entry per quarter of the window"
            for key in ("r_precision", "average_precision", "precision_at_20_ceiling"):
                assert shown[key] is None or 0 <= shown[key] <= 1
            # a 26-week window from 6 January ends on 5 July: that stub quarter is left out
            assert [q["partial"] for q in shown["quarters"]] == [False, False, True]
    # The scenario has cuckooed homes, and ours finds at least one in its top 20.
    assert metrics["cuckooing"]["ours"]["recall_at_20"] > 0


def test_a_bad_weights_file_is_refused_with_its_reason(tmp_path: Path) -> None:
    weights = tmp_path / "weights.yaml"
    weights.write_text("cuckooing: {weights: {asb_reports: -1}}\n", encoding="utf-8")
    result = CliRunner().invoke(main_group, ["evaluate", "--seed", "1", "--weights", str(weights)])
    assert result.exit_code != 0
    assert "cannot be negative" in result.output
