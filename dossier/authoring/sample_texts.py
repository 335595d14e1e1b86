"""The words of the samples `dossier init` writes: each says it is a sample and how to
make it yours."""

PROJECT_BODY = """\
This is a sample. Replace it with a real piece of work, or delete it and record your own:

```sh
dossier new evidence "What you did" -c {0}
```

Good evidence says what was at stake, what *you* did (the decisions, the writing, the
people you brought along) and what changed, with numbers and dates. One file per piece;
a few lines is enough. Write it when it happens: evidence recorded months later counts
for less.

::: private
A private block like this one is only in your own view (`dossier build -a self`).
:::
"""

FEEDBACK_BODY = """\
> "Paste what they wrote, word for word, and say where it comes from: an email, a
> review, a retrospective."

Feedback in someone else's words is some of the strongest evidence a promotion panel
sees. Ask for it soon after the work, while people remember the details.
"""

GOAL_BODY = """\
Goals are the plan: each closes a gap that `dossier gaps` shows. Agree them with your
manager, give each a deadline and a way to tell it is done, and record the result as
evidence.

Actions:

- [ ] Agree this goal and its success criteria with my manager
- [ ] The first step, with a date
- [ ] Record the outcome as evidence
"""

WHY_NOW = """\
*The business case, for the sponsor brief. Replace each prompt with a few plain
sentences a sponsor could repeat in the promotion meeting, and cut whatever you cannot
back with evidence.*

## The business need

What does the organisation need from a {target} that nobody provides today? Name the
area, what is at stake (revenue, cost, risk, customers) and the decisions that now wait
for an escalation or have no single owner.

## The benefit to the team and the company

What gets better for the people around you once the role is yours: faster decisions,
one owner for the numbers, room for others to grow into the work you hand over?

## Why me, and why now

Which of your evidence shows you already work at the {target} level? What does waiting
another cycle cost the business?
"""

BACKFILL = """\
*Who takes over your current role as {current} if you move up. A sponsor will ask: a
promotion that leaves a hole is harder to approve.*

## The successor

Who could take over your seat, and what have they already taken on?

## What they still need

| Gap | What we are doing about it | By when |
| --- | --- | --- |
| The first gap | The action | A date |

## The handover plan

What moves to them before the decision, what happens in the first month after it, and
who covers if they are not ready yet.
"""
