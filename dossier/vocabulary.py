"""The fixed words of the file formats, importable without loading anything else (the
command line needs them to declare its options before any work starts)."""

EVIDENCE_TYPES = ("project", "feedback", "recognition", "metric", "talk", "learning", "other")
GOAL_STATUSES = ("planned", "in-progress", "done", "dropped")
OPEN_GOAL_STATUSES = ("planned", "in-progress")
SCHEMA_NAMES = ("config", "framework", "evidence", "goal", "page")
LAST_CHECK_IN = "last-check-in"  # `gaps --since` value: the latest check-in before as-of
# What `site.show` names: the parts of the author's working view an audience may get
# beyond the case itself (SPEC section 8), in the order the README lists them.
SHOW_SECTIONS = (
    "status",  # each competency's status and reasons; charts shaded by status
    "readiness",
    "gaps",  # the gaps page, unanswered expectations, "no plan yet"
    "plan",  # the plan page, plan.ics, goals
    "timing",  # months left and the timing warning
    "provenance",  # first-commit dates, "recorded later", the framework since agreed
    "ladder",
    "history",  # readiness over time and the check-in agenda
    "points",
    "meta",
)
# what a rebuild keeps of the output folder besides dot-files: static hosts' own files
DEFAULT_KEEP = ("CNAME", ".nojekyll", "_headers", "_redirects")
