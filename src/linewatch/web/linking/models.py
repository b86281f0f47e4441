"""Entity resolution runs, links between records, and the analysts' review queue."""
