"""Trends, hotspots, maps and the partnership reports."""
