"""The recommended next step for a worklist row, from what drives its score."""

from __future__ import annotations

from datetime import date

from linewatch.core.risk.model import ADULT_AGE, RiskScore, age_on


def _points(score: RiskScore, factor: str) -> float:
    return next((f.points for f in score.factors if f.factor == factor), 0.0)


def is_child(score: RiskScore, as_of: date) -> bool:
    years = age_on(score.subject.birth, as_of)
    return years is not None and years < ADULT_AGE


def next_step(list_name: str, score: RiskScore, as_of: date) -> str:
    if list_name == "cuckooing":
        if _points(score, "vulnerable_resident") > 0:
            step = "Safeguarding visit to the resident with housing (adult at risk)"
        else:
            step = "Joint visit by neighbourhood team and housing to check the address"
        if _points(score, "drugs_nearby") + _points(score, "asb_reports") > 8:
            step += "; closure-order assessment"
        return step
    if list_name == "victims":
        if is_child(score, as_of):
            step = "Child safeguarding referral; NRM referral check"
            if _points(score, "missing_from_other_force") > 0:
                step += "; return-home interview and tell the home force"
            return step
        return "Adult safeguarding referral; NRM referral check (duty to notify)"
    if _points(score, "line_position") > 0:
        return "Disruption planning: arrest strategy, bail conditions, STPO assessment"
    return "Intelligence development: research and task collection"
