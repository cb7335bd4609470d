"""Reading tech-stack text in every shape recruiters paste."""

from __future__ import annotations

import pytest

from resume_customizer import InputError, parse_stack, parse_stack_report
from resume_customizer.stack import decode_stack_bytes


def _as_pairs(text: str) -> list[tuple[str, list[str]]]:
    return [(s.name, list(s.points)) for s in parse_stack(text)]


def test_blocks_separated_by_blank_lines_with_any_marker() -> None:
    text = (
        "Java\n• Built the ledger.\n- Tuned GC.\n\nPython\n* Wrote scripts.\n▪ Ran pytest.\n1. Added typing."
    )
    assert _as_pairs(text) == [
        ("Java", ["Built the ledger.", "Tuned GC."]),
        ("Python", ["Wrote scripts.", "Ran pytest.", "Added typing."]),
    ]


def test_blocks_without_blank_lines_split_where_the_next_name_is_recognisable() -> None:
    text = "Java\n• Built the ledger.\n• Tuned GC.\nPython\n• Wrote scripts."
    assert _as_pairs(text) == [("Java", ["Built the ledger.", "Tuned GC."]), ("Python", ["Wrote scripts."])]


def test_unmarked_points_under_a_name() -> None:
    text = "Java\nBuilt the ledger on Spring Boot.\nTuned the G1 collector.\n\nGo\nWrote a CLI in Go."
    assert _as_pairs(text) == [
        ("Java", ["Built the ledger on Spring Boot.", "Tuned the G1 collector."]),
        ("Go", ["Wrote a CLI in Go."]),
    ]


def test_colon_headings_on_their_own_line() -> None:
    text = "AWS:\nMoved batch jobs to Lambda.\nKubernetes:\n- Wrote Helm charts."
    assert _as_pairs(text) == [
        ("AWS", ["Moved batch jobs to Lambda."]),
        ("Kubernetes", ["Wrote Helm charts."]),
    ]


def test_inline_points_after_a_name_and_colon() -> None:
    text = "React: • Migrated to React Query. • Built a design system.\nGo: • Wrote a gRPC service."
    assert _as_pairs(text) == [
        ("React", ["Migrated to React Query.", "Built a design system."]),
        ("Go", ["Wrote a gRPC service."]),
    ]


def test_all_formats_mixed_in_one_text_with_crlf_line_endings() -> None:
    text = (
        "Kafka: • Built topologies. • Added schema checks.\r\n\r\n"
        "AWS:\r\n- Wrote Terraform.\r\nJava\r\n1. Upgraded to 17."
    )
    assert _as_pairs(text) == [
        ("Kafka", ["Built topologies.", "Added schema checks."]),
        ("AWS", ["Wrote Terraform."]),
        ("Java", ["Upgraded to 17."]),
    ]


def test_a_point_with_a_colon_stays_one_point_of_its_block() -> None:
    text = "Security\n• Architecture: moved every service to mTLS.\n• Audits: passed SOC 2."
    assert _as_pairs(text) == [
        ("Security", ["Architecture: moved every service to mTLS.", "Audits: passed SOC 2."])
    ]


def test_whitespace_is_normalised_duplicates_dropped_and_xml_illegal_characters_removed() -> None:
    text = "Go\n•   Wrote\ta\u00a0CLI.\x0b\n• Wrote a CLI.\n\nRust\n• Wrote a CLI."
    report = parse_stack_report(text)
    assert [(s.name, list(s.points)) for s in report.stacks] == [("Go", ["Wrote a CLI."])]
    assert any("Duplicate" in w for w in report.warnings)
    assert any("Rust" in w for w in report.warnings)  # its only point was a duplicate


def test_a_name_without_points_is_reported_not_silently_dropped() -> None:
    report = parse_stack_report("Java\n\nPython\n• Wrote scripts.")
    assert [s.name for s in report.stacks] == ["Python"]
    assert any("Java" in w and "no points" in w for w in report.warnings)


def test_points_without_any_name_are_kept_and_reported() -> None:
    report = parse_stack_report("• Built APIs.\n• Wrote tests.")
    assert [(s.name, list(s.points)) for s in report.stacks] == [("", ["Built APIs.", "Wrote tests."])]
    assert any("no tech name" in w for w in report.warnings)


@pytest.mark.parametrize("text", ["", "   \n\n", "Java", "Java:\nPython:"])
def test_an_empty_or_unreadable_stack_says_what_to_write(text: str) -> None:
    with pytest.raises(InputError) as err:
        parse_stack(text)
    message = str(err.value)
    assert "\n" not in message and "for example" in message


def test_stack_files_decode_from_utf8_with_or_without_bom_and_utf16() -> None:
    text = "Java\n• Built São Paulo’s storefront."
    for data in (text.encode(), b"\xef\xbb\xbf" + text.encode(), text.encode("utf-16")):
        assert decode_stack_bytes(data) == text


@pytest.mark.parametrize(
    "data", [b"PK\x03\x04binary", b"\x00\x01\x02", b"\xd0\xcf\x11\xe0rest", b"\xff\xfe\x00\xd8"]
)
def test_binary_stack_files_are_refused_in_one_line(data: bytes) -> None:
    with pytest.raises(InputError) as err:
        decode_stack_bytes(data)
    assert "\n" not in str(err.value)


def test_numbered_tech_names_over_bulleted_points() -> None:
    text = "1. Java\n• Built the ledger.\n• Tuned GC.\n2. Python\n• Wrote scripts."
    assert _as_pairs(text) == [("Java", ["Built the ledger.", "Tuned GC."]), ("Python", ["Wrote scripts."])]
