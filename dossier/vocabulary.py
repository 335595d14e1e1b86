"""The fixed words of the file formats, importable without loading anything else (the
command line needs them to declare its options before any work starts)."""

EVIDENCE_TYPES = ("project", "feedback", "recognition", "metric", "talk", "learning", "other")
GOAL_STATUSES = ("planned", "in-progress", "done", "dropped")
OPEN_GOAL_STATUSES = ("planned", "in-progress")
SCHEMA_NAMES = ("config", "framework", "evidence", "goal", "page")
LAST_CHECK_IN = "last-check-in"  # `gaps --since` value: the latest check-in before as-of
# what a rebuild keeps of the output folder besides dot-files: static hosts' own files
DEFAULT_KEEP = ("CNAME", ".nojekyll", "_headers", "_redirects")
