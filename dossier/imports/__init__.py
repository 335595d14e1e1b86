"""Evidence that comes in by itself: drafts made from git history, pull-request exports and
one-line notes, and publishing a draft once its author has reviewed it.

Everything here writes user-owned source files (never the site), and never overwrites
one: new files are opened with "x", and a file edited in place (a note appended, a draft
published) is changed only in the lines it names.
"""
