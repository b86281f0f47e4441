"""Risk scores, worklists and alerts."""
