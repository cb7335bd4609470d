#!/usr/bin/env python3
"""Write a grade.py truth file for an anonymized real-world resume.

    python tests/realworld/make_truth.py CASE.docx SPEC.json CASE.stack.txt CASE.truth.json \
        [--set realworld] [--write-stack]

SPEC.json (per case, written by hand after looking at `dump.py CASE.docx`):

    {"kind": "resume",                       # or "bad" (then only "reason" is needed)
     "stack_format": "A",                    # shape of the stack file, see STACK_FORMATS
     "points": [["Java", "Upgraded ..."], ...],   # optional: with --write-stack the stack
                                                  # file is written from these
     "projects": [                           # experience entries with a bullet list, in
        {"bullets": "19-23",                 # document order; bullet paragraph indices as
                                             # grade.body_paragraphs() counts them
                                             # ("19-23", "19,20,22" or a list)
         "fingerprint": [16, 17],            # identifying lines (company / title / dates)
         "layout": "NUM",                    # layout tag
         "heading": "Responsibilities:",     # optional responsibilities heading text
         "marker": "• "}                     # optional typed (literal) bullet marker
     ]}

The truth lists every project (the tool must use the first three); the points go round-robin
to the first min(3, n) projects.  The stack file is parsed back and must give the points.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import zipfile

sys.path.insert(0, "/work/shared/eval")
import grade
from lxml import etree

STACK_FORMATS = "ABCDEFGH"


def auto_range(P, start, numbered):
    """'auto:N': paragraph N and the following sibling paragraphs that are numbered list
    items with text (stops at the first plain or empty paragraph)."""
    out = [start]
    p = P[start]
    nxt = p.getnext()
    pos = {id(q): i for i, q in enumerate(P)}
    while nxt is not None and nxt.tag == grade.W + "p" and numbered(nxt) and grade.para_text(nxt).strip():
        out.append(pos[id(nxt)])
        nxt = nxt.getnext()
    return out


def parse_indices(v, P=None, numbered=None):
    if isinstance(v, str) and v.startswith("auto:"):
        return auto_range(P, int(v[5:]), numbered)
    if isinstance(v, list):
        return [int(x) for x in v]
    out = []
    for part in str(v).split(","):
        part = part.strip()
        if not part:
            continue
        if "-" in part:
            a, b = part.split("-")
            out.extend(range(int(a), int(b) + 1))
        else:
            out.append(int(part))
    return out


# --------------------------------------------------------------------------- stacks
def group(points):
    techs, by = [], {}
    for tech, text in points:
        if tech not in by:
            techs.append(tech)
            by[tech] = []
        by[tech].append(text)
    return techs, by


def write_stack(points, fmt):
    techs, by = group(points)
    out = []
    if fmt == "A":
        for t in techs:
            out.append(t)
            out.extend("- " + p for p in by[t])
            out.append("")
    elif fmt == "B":
        for t in techs:
            out.append("{}: {}".format(t, " ".join("\u2022 " + p for p in by[t])))
    elif fmt == "C":
        for t in techs:
            out.append(t + ":")
            out.extend("\u2022 " + p for p in by[t])
            out.append("")
    elif fmt == "D":
        for t in techs:
            out.append(f"**{t}**")
            out.extend("* " + p for p in by[t])
            out.append("")
    elif fmt == "E":
        for t in techs:
            out.append(t)
            out.extend("%d. %s" % (i + 1, p) for i, p in enumerate(by[t]))
            out.append("")
    elif fmt == "F":
        for t, p in points:
            out.append(f"{t} \u2013 {p}")
    elif fmt == "G":
        for t, p in points:
            out.append(f"{t}\t{p}")
    elif fmt == "H":
        for t in techs:
            out.append(t.upper())
            out.extend("    \u25cf " + p for p in by[t])
            out.append("")
    else:
        raise ValueError(fmt)
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out) + "\n"


def parse_stack(text, fmt):
    """Points [(tech, text)] of a stack file written in one of STACK_FORMATS."""
    lines = text.replace("\r\n", "\n").lstrip("\ufeff").split("\n")
    pts = []
    if fmt in "FG":
        sep = " \u2013 " if fmt == "F" else "\t"
        for ln in lines:
            if ln.strip():
                t, p = ln.split(sep, 1)
                pts.append((t.strip(), p.strip()))
        return pts
    if fmt == "B":
        for ln in lines:
            if not ln.strip():
                continue
            t, rest = ln.split(": ", 1)
            for p in rest.split("\u2022"):
                if p.strip():
                    pts.append((t.strip(), p.strip()))
        return pts
    tech = None
    for ln in lines:
        s = ln.strip()
        if not s:
            continue
        m = re.match(r"^(?:- |\u2022 |\* |\d+\. |\u25cf )(.*)$", s)
        if m and tech is not None:
            pts.append((tech, m.group(1).strip()))
        else:
            tech = s.strip("*").rstrip(":").strip()
    return pts


# --------------------------------------------------------------------------- truth
def _style_numbering(z):
    sys.path.insert(0, __file__.rsplit("/", 1)[0])
    from dump import style_numbering

    return style_numbering(z)


def build(docx_path, spec, stack_path, case, set_name):
    if spec.get("kind") == "bad":
        return {"case": case, "set": set_name, "kind": "bad", "reason": spec["reason"]}
    z = zipfile.ZipFile(docx_path)
    root = etree.fromstring(z.read(grade.main_part_name(z)), grade.XML_PARSER)
    P = grade.body_paragraphs(root)
    fmt = spec["stack_format"]
    with open(stack_path, encoding="utf-8") as f:
        pts = parse_stack(f.read(), fmt)
    if spec.get("points"):
        want = [(t, p) for t, p in spec["points"]]
        if [(t.lower(), p) for t, p in pts] == [(t.lower(), p) for t, p in want]:
            pts = want  # upper-case tech headings (format H) name the same techs
        if pts != want:
            raise SystemExit(f"{case}: stack file does not parse to the spec's points")
    snum = _style_numbering(z)

    def numbered(p):
        ppr = p.find(grade.W + "pPr")
        if ppr is None:
            return False
        np_ = ppr.find(grade.W + "numPr/" + grade.W + "numId")
        if np_ is not None:
            return np_.get(grade.W + "val") != "0"
        ps = ppr.find(grade.W + "pStyle")
        return ps is not None and ps.get(grade.W + "val") in snum

    projects = []
    for i, pj in enumerate(spec["projects"]):
        bidx = parse_indices(pj["bullets"], P, numbered)
        fidx = parse_indices(pj.get("fingerprint", []))
        parents = [P[j].getparent() for j in bidx]
        if any(q is not parents[0] for q in parents):
            raise SystemExit("%s: project %d bullets are not in one parent" % (case, i))
        par = P[bidx[0]].getparent()
        kids = [c for c in par if c.tag == grade.W + "p"]
        pos = [kids.index(P[j]) for j in bidx]
        if pos != list(range(pos[0], pos[0] + len(pos))) and not pj.get("allow_gap"):
            raise SystemExit("%s: project %d bullets are not one contiguous run: %s" % (case, i, bidx))
        first = P[bidx[0]]
        marker = pj.get("marker")
        if marker:
            for j in bidx:
                if not grade.para_text(P[j]).startswith(marker):
                    raise SystemExit(
                        "%s: project %d paragraph %d does not start with %r" % (case, i, j, marker)
                    )
        projects.append(
            {
                "index": i,
                "layout": pj["layout"],
                "inner_layout": pj.get("inner_layout"),
                "in_table": any(a.tag == grade.W + "tc" for a in first.iterancestors()),
                "fingerprint": [grade.para_text(P[j]) for j in fidx],
                "fingerprint_paragraph_indices": fidx,
                "responsibilities_heading": pj.get("heading"),
                "bullets": [grade.para_text(P[j]) for j in bidx],
                "bullet_paragraph_indices": bidx,
                "bullet_ppr": grade.ppr_canon(first),
                "bullet_body_rpr": grade.body_rpr_canon(first),
                "literal_marker": marker,
            }
        )
    k = min(3, len(projects))
    assignment = [i % k for i in range(len(pts))]
    counts = [assignment.count(i) for i in range(k)]
    layouts = sorted({p["layout"] for p in projects[:k]})
    plan = []
    for p in projects[:k]:
        if p["layout"] not in plan:
            plan.append(p["layout"])
    with open(docx_path, "rb") as f:
        sha = hashlib.sha256(f.read()).hexdigest()
    return {
        "case": case,
        "set": set_name,
        "kind": "resume",
        "layouts": layouts,
        "layout_plan": plan,
        "stack_format": fmt,
        "stack_variants": [],
        "techs": group(pts)[0],
        "points": [{"tech": t, "text": p} for t, p in pts],
        "targets": k,
        "expected_counts": counts,
        "expected_assignment": assignment,
        "projects": projects,
        "distractor_bullets": [],
        "paragraph_count": len(P),
        "docx_sha256": sha,
        "traits": spec.get("traits", []),
        "language": spec.get("language"),
    }


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("docx")
    ap.add_argument("spec")
    ap.add_argument("stack")
    ap.add_argument("out")
    ap.add_argument("--set", default="realworld")
    ap.add_argument(
        "--write-stack", action="store_true", help="write the stack file from the spec's points first"
    )
    a = ap.parse_args(argv)
    with open(a.spec, encoding="utf-8") as f:
        spec = json.load(f)
    case = a.out.rsplit("/", 1)[-1][: -len(".truth.json")]
    if a.write_stack:
        with open(a.stack, "w", encoding="utf-8") as f:
            f.write(write_stack(spec["points"], spec["stack_format"]))
    truth = build(a.docx, spec, a.stack, case, a.set)
    with open(a.out, "w", encoding="utf-8") as f:
        json.dump(truth, f, indent=1, ensure_ascii=False)
        f.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
