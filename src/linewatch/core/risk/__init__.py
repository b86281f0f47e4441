"""Risk scores: cuckooing per address, people at risk (victims), enablers; explained.

Pure Python and numpy (no Django). The web app builds :class:`Subject` and :class:`Signal`
lists from the database (``web/risk/signals.py``); this package scores and explains them.
"""

from linewatch.core.risk.evaluation import AtK, at_k, lead_days, median_or_none
from linewatch.core.risk.factors import FACTORS, Factor
from linewatch.core.risk.harm import harm_days
from linewatch.core.risk.model import SCORE_LISTS, FactorScore, RiskScore, Signal, Subject
from linewatch.core.risk.scoring import OFFENCE, Scored, SignalTable, ranked, score_table
from linewatch.core.risk.weights import ListWeights, Weights, WeightsError, load_weights

__all__ = [
    "FACTORS",
    "OFFENCE",
    "SCORE_LISTS",
    "AtK",
    "Factor",
    "FactorScore",
    "ListWeights",
    "RiskScore",
    "Scored",
    "Signal",
    "SignalTable",
    "Subject",
    "Weights",
    "WeightsError",
    "at_k",
    "harm_days",
    "lead_days",
    "load_weights",
    "median_or_none",
    "ranked",
    "score_table",
]
