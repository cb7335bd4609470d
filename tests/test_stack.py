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


_AWS = ("AWS", ["Built Lambda functions.", "Moved EC2 to Graviton."])
_PY = ("Python", ["Wrote FastAPI services."])


@pytest.mark.parametrize(
    "text",
    [
        # invisible characters and terminal escapes vanish; U+2028/U+2029 break lines
        "\u200bAWS:\n\ufeff• Built\u200c Lambda functions.\n\u2060• Moved EC2 to Graviton.\u200d\n\nPython:\n"
        "• Wrote \x1b[1mFastAPI\x1b[0m services.",
        "AWS:\u2028• Built Lambda functions.\u2028• Moved EC2 to Graviton.\u2029"
        "Python:\u2028• Wrote FastAPI services.",
        # Word's "o" sub-bullets, flat and nested under "•" headings
        "AWS\no\tBuilt Lambda functions.\no Moved EC2 to Graviton.\n\nPython\no\tWrote FastAPI services.",
        "•\tAWS\n\to\tBuilt Lambda functions.\n\to\tMoved EC2 to Graviton.\n"
        "•\tPython\n\to\tWrote FastAPI services.",
        "•\tAWS\no\tBuilt Lambda functions.\no\tMoved EC2 to Graviton.\n"
        "•\tPython\no\tWrote FastAPI services.",
        # Markdown emphasis
        "**AWS**\n- Built Lambda functions.\n- Moved EC2 to Graviton.\n\n"
        "**Python:**\n- Wrote FastAPI services.",
        "**AWS:** Built Lambda functions.\n**AWS:** Moved EC2 to Graviton.\n"
        "__Python__: Wrote FastAPI services.",
        "- **AWS**: Built Lambda functions.\n- **AWS**: Moved EC2 to Graviton.\n"
        "- **Python**: Wrote FastAPI services.",
        # "Tech Stack 1: X" labels
        "Tech Stack 1: AWS\n• Built Lambda functions.\n• Moved EC2 to Graviton.\n\nStack #2 - Python\n"
        "• Wrote FastAPI services.",
        # inline separators, numbered rows, a pasted table with a header row
        "AWS - Built Lambda functions.\nAWS – Moved EC2 to Graviton.\nPython | Wrote FastAPI services.",
        "1. AWS: Built Lambda functions.\n2. AWS: Moved EC2 to Graviton.\n3. Python: Wrote FastAPI services.",
        "Tech\tPoint\nAWS\tBuilt Lambda functions.\nAWS\tMoved EC2 to Graviton.\n"
        "Python\tWrote FastAPI services.",
        # more markers; a fullwidth colon; headings with trailing dashes and emoji
        "AWS\n-> Built Lambda functions.\n=> Moved EC2 to Graviton.\nPython\n-Wrote FastAPI services.",
        "AWS：\n✔\ufe0f Built Lambda functions.\n☑ Moved EC2 to Graviton.\n"
        "Python：\n・Wrote FastAPI services.",
        "🚀 AWS -\n✅ Built Lambda functions.\n✓ Moved EC2 to Graviton.\n\n"
        "🐍 Python —\n👉 Wrote FastAPI services.",
        "AWS\ni. Built Lambda functions.\nii. Moved EC2 to Graviton.\nPython\n➤ Wrote FastAPI services.",
        # unmarked blocks with no blank lines: a short label or a known tech starts a tech
        "AWS\nBuilt Lambda functions.\nMoved EC2 to Graviton.\nPython\nWrote FastAPI services.",
    ],
)
def test_pasted_formats_read_as_techs_and_points(text: str) -> None:
    assert _as_pairs(text) == [_AWS, _PY]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # wrapped points are joined; an unmarked block of sentences is not
            "AWS:\n• Built Lambda functions for\n  clickstream ingestion.\n• Moved EC2.\n\n"
            "Go\nWrote a CLI.\nShipped it.",
            [("AWS", ["Built Lambda functions for clickstream ingestion.", "Moved EC2."]),
             ("Go", ["Wrote a CLI.", "Shipped it."])],
        ),
        (
            "Python\n• Wrote services that\nreplaced the Flask monolith.\n"
            "• Added tests\nAWS\n• Built Lambdas",
            [("Python", ["Wrote services that replaced the Flask monolith.", "Added tests"]),
             ("AWS", ["Built Lambdas"])],
        ),
        (  # known techs head unmarked points that have no full stops
            "AWS\nBuilt Lambda functions\nMoved EC2 to Graviton\nPython\nWrote FastAPI services",
            [("AWS", ["Built Lambda functions", "Moved EC2 to Graviton"]),
             ("Python", ["Wrote FastAPI services"])],
        ),
        (  # an unknown short label among finished sentences
            "Data Platform\nBuilt the lake.\nTuned Spark jobs.\n"
            "Observability\nAdded tracing to every service.",
            [("Data Platform", ["Built the lake.", "Tuned Spark jobs."]),
             ("Observability", ["Added tracing to every service."])],
        ),
        (  # semicolons split only a list of points
            "AWS: Built Lambda functions; Moved EC2 to Graviton\nGo: Cut p99 latency; then halved it again",
            [("AWS", ["Built Lambda functions", "Moved EC2 to Graviton"]),
             ("Go", ["Cut p99 latency; then halved it again"])],
        ),
        (  # an enumerator after a real marker is text; 100+ numbers are markers
            "AWS:\n• 2) fixes shipped.\n100. Point one hundred.\niv. Point four.",
            [("AWS", ["2) fixes shipped.", "Point one hundred.", "Point four."])],
        ),
        (  # a heading ended with a full stop; a long heading over bullets
            "Node.js\n• Built a BFF.\nVue.js.\n• Built an SPA.\n\n"
            "Cloud infrastructure and DevOps automation tooling work\n• Ran Terraform.",
            [("Node.js", ["Built a BFF."]), ("Vue.js", ["Built an SPA."]),
             ("Cloud infrastructure and DevOps automation tooling work", ["Ran Terraform."])],
        ),
        (  # names with digits are names, not "Tech 1:" labels
            "Tech0: • Point zero.\nTech1: • Point one.",
            [("Tech0", ["Point zero."]), ("Tech1", ["Point one."])],
        ),
        (  # a dash inside an inline point's sentence is not a marker
            "AWS: - Built Lambda functions - with Python. - Moved EC2.",
            [("AWS", ["Built Lambda functions - with Python.", "Moved EC2."])],
        ),
    ],
)  # fmt: skip
def test_wrapped_unmarked_and_inline_points(text: str, expected: list[tuple[str, list[str]]]) -> None:
    assert _as_pairs(text) == expected


@pytest.mark.parametrize(
    "context", ["Job: Senior Backend Engineer", "Skills: Python, AWS, Docker", "Location: Berlin"]
)
def test_context_lines_before_the_techs_are_reported_not_read(context: str) -> None:
    report = parse_stack_report(f"{context}\n\nAWS:\n• Built Lambda functions.")
    assert [(s.name, list(s.points)) for s in report.stacks] == [("AWS", ["Built Lambda functions."])]
    assert any(context[:20] in w and "not read" in w for w in report.warnings)


def test_a_table_header_row_is_reported() -> None:
    report = parse_stack_report("Tech\tPoint\nAWS\tBuilt Lambda functions.")
    assert [(s.name, list(s.points)) for s in report.stacks] == [("AWS", ["Built Lambda functions."])]
    assert any("table header" in w for w in report.warnings)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("<ul><li>AWS<ul><li>Built Lambda.</li></ul></li></ul>", "HTML"),
        ("<html><body><h2>AWS</h2><ul><li>Built Lambda.</li></ul></body></html>", "HTML"),
        ("{\\rtf1\\ansi AWS:\\par \\bullet Built Lambda.\\par}", "RTF"),
        ("•\n•\n- \n* \n", "no text after them"),
        ("AWS:\n• \x01\x02\x1b[31m", "no text after them"),
    ],
)
def test_markup_and_bare_markers_are_refused_in_one_line(text: str, words: str) -> None:
    with pytest.raises(InputError) as err:
        parse_stack(text)
    assert words in str(err.value) and "\n" not in str(err.value)


@pytest.mark.parametrize(
    ("data", "text"),
    [
        ("AWS:\n• Built Lambda.".encode("utf-16-be"), "AWS:\n• Built Lambda."),
        ("AWS:\n• Built Lambda.".encode("utf-16-le"), "AWS:\n• Built Lambda."),
        (
            "AWS:\n• Built the team’s Lambdas — fast.".encode("cp1252"),
            "AWS:\n• Built the team’s Lambdas — fast.",
        ),
        (b"AWS:\n\xe2\x80\xa2 Built \xed\xa0\x80Lambda.", "AWS:\n• Built Lambda."),
    ],
)
def test_stack_files_in_other_encodings_decode(data: bytes, text: str) -> None:
    assert decode_stack_bytes(data) == text


@pytest.mark.parametrize(
    "data",
    [
        bytes(range(1, 256)) * 8,  # binary without a zero byte
        b"\xff\xfe" + bytes((i * 37 + 11) % 256 for i in range(1, 600)).replace(b"\x00", b"\x01"),
        "Caf\u00e9 \u2022 ".encode() + b"\x92 mixed",  # UTF-8 and Windows-1252 in one file
    ],
)
def test_undecodable_or_binary_stack_files_are_refused(data: bytes) -> None:
    with pytest.raises(InputError) as err:
        decode_stack_bytes(data)
    assert "\n" not in str(err.value) and "UTF-8" in str(err.value)


@pytest.mark.parametrize(
    ("text", "points"),
    [
        ("Python: 1. a" + " " * 50_000 + "b", ("a b",)),
        ("Python: - a" + " " * 50_000 + "b", ("a b",)),
        ("Python\n• a • b" + " " * 50_000 + "c", ("a", "b c")),
    ],
    ids=["numbered", "dashed", "bulleted"],
)
def test_a_long_run_of_spaces_inside_a_line_is_one_space(text: str, points: tuple[str, ...]) -> None:
    # The marker splits once backtracked over such runs (tens of seconds for one 50,000-char line).
    [stack] = parse_stack_report(text).stacks
    assert (stack.name, stack.points) == ("Python", points)


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Java\nSpring Boot\nKafka\nAWS", "Java, Spring Boot, Kafka, AWS"),
        ("- Java\n- Spring Boot\n- Kafka\n- AWS", "Java, Spring Boot, Kafka, AWS"),
        ("• Java\n• Kafka.", "Java, Kafka"),
        ("Tech stack:\nJava\nSpring Boot\nKafka", "Java, Spring Boot, Kafka"),
        ("Kafka\n- AWS", "Kafka, AWS"),
        ("Python: • Django • Flask", "Python, Django, Flask"),
    ],
    ids=["bare", "dashed", "bulleted", "under-a-heading", "name-over-a-name", "inline"],
)
def test_lines_that_are_only_tech_names_are_refused_with_an_example(text: str, names: str) -> None:
    with pytest.raises(InputError) as err:
        parse_stack(text)
    message = str(err.value)
    assert f"only tech names ({names}), no points" in message
    assert "for example: Python: • Built REST APIs" in message and "\n" not in message


def test_a_point_that_is_only_a_tech_name_is_left_out_and_named_in_a_warning() -> None:
    report = parse_stack_report("AWS:\n- Moved batch jobs to Lambda\n- Kafka\n\nGo\n• Docker\n• Wrote a CLI.")
    assert [(s.name, list(s.points)) for s in report.stacks] == [
        ("AWS", ["Moved batch jobs to Lambda"]),
        ("Go", ["Wrote a CLI."]),
    ]
    assert report.warnings[0].startswith("Left out 'Kafka', 'Docker': a tech name alone is not a point.")
