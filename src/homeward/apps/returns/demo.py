"""The demo's after-return pipeline: every one of ours received in the demo exchange has a
return case (opened by the exchange itself; a database loaded before return cases existed
gets them here), and the cases are moved through their steps as eighteen months of work
would have left them: intake and examination done for all, hospital and rehabilitation
for some, debriefs and documents mostly done, payments not yet made. The moves go through
the services, in bulk as the coordinators and medical officers would make them."""

from __future__ import annotations

import random
from collections import defaultdict

from django.contrib.auth.models import User
from django.db import transaction

from homeward.apps.exchanges.choices import OutcomeChoice
from homeward.apps.exchanges.models import StageMember
from homeward.apps.returns import services
from homeward.apps.returns.models import CaseStep

# Per step: the shares of cases left in each state (the rest stays pending).
PROGRESS: tuple[tuple[str, tuple[tuple[str, float], ...]], ...] = (
    ("handover_intake", (("done", 1.0),)),
    ("medical_examination", (("done", 1.0),)),
    ("hospitalisation", (("done", 0.2), ("not_needed", 0.8))),
    ("physical_rehabilitation", (("done", 0.35), ("in_progress", 0.05), ("not_needed", 0.6))),
    ("psychological_rehabilitation", (("done", 0.85), ("in_progress", 0.15))),
    ("debrief", (("done", 0.9),)),
    ("documents", (("done", 0.75), ("in_progress", 0.1))),
)


def open_missing_cases(actor: User) -> int:
    """A case for every one of ours received in a stage who has none."""
    members = StageMember.objects.filter(
        outcome=OutcomeChoice.RECEIVED, return_case__isnull=True
    ).select_related("person", "stage")
    opened = 0
    for member in members:
        with transaction.atomic():
            services.open_case_for_exchange(actor=actor, member=member)
        opened += 1
    return opened


def returns_demo_loaded() -> bool:
    return CaseStep.objects.exclude(state="pending").exists()


def load_returns_demo(*, coordinator: User, medic: User, seed: int = 6) -> dict[str, int]:
    """Open what is missing, then move the pending cases' steps; returns the counts."""
    opened = open_missing_cases(coordinator)
    if returns_demo_loaded():
        return {"opened": opened, "moved": 0}
    rng = random.Random(seed)
    actors = {"return_coordinator": coordinator, "medical_officer": medic}
    moved = 0
    for kind, shares in PROGRESS:
        groups: dict[tuple[str, str], list[int]] = defaultdict(list)
        for step_id, owner in (CaseStep.objects.filter(kind=kind, case__closed_at__isnull=True)
                               .order_by("pk").values_list("pk", "owner_role")):  # fmt: skip
            draw, floor = rng.random(), 0.0
            for state, share in shares:
                floor += share
                if draw < floor:
                    groups[(owner, state)].append(step_id)
                    break
        for (owner, state), ids in groups.items():
            moved += services.update_steps(actor=actors[owner], step_ids=ids, state=state)
    return {"opened": opened, "moved": moved}
