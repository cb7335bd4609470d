"""Recipient fields and header values."""

from __future__ import annotations

import pytest

from resume_customizer.errors import InputError
from resume_customizer.guard.addresses import check_header_value, parse_recipients


def test_several_recipients_are_split_normalised_and_deduplicated() -> None:
    text = "jane@Example.COM, bob@example.org; JANE@example.com\n\n  carol@example.net ,"
    assert parse_recipients(text) == ["jane@example.com", "bob@example.org", "carol@example.net"]


def test_display_names_are_accepted_and_dropped_even_with_commas_inside_quotes() -> None:
    text = '"Doe, Jane" <jane@example.com>; Bob <bob@example.org>'
    assert parse_recipients(text) == ["jane@example.com", "bob@example.org"]


def test_an_international_domain_is_normalised() -> None:
    assert parse_recipients("kim@BÜCHER.example") == ["kim@bücher.example"]


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("jane@example.com\r\nBcc: victim@example.org", "'Bcc: victim@example.org'"),
        ("jane@example.com, not-an-address", "'not-an-address'"),
        ("jane@@example.com", "'jane@@example.com'"),
        ("jane@localhost", "'jane@localhost'"),
        ("a\x00b@example.com", "'a?b@example.com'"),
    ],
)
def test_a_bad_address_is_refused_in_one_line_naming_it(text: str, named: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_recipients(text)
    assert caught.value.message.startswith(named + " is not a valid email address (")
    assert "\n" not in caught.value.message and "\r" not in caught.value.message


def test_an_empty_field_is_refused_unless_optional() -> None:
    with pytest.raises(InputError, match="Enter at least one recipient"):
        parse_recipients(" ,; \n")
    assert parse_recipients("", required=False) == []


def test_too_many_recipients_are_refused() -> None:
    text = ",".join(f"user{i}@example.com" for i in range(4))
    with pytest.raises(InputError, match="More than 3 recipients"):
        parse_recipients(text, max_recipients=3)


def test_no_dns_lookup_is_made_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    import email_validator.deliverability as deliverability

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("DNS lookup attempted")

    monkeypatch.setattr(deliverability, "validate_email_deliverability", refuse)
    assert parse_recipients("jane@example.com") == ["jane@example.com"]
    with pytest.raises(AssertionError, match="DNS lookup attempted"):  # the patch is effective
        parse_recipients("jane@example.com", check_deliverability=True)


def test_a_header_value_must_be_one_line() -> None:
    assert check_header_value("Résumé for Acme", "subject") == "Résumé for Acme"
    for bad in ("Hi\r\nBcc: x@example.com", "Hi\nthere", "a\u2028b", "a\x00b"):
        with pytest.raises(InputError, match="subject"):
            check_header_value(bad, "subject")


def test_a_header_value_is_length_limited() -> None:
    with pytest.raises(InputError, match="1,000 characters long; the limit is 998"):
        check_header_value("x" * 1000, "subject")
