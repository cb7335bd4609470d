"""Heading and date readers on text no heading has: long runs of spaces, digits and marks."""

from __future__ import annotations

import pytest

from resume_customizer.resume.detect import SectionKind, has_date_range, section_kind


@pytest.mark.parametrize(
    "text",
    [
        "1" + " " * 50_000 + "x",
        "Experience " + " " * 50_000 + "10 years",
        "(" * 20_000 + "a",
        "2020 " * 10_000,
    ],
    ids=["spaces", "experience-then-spaces", "brackets", "years"],
)
def test_no_paragraph_of_any_length_reads_as_a_section_heading(text: str) -> None:
    # These once backtracked for seconds in the heading qualifier pattern ("10 + years").
    assert section_kind(text) is None


def test_a_heading_with_a_spaced_count_of_years_is_still_read() -> None:
    assert section_kind("Experience (10 +   years)") is SectionKind.EXPERIENCE
    assert section_kind("PROFESSIONAL EXPERIENCE – 8+ YRS") is SectionKind.EXPERIENCE


def test_date_ranges_are_found_in_long_lines_and_not_in_lines_without_a_digit() -> None:
    assert has_date_range("x" * 40_000 + " Jan 2020 – Present")
    assert not has_date_range("Present " * 5_000)
