"""A resume with a huge photo (under the upload limit) previews in bounded memory: the picture is a
placeholder in the preview only, and the tailored file keeps it byte for byte."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

from resume_customizer import tailor
from resume_customizer.preview import render_preview
from tests.docx_factory import PNG, bold, build_docx, bullets, flat, heading, para

ROOT = Path(__file__).resolve().parents[1]
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
PIC_NS = "http://schemas.openxmlformats.org/drawingml/2006/picture"
WP_NS = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"

PICTURE = (
    f'<w:p><w:r><w:drawing><wp:inline xmlns:wp="{WP_NS}"><wp:extent cx="914400" cy="914400"/>'
    '<wp:docPr id="1" name="Photo"/>'
    f'<a:graphic xmlns:a="{A_NS}"><a:graphicData uri="{PIC_NS}">'
    f'<pic:pic xmlns:pic="{PIC_NS}"><pic:nvPicPr><pic:cNvPr id="1" name="photo.png"/><pic:cNvPicPr/>'
    '</pic:nvPicPr><pic:blipFill><a:blip r:embed="rId5"/></pic:blipFill>'
    '<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="914400" cy="914400"/></a:xfrm></pic:spPr>'
    "</pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>"
)

SCRIPT = """
import sys
from pathlib import Path
from resume_customizer import tailor
from resume_customizer.preview import render_preview
data = Path(sys.argv[1]).read_bytes()
preview = render_preview(tailor(data, "Kafka\\n• Built streaming pipelines for claims."))
hwm = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM:"))
print(hwm // 1024, len(preview.html), preview.highlighted, "|".join(preview.messages))
"""


def _huge_photo_resume(size: int) -> bytes:
    # Incompressible bytes after a PNG signature: the zip cannot shrink them, as with a real photo.
    photo = PNG[:8] + os.urandom(size)
    data = build_docx(
        flat(
            PICTURE,
            para("Jordan Example"),
            heading("Experience"),
            bold("Acme Corp | 2019 – 2023"),
            bullets(["Built the claims API.", "Ran the data platform."]),
        )
    )
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = photo if info.filename == "word/media/image1.png" else src.read(info)
            dst.writestr(info.filename, body)
    return out.getvalue()


def test_a_45_mb_photo_previews_under_300_mb_with_a_placeholder_and_stays_in_the_file(tmp_path: Path) -> None:
    path = tmp_path / "photo.docx"
    path.write_bytes(_huge_photo_resume(45 * 1024 * 1024))
    proc = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(path)], capture_output=True, text=True, cwd=ROOT, timeout=300
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    peak_mb, html_chars, highlighted, messages = proc.stdout.split(" ", 3)
    assert int(peak_mb) < 300, proc.stdout
    assert int(html_chars) < 200_000  # a placeholder, not 60 MB of base64
    assert highlighted == "1"
    assert "picture of 45.0 MB (image1.png) is shown as a grey placeholder" in messages


def test_the_tailored_file_keeps_the_big_picture_byte_for_byte() -> None:
    data = _huge_photo_resume(1024 * 1024)
    result = tailor(data, "Kafka\n• Built streaming pipelines for claims.")
    original = zipfile.ZipFile(io.BytesIO(data)).read("word/media/image1.png")
    assert zipfile.ZipFile(io.BytesIO(result.docx)).read("word/media/image1.png") == original
    preview = render_preview(result)
    assert "placeholder" in " ".join(preview.messages)
    assert len(preview.html) < 200_000


BULK_SCRIPT = """
import sys
from resume_customizer.cli import main
code = main(["bulk", sys.argv[1], "--sender", "r@example.com", "--dry-run", sys.argv[2]])
hwm = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM:"))
print(code, hwm // 1024)
"""


def test_a_bulk_dry_run_of_a_45_mb_resume_stays_under_300_mb(tmp_path: Path) -> None:
    (tmp_path / "jane.docx").write_bytes(_huge_photo_resume(45 * 1024 * 1024))
    (tmp_path / "stack.txt").write_text("Kafka\n• Built streaming pipelines for claims.\n", encoding="utf-8")
    manifest = tmp_path / "manifest.csv"
    manifest.write_text("resume,stack,recipient,subject\njane.docx,stack.txt,client@example.com,Resume\n")
    env = {**os.environ, "RESUME_CUSTOMIZER_DATA_DIR": str(tmp_path / "data")}
    proc = subprocess.run(
        [sys.executable, "-c", BULK_SCRIPT, str(manifest), str(tmp_path / "out")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=300,
    )
    code, peak_mb = proc.stdout.split()[-2:]
    assert code == "0", proc.stdout + proc.stderr[-2000:]
    assert int(peak_mb) < 300, proc.stdout
    [eml] = list((tmp_path / "out").glob("*.eml"))
    assert eml.stat().st_size > 60 * 1024 * 1024  # the whole resume went into the message
