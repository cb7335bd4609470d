"""Mangled documents: whatever is cut, copied or garbled, the engine answers or says why."""

from __future__ import annotations

import io
import random
import zipfile

import pytest
from lxml import etree

from resume_customizer import CustomizerError, TechStack, tailor
from tests.resume.layouts import ALL_LAYOUTS

STACKS = [
    TechStack("Kafka", ("Built streams.", "Tuned lag alerts.")),
    TechStack("AWS", ("Moved jobs to Lambda.",)),
]
GARBAGE_VALUES = ["", "0", "-1", "abc", "99999999999", "1", "•"]
GARBAGE_TEXT = ["", "  ", "\t", "•", "2019 – 2020", "Experience", "Responsibilities:", "Environment:"]


def _mangle(docx: bytes, rnd: random.Random) -> bytes:
    z = zipfile.ZipFile(io.BytesIO(docx))
    root = etree.fromstring(z.read("word/document.xml"))
    elements = list(root.iter())
    for _ in range(rnd.randint(1, 10)):
        el = rnd.choice(elements)
        parent = el.getparent()
        if parent is None:
            continue
        op = rnd.random()
        if op < 0.4:
            parent.remove(el)
        elif op < 0.6:
            parent.insert(rnd.randint(0, len(parent)), etree.fromstring(etree.tostring(el)))
        elif op < 0.8:
            for name in list(el.attrib):
                el.attrib[name] = rnd.choice(GARBAGE_VALUES)
        elif el.text is not None:
            el.text = rnd.choice(GARBAGE_TEXT)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zo:
        for info in z.infolist():
            data = etree.tostring(root) if info.filename == "word/document.xml" else z.read(info)
            zo.writestr(info, data)
    return out.getvalue()


@pytest.mark.parametrize("seed", range(8))
def test_a_mangled_resume_is_tailored_or_refused_with_a_message_never_a_crash(seed: int) -> None:
    rnd = random.Random(seed)
    layouts = [make() for make in ALL_LAYOUTS]
    outcomes = {"tailored": 0, "refused": 0}
    for _ in range(40):
        docx = _mangle(rnd.choice(layouts).docx, rnd)
        try:
            result = tailor(docx, STACKS)
        except CustomizerError as exc:
            assert exc.message and "\n" not in exc.message
            outcomes["refused"] += 1
        else:
            assert result.docx[:2] == b"PK"
            outcomes["tailored"] += 1
    assert outcomes["tailored"] > 0  # most mangling leaves a resume that can still be tailored
