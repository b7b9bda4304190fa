"""Reviewers' decisions as labelled pairs for the engine (core.linkage.engine.calibrate).

Each decided task says, of every candidate it showed, whether the record (or the possible
duplicate) was that person: the chosen candidate is a match; the others, and every
candidate of a task decided "new person" or "none of these", are not. The levels are the
ones the engine showed the reviewer, kept with the task.
"""

from __future__ import annotations

from homeward.apps.intake.models import ReviewDecision, ReviewStatus, ReviewTask
from homeward.core.linkage.engine import Label

# The newest decisions only: enough to move the weights, few enough to read in a moment.
MAX_TASKS = 10_000


def review_labels(limit: int = MAX_TASKS) -> list[Label]:
    tasks = (
        ReviewTask.objects.filter(status=ReviewStatus.DECIDED)
        .exclude(decision="")
        .order_by("-decided_at", "-id")
        .values_list("decision", "decided_person_id", "candidates")[:limit]
    )
    labels: list[Label] = []
    for decision, decided_person, candidates in tasks:
        chosen = decided_person
        if decision == ReviewDecision.SAME and all(c["person_id"] != chosen for c in candidates):
            # The candidate chosen was merged since, and the task names its survivor: a
            # lone candidate was it; among several, which one is not known.
            if len(candidates) != 1:
                continue
            chosen = candidates[0]["person_id"]
        for candidate in candidates:
            same = decision == ReviewDecision.SAME and candidate["person_id"] == chosen
            levels = {c["field"]: c["level"] for c in candidate.get("contributions", ())}
            if levels:
                labels.append((levels, same))
    return labels
