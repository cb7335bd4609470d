"""Hostile files are refused without exhausting memory: peak RSS measured in a fresh process."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from .hostile import Hostile

MAX_PEAK_RSS_MB = 300

# Runs in a fresh interpreter so the peak RSS is this work's alone, not the test runner's.
_SCRIPT = r"""
import json, sys, zipfile
from pathlib import Path
from resume_customizer.config import UploadLimits
from resume_customizer.errors import InvalidDocument
from resume_customizer.guard.uploads import check_docx, read_member

limits = UploadLimits()
messages = {}
for path in sorted(Path(sys.argv[1]).iterdir()):
    try:
        check_docx(path.read_bytes(), filename=path.name, limits=limits)
        messages[path.name] = None
    except InvalidDocument as exc:
        messages[path.name] = exc.message
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as zf:
            for name in zf.namelist():
                try:
                    read_member(zf, name, limits, filename=path.name)
                except InvalidDocument:
                    pass
# VmHWM is this program's peak since exec; ru_maxrss would carry over the forking test runner's.
with open("/proc/self/status") as fh:
    peak_mb = int(next(line.split()[1] for line in fh if line.startswith("VmHWM:"))) / 1024
print(json.dumps({"messages": messages, "peak_rss_mb": peak_mb}))
"""


def test_every_hostile_file_is_refused_in_under_300_mb_of_memory(
    hostile_folder: list[tuple[Path, Hostile]],
) -> None:
    folder = hostile_folder[0][0].parent
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [sys.executable, "-c", _SCRIPT, str(folder)],
        capture_output=True,
        text=True,
        cwd=root,
        timeout=300,
        check=True,
    )
    report = json.loads(done.stdout)
    for path, case in hostile_folder:
        message = report["messages"][path.name]
        assert message is not None and case.expected in message, path.name
    print(f"\npeak RSS checking {len(hostile_folder)} hostile files: {report['peak_rss_mb']:.0f} MB")
    assert report["peak_rss_mb"] < MAX_PEAK_RSS_MB
