"""Style resolution: numbering and headings through ``basedOn`` chains, whatever the prefix."""

from __future__ import annotations

from resume_customizer.resume.styles import Styles
from tests.docx_factory import NUMBERING, STYLES, W_NS


def test_numbering_is_inherited_through_based_on_chains() -> None:
    styles = Styles(STYLES.encode(), NUMBERING.encode())
    assert styles.get("MyBullets").num_id == "1"  # MyBullets -> ListBullet (numId 1)
    assert styles.get("Heading2").heading_level == 2
    assert styles.get(None).style_id == "Normal"  # the default paragraph style


def test_a_styles_part_with_another_prefix_is_read_the_same_way() -> None:
    other = STYLES.replace("w:", "ns0:").replace("xmlns:w=", "xmlns:ns0=")
    a, b = Styles(STYLES.encode(), None), Styles(other.encode(), None)
    for sid in ("MyBullets", "Heading1", "Title", "Hyperlink", "Missing"):
        assert a.get(sid) == b.get(sid)
    assert b.get(None).style_id == "Normal"


def test_a_list_level_that_draws_nothing_is_not_a_bullet() -> None:
    styles = Styles(STYLES.encode(), NUMBERING.encode())
    assert styles.numbering_visible("1", 0)
    assert not styles.numbering_visible("5", 0)  # numFmt none, empty text


def test_styles_with_a_doctype_are_refused() -> None:
    import pytest

    from resume_customizer import InvalidDocument

    evil = f'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><w:styles xmlns:w="{W_NS}"/>'
    with pytest.raises(InvalidDocument):
        Styles(evil.encode(), None)
