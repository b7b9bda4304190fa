"""Exchange stage planning: which agreed persons go in which stage, and why
(docs/adr/0018-stage-planner.md).

    plan = plan_stages(stages, candidates)
    plan.stages[0].received, plan.explanations[person].message
    check_plan(stages, candidates, plan.assignment())  # [] when every constraint holds
"""

from homeward.core.planning.checking import Constraint, Violation, check_plan
from homeward.core.planning.errors import (
    InfeasiblePinsError,
    PlanInputError,
    PlanningError,
    SolverError,
)
from homeward.core.planning.inputs import Candidate, Category, Direction, PersonId, Stage, StageId
from homeward.core.planning.plan import Explanation, Plan, Reason, StagePlan
from homeward.core.planning.planner import plan_stages
from homeward.core.planning.ranking import rank_key

__all__ = [
    "Candidate",
    "Category",
    "Constraint",
    "Direction",
    "Explanation",
    "InfeasiblePinsError",
    "PersonId",
    "Plan",
    "PlanInputError",
    "PlanningError",
    "Reason",
    "SolverError",
    "Stage",
    "StageId",
    "StagePlan",
    "Violation",
    "check_plan",
    "plan_stages",
    "rank_key",
]
