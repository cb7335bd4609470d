"""{name} in bulk messages: the item's own name, else the name at the top of its resume, else
the file name ("pub01 omar barnes.docx" no longer greets "pub01 omar barnes")."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from resume_customizer.mail.bulk import BulkItem, compose
from resume_customizer.mail.command import read_manifest
from tests.docx_factory import build_docx, bullets, flat, heading, para
from tests.mail.smtp_server import STACK, make_resume

BODY = "Please find attached the resume of {name}."


def _subject_and_body(item: BulkItem) -> tuple[str, str]:
    message = compose(
        item,
        item.resume,
        sender="recruiter@example.com",
        today=date(2026, 1, 5),
        timestamp=0.0,
        message_id="<1@example.com>",
    ).message
    return str(message["Subject"]), message.get_body(("plain",)).get_content().strip()  # type: ignore[union-attr]


def test_name_comes_from_the_resume_not_from_the_file_name() -> None:
    item = BulkItem(make_resume("Omar Barnes"), "pub01 omar barnes.docx", STACK, "hr@example.com", body=BODY)
    subject, body = _subject_and_body(item)
    assert (subject, body) == ("Resume: Omar Barnes", "Please find attached the resume of Omar Barnes.")


def test_the_item_s_own_name_wins_over_the_resume() -> None:
    item = BulkItem(make_resume("Omar Barnes"), "omar.docx", STACK, "hr@example.com", name="Omar B. Barnes")
    assert _subject_and_body(item)[0] == "Resume: Omar B. Barnes"


def test_a_resume_that_names_nobody_at_its_top_falls_back_to_the_file_name() -> None:
    nameless = build_docx(flat(heading("Experience"), para("Acme | 2020 – 2022"), bullets(["Did it."])))
    item = BulkItem(nameless, "ethan_dubois.docx", STACK, "hr@example.com")
    assert _subject_and_body(item)[0] == "Resume: ethan dubois"


def test_a_manifest_name_column_names_the_candidate_and_an_empty_cell_leaves_it_to_the_resume(
    tmp_path: Path,
) -> None:
    (tmp_path / "jane.docx").write_bytes(make_resume("Jane Doe"))
    (tmp_path / "python.txt").write_text(STACK, encoding="utf-8")
    manifest = tmp_path / "manifest.csv"
    manifest.write_text(
        "resume,stack,recipient,subject,Candidate Name\r\n"
        "jane.docx,python.txt,a@x.com,Hi {name},  Jane  Q. Doe \r\n"
        "jane.docx,python.txt,b@x.com,Hi {name},\r\n",
        encoding="utf-8",
    )
    items = read_manifest(manifest)
    assert [i.name for i in items] == ["Jane Q. Doe", None]
    assert [_subject_and_body(i)[0] for i in items] == ["Hi Jane Q. Doe", "Hi Jane Doe"]
