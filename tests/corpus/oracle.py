"""A cheating "tailor" that reads the truth next to the resume and does exactly what it says.

Usage (the grader's calling convention)::

    python tests/corpus/oracle.py RESUME.docx --stack STACK.txt --out OUT.docx

It proves a generated case is consistent and gradable: point i goes after the last bullet of
project ``expected_assignment[i]``, as a paragraph with the truth's ``bullet_ppr``, one run with
``bullet_body_rpr`` and the text ``literal_marker + point``. Every other zip entry is copied
byte for byte. Bad cases (and anything unreadable) exit 2 with one line on stderr.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import zipfile
from pathlib import Path

from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
PARSER = etree.XMLParser(resolve_entities=False, no_network=True)


class OracleError(Exception):
    """Input the oracle refuses (bad case, missing truth)."""


def _fragment(xml: str) -> etree._Element | None:
    return etree.fromstring(xml.encode("utf-8"), PARSER) if xml else None


def new_paragraph(ppr_xml: str, rpr_xml: str, text: str) -> etree._Element:
    """A w:p with the given pPr, one run with the given rPr, and ``text`` (TAB -> w:tab)."""
    p = etree.Element(W + "p", nsmap={"w": W_NS})
    pr = _fragment(ppr_xml)
    if pr is not None:
        p.append(pr)
    r = etree.SubElement(p, W + "r")
    rpr = _fragment(rpr_xml)
    if rpr is not None:
        r.append(rpr)
    for i, piece in enumerate(text.split("\t")):
        if i:
            etree.SubElement(r, W + "tab")
        if piece:
            t = etree.SubElement(r, W + "t")
            t.text = piece
            t.set(XML_SPACE, "preserve")
    return p


def tailor_xml(document_xml: bytes, truth: dict) -> bytes:
    """document.xml with every point inserted where the truth says."""
    root = etree.fromstring(document_xml, PARSER)
    paras = list(root.find(W + "body").iter(W + "p"))
    projects = truth["projects"]
    after = {}  # project -> element the next point goes after
    for pj in projects[: truth["targets"]]:
        after[pj["index"]] = paras[max(pj["bullet_paragraph_indices"])]
    for point, target in zip(truth["points"], truth["expected_assignment"], strict=True):
        pj = projects[target]
        el = new_paragraph(
            pj["bullet_ppr"], pj["bullet_body_rpr"], (pj["literal_marker"] or "") + point["text"]
        )
        after[target].addnext(el)
        after[target] = el
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def tailor_file(resume: Path, out: Path) -> None:
    """Write the tailored copy of ``resume`` to ``out`` (atomically)."""
    truth_path = resume.with_name(resume.name[: -len(".docx")] + ".truth.json")
    if not truth_path.is_file():
        raise OracleError(f"no truth file next to {resume.name}")
    truth = json.loads(truth_path.read_text(encoding="utf-8"))
    if truth.get("kind") != "resume":
        raise OracleError(f"{resume.name} is not a resume ({truth.get('reason', 'bad input')})")
    with zipfile.ZipFile(resume) as zin:
        fd, tmp = tempfile.mkstemp(dir=out.parent, suffix=".part")
        os.close(fd)
        try:
            with zipfile.ZipFile(tmp, "w") as zout:
                for info in zin.infolist():
                    data = zin.read(info)
                    if info.filename == "word/document.xml":
                        data = tailor_xml(data, truth)
                    zout.writestr(info, data)
            os.replace(tmp, out)
        except BaseException:
            os.unlink(tmp)
            raise


def main(argv: list[str] | None = None) -> int:
    """CLI entry point."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("resume", type=Path)
    ap.add_argument("--stack", type=Path, required=True)
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args(argv)
    try:
        tailor_file(args.resume, args.out)
    except (OracleError, OSError, zipfile.BadZipFile, etree.XMLSyntaxError, KeyError) as e:
        print(f"oracle: {e}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
