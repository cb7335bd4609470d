"""A link to the document's Word template: a local one is kept, a remote one is removed and said.

Real .docx files (the layouts' resumes and one written by python-docx) with the link Word writes;
the tailored copies are compared part by part with the uploads, and the CLI is run as a user runs it.
"""

from __future__ import annotations

import importlib.util
import io
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from types import ModuleType

import pytest
from lxml import etree

from resume_customizer import tailor
from resume_customizer.config import UploadLimits
from resume_customizer.errors import InvalidDocument
from resume_customizer.guard.uploads import check_docx, remote_host
from resume_customizer.resume.tailor import detect_projects
from resume_customizer.resume.template_link import upload_notes
from tests.guard.hostile import real_docx
from tests.resume.layouts import pipe_company_then_title

from .template_docs import (
    LOCAL_TARGETS,
    REMOTE_TARGETS,
    SETTINGS,
    SETTINGS_RELS,
    TEMPLATE_TYPE,
    with_template_link,
)

ROOT = Path(__file__).resolve().parents[2]
GRADE_PY = ROOT.parent / "shared" / "eval" / "grade.py"
STACK = "Kafka\n• Built streaming pipelines for claims events.\n• Tuned consumer lag alerts.\n"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _resume() -> bytes:
    return pipe_company_then_title().docx


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {name: z.read(name) for name in z.namelist()}


def _relationships(data: bytes) -> list[tuple[str, str, str]]:
    root = etree.fromstring(data)
    return sorted((r.get("Id", ""), r.get("Type", ""), r.get("Target", "")) for r in root)


def _canonical_without_template(settings: bytes) -> tuple[bytes, int]:
    root = etree.fromstring(settings)
    found = root.findall(f"{{{W_NS}}}attachedTemplate")
    for el in found:
        root.remove(el)
    return etree.tostring(root, method="c14n"), len(found)


# --------------------------------------------------------------------------- the policy


@pytest.mark.parametrize("target", LOCAL_TARGETS)
def test_a_template_on_this_machine_is_local(target: str) -> None:
    assert remote_host(target) is None


@pytest.mark.parametrize(
    "target",
    ["file:///C:/Templates/x.dotx", "file://localhost/C:/Templates/x.dotx", "\\\\?\\C:\\Templates\\x.dotx"],
)
def test_drive_paths_in_every_spelling_are_local(target: str) -> None:
    assert remote_host(target) is None


@pytest.mark.parametrize(("target", "host"), REMOTE_TARGETS)
def test_a_network_share_or_a_url_names_the_host_word_would_contact(target: str, host: str) -> None:
    assert remote_host(target) == host


@pytest.mark.parametrize(
    ("target", "host"),
    [
        ("file:////server/share/t.dotx", "server"),
        ("\\\\?\\UNC\\srv.example\\share\\t.dotx", "srv.example"),
        ("\\\\dav.example@SSL\\DavWWWRoot\\t.dotx", "dav.example"),
        ("file:///%5C%5Cencoded.example%5Ct.dotx", "encoded.example"),
        ("mhtml:http://evil.example/t.mht!x", "evil.example"),
        ("smb://nas.example/t.dotx", "nas.example"),
    ],
)
def test_less_common_spellings_of_a_remote_location_are_remote_too(target: str, host: str) -> None:
    assert remote_host(target) == host


@pytest.mark.parametrize("target", ["ab:" * 100_000, "\\\\" + "a\\" * 100_000, "%5C" * 100_000, "x" * 5000])
def test_a_crafted_long_target_is_remote_and_decided_at_once(target: str) -> None:
    start = time.perf_counter()
    host = remote_host(target)
    assert host and len(host) <= 60
    assert time.perf_counter() - start < 0.1


# --------------------------------------------------------------------------- a local template


@pytest.mark.parametrize("target", LOCAL_TARGETS)
def test_a_local_template_link_is_accepted_and_kept_byte_for_byte_in_the_tailored_copy(target: str) -> None:
    upload = with_template_link(_resume(), target)
    check_docx(upload, limits=UploadLimits())
    assert upload_notes(upload) == ()
    result = tailor(upload, STACK)
    assert len(result.plan) == 2
    assert not any("template" in w for w in result.warnings)
    before, after = _parts(upload), _parts(result.docx)
    assert after.keys() == before.keys()
    for name in before.keys() - {"word/document.xml"}:
        assert after[name] == before[name], name


def test_a_python_docx_document_with_its_local_template_is_tailored_with_settings_untouched() -> None:
    target = LOCAL_TARGETS[0]
    upload = with_template_link(real_docx(), target, extra_rels="")
    result = tailor(upload, STACK, None)
    after = _parts(result.docx)
    assert after[SETTINGS] == _parts(upload)[SETTINGS]
    assert after[SETTINGS_RELS] == _parts(upload)[SETTINGS_RELS]


# --------------------------------------------------------------------------- a remote template


@pytest.mark.parametrize(("target", "host"), REMOTE_TARGETS)
def test_a_remote_template_link_is_removed_from_the_tailored_copy_and_named_in_a_warning(
    target: str, host: str
) -> None:
    upload = with_template_link(_resume(), target)
    check_docx(upload, limits=UploadLimits())  # not refused
    result = tailor(upload, STACK)
    assert len(result.plan) == 2
    [warning] = [w for w in result.warnings if "template" in w]
    assert warning.startswith(f"The resume linked to a Word template on {host} (")
    assert warning.endswith(
        "Word would contact that host when the file is opened, "
        "so the link was removed from the tailored copy."
    )
    before, after = _parts(upload), _parts(result.docx)
    assert after.keys() == before.keys()
    # exactly the template's relationship is gone; the mail-merge source beside it stays
    assert _relationships(after[SETTINGS_RELS]) == [
        r for r in _relationships(before[SETTINGS_RELS]) if not r[1].endswith("/attachedTemplate")
    ]
    assert len(_relationships(after[SETTINGS_RELS])) == 1
    # exactly w:attachedTemplate is gone from the settings; the rest is the same XML
    (kept, gone_before), (now, gone_after) = (
        _canonical_without_template(before[SETTINGS]),
        _canonical_without_template(after[SETTINGS]),
    )
    assert (gone_before, gone_after) == (1, 0)
    assert now == kept
    assert b"attachedTemplate" not in after[SETTINGS]
    for name in before.keys() - {"word/document.xml", SETTINGS, SETTINGS_RELS}:
        assert after[name] == before[name], name
    # the tailored copy passes the upload check again and has no remote template left
    check_docx(result.docx, limits=UploadLimits())
    assert upload_notes(result.docx) == ()


def test_the_upload_check_notes_that_a_remote_link_will_be_removed() -> None:
    upload = with_template_link(_resume(), "\\\\fileserver.corp.example\\templates\\Proposal.dot")
    assert len(detect_projects(upload)) == 3
    [note] = upload_notes(upload)
    assert "fileserver.corp.example" in note and "will be removed from the tailored copies" in note


def test_a_remote_relationship_without_its_settings_element_is_still_removed() -> None:
    upload = with_template_link(_resume(), "http://evil.example/payload.dotm", in_settings=False)
    result = tailor(upload, STACK)
    assert any("evil.example" in w for w in result.warnings)
    before, after = _parts(upload), _parts(result.docx)
    assert b"attachedTemplate" not in after[SETTINGS_RELS]
    assert after[SETTINGS] == before[SETTINGS]


def test_a_python_docx_document_loses_only_the_remote_link() -> None:
    upload = with_template_link(real_docx(), "https://evil.example/x.dotx", extra_rels="")
    result = tailor(upload, STACK)
    before, after = _parts(upload), _parts(result.docx)
    kept, _ = _canonical_without_template(before[SETTINGS])
    assert _canonical_without_template(after[SETTINGS]) == (kept, 0)
    assert _relationships(after[SETTINGS_RELS]) == []
    for name in before.keys() - {"word/document.xml", SETTINGS, SETTINGS_RELS}:
        assert after[name] == before[name], name


def test_thousands_of_remote_links_are_all_removed_and_said_in_three_lines() -> None:
    extra = "".join(
        f'<Relationship Id="rIdX{i}" Type="{TEMPLATE_TYPE}" Target="http://h{i}.evil.example/t.dotx" '
        'TargetMode="External"/>'
        for i in range(5000)
    )
    upload = with_template_link(_resume(), "http://evil.example/t.dotx", extra_rels=extra)
    result = tailor(upload, STACK)
    said = [w for w in result.warnings if "template" in w]
    assert len(said) == 3 and said[-1].startswith("4999 more links to Word templates on other hosts")
    assert _relationships(_parts(result.docx)[SETTINGS_RELS]) == []


# --------------------------------------------------------------------------- other external links


@pytest.mark.parametrize(
    ("kind", "words"), [("frame", "frame"), ("subDocument", "sub-document"), ("oleObject", "OLE object")]
)
def test_external_frames_sub_documents_and_ole_objects_are_still_refused(kind: str, words: str) -> None:
    upload = with_template_link(
        _resume(), "http://evil.example/x", rel_type=f"{REL_NS}/{kind}", extra_rels="", in_settings=False
    )
    with pytest.raises(InvalidDocument) as caught:
        check_docx(upload, filename="cv.docx", limits=UploadLimits())
    assert f"links to an external {words} (evil.example)" in caught.value.message


# --------------------------------------------------------------------------- the CLI and the grader


def _grader() -> ModuleType | None:
    if not GRADE_PY.is_file():
        return None
    spec = importlib.util.spec_from_file_location("template_link_grade", GRADE_PY)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_cli_tailors_a_resume_with_a_remote_template_and_says_so_on_stderr(tmp_path: Path) -> None:
    upload = with_template_link(_resume(), "file:///\\\\fileserver.corp.example\\templates\\Proposal.dot")
    resume, stack, out = tmp_path / "R.docx", tmp_path / "S.txt", tmp_path / "O.docx"
    resume.write_bytes(upload)
    stack.write_text(STACK, encoding="utf-8")
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "resume_customizer",
            "tailor",
            str(resume),
            "--stack",
            str(stack),
            "--out",
            str(out),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={"RESUME_CUSTOMIZER_DATA_DIR": str(tmp_path / "data"), "PATH": "/usr/bin:/bin"},
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert "warning: The resume linked to a Word template on fileserver.corp.example (" in proc.stderr
    assert "template" not in proc.stdout
    detected = subprocess.run(
        [sys.executable, "-m", "resume_customizer", "detect", str(resume)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={"RESUME_CUSTOMIZER_DATA_DIR": str(tmp_path / "data"), "PATH": "/usr/bin:/bin"},
        timeout=60,
    )
    assert detected.returncode == 0, detected.stderr
    assert detected.stderr.startswith("note: It links to a Word template on fileserver.corp.example")
    grade = _grader()
    if grade is None:
        pytest.skip(f"{GRADE_PY} not found (../shared sits beside the repository)")
    with zipfile.ZipFile(resume) as zin, zipfile.ZipFile(out) as zout:
        ok, problems, warnings = grade.compare_parts(zin, zout, "word/document.xml")
    assert ok, problems
    assert sorted(warnings) == [
        "template link removed: " + SETTINGS_RELS,
        "template link removed: " + SETTINGS,
    ]
