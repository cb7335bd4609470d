"""Which point goes to which project: round-robin over the first N projects, or the picked ones."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..stack import TechStack


@dataclass(frozen=True)
class Placement:
    """One point and the project it goes to."""

    tech: str
    point: str
    project: int  # index among the target projects (document order)


def plan_points(stacks: Sequence[TechStack], targets: int) -> list[Placement]:
    """Spread the points over ``targets`` projects in turn, so counts differ by at most one."""
    if targets < 1:
        return []
    points = [(s.name, p) for s in stacks for p in s.points]
    return [Placement(tech, point, i % targets) for i, (tech, point) in enumerate(points)]


_PICK_PART = re.compile(r"^(\d{1,4})(?:-(\d{1,4}))?$")
_PICK_SPLIT = re.compile(r"[,;\s]+")
_RANGE_DASH = re.compile(r"\s*[-–]\s*")
MAX_PICKED = 200  # more numbers than any resume has entries or lists


def parse_pick(text: str) -> tuple[int, ...] | None:
    """Numbers as people write them, "1,3,4", "2-4", "1; 3" -> (1, 3, 4); None when empty.

    The numbers are counted from 1, in document order; repeats are dropped. ``ValueError``
    (with what was wrong) when the text is not such a list.
    """
    numbers: set[int] = set()
    for part in _PICK_SPLIT.split(_RANGE_DASH.sub("-", text.strip())):
        if not part:
            continue
        m = _PICK_PART.match(part)
        if m is None:
            raise ValueError(f"'{part}' is not a number")
        first, last = int(m.group(1)), int(m.group(2) or m.group(1))
        if first < 1 or last < 1:
            raise ValueError("the numbers start at 1")
        if last < first:
            raise ValueError(f"'{part}' counts down")
        if last - first >= MAX_PICKED or len(numbers) + last - first >= MAX_PICKED:
            raise ValueError(f"more than {MAX_PICKED} numbers")
        numbers.update(range(first, last + 1))
    return tuple(sorted(numbers)) if numbers else None


__all__ = ["MAX_PICKED", "Placement", "parse_pick", "plan_points"]
