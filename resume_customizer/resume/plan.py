"""Which point goes to which project: round-robin over the first N projects."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..stack import TechStack


@dataclass(frozen=True)
class Placement:
    """One point and the project it goes to."""

    tech: str
    point: str
    project: int  # index among the resume's projects (document order)


def plan_points(stacks: Sequence[TechStack], targets: int) -> list[Placement]:
    """Spread the points over ``targets`` projects in turn, so counts differ by at most one."""
    if targets < 1:
        return []
    points = [(s.name, p) for s in stacks for p in s.points]
    return [Placement(tech, point, i % targets) for i, (tech, point) in enumerate(points)]


__all__ = ["Placement", "plan_points"]
