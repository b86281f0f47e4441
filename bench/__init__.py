"""Linewatch benchmarks: our code against a peer, side by side in one run, printed as ratios.

``python -m bench`` runs every benchmark with a quick default size; ``python -m bench load
--events 1000000`` gives the figure quoted in ``bench/README.md``.
"""
