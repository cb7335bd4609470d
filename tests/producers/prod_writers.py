"""Blocks -> .docx through real producers: python-docx, pandoc, LibreOffice (HTML and .docx input).

Each producer writes its own XML: python-docx its default template's styles ("List Bullet" with
numbering in the style), pandoc its "Compact"/"Body Text" paragraphs with one w:num per list and
pPr children in its own order, LibreOffice its "Text Body"/"Table Contents" styles, direct
formatting and numbering definitions. Nothing here writes WordprocessingML by hand.
"""

# ruff: noqa: E501  (ODF/HTML templates read better unbroken)

from __future__ import annotations

import dataclasses
import html
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import docx
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.shared import Inches, Pt, RGBColor
from prod_layouts import Block, Para, Run, Table


@dataclass
class Look:
    """How a producer dresses the blocks (fonts, heading and bullet style, tabs)."""

    font: str = "Calibri"
    size: float = 10.5
    color: str | None = None  # body text colour, hex
    direct: bool = True  # fonts as direct run formatting (else on the Normal style)
    heading: str = "style"  # style|bold|caps
    entryhead: str = "style"  # style|bold
    bullet: str = "List Bullet"  # a style name, "literal:<marker>", "symbol", "ul", "ol", "-", "*", "1."
    tabs: bool = True  # right-aligned dates through a tab stop (else a separator)
    sep: str = " | "
    bullet_space_after: float | None = None
    bullet_indent: float | None = None
    footer: str | None = None
    reference: str | None = None  # pandoc: name of the reference doc variant
    loose: bool = False  # pandoc: blank lines between list items
    custom_style: str | None = None  # pandoc: custom-style for literal bullets
    title_block: bool = False  # pandoc: the name as the document title, sections as Heading 1
    contact_in_header: bool = False  # python-docx: name and contact line in the page header
    inline_css: bool = False  # HTML: every run and paragraph styled inline, as Google Docs exports

    @property
    def literal(self) -> str | None:
        """The typed marker when bullets are literal characters, else None."""
        if self.bullet.startswith("literal:"):
            return self.bullet[len("literal:") :]
        if self.bullet == "symbol":
            return "\uf0b7\t"
        return None


def visible(block: Para) -> Para:
    """The block without tracked deletions (producers without change tracking drop them)."""
    if not any(r.deleted for r in block.runs):
        return block
    return dataclasses.replace(
        block, runs=[dataclasses.replace(r, inserted=False) for r in block.runs if not r.deleted]
    )


# --------------------------------------------------------------------------------------------
# python-docx
# --------------------------------------------------------------------------------------------


def _dress_run(run: docx.text.run.Run, r: Run, look: Look, *, size: float | None = None) -> None:
    run.bold = r.bold or None
    run.italic = r.italic or None
    if look.direct:
        run.font.name = look.font
        run.font.size = Pt(size or look.size)
        if look.color:
            run.font.color.rgb = RGBColor.from_string(look.color)


def _pydocx_para(
    container: object, block: Para, look: Look, first: docx.text.paragraph.Paragraph | None = None
) -> None:
    """Write one paragraph block with python-docx's high-level API into ``container``."""
    add = container.add_paragraph  # type: ignore[attr-defined]
    kind = block.kind
    block = visible(block)
    if kind == "blank":
        if first is None:
            add()
        return
    if kind == "name":
        p = first or add()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _dress_run(p.add_run(block.text), Run(block.text, bold=True), look, size=look.size + 8)
        return
    if kind == "heading":
        if look.heading == "style" and first is None:
            container.add_heading(block.text, level=2)  # type: ignore[attr-defined]
            return
        p = first or add()
        p.paragraph_format.space_before = Pt(10)
        p.paragraph_format.keep_with_next = True
        text = block.text.upper() if look.heading in ("caps", "style") else block.text
        _dress_run(p.add_run(text), Run(text, bold=True), look, size=look.size + 1)
        return
    if kind == "entryhead" and look.entryhead == "style" and first is None:
        container.add_heading(block.text, level=3)  # type: ignore[attr-defined]
        return
    if kind == "bullet":
        lit = look.literal
        if lit is None:
            style = look.bullet if block.list_kind == "bullet" else "List Number"
            if first is not None:
                first.style = style
                p = first
            else:
                p = add(style=style)
        else:
            p = first or add()
            p.paragraph_format.left_indent = Inches(0.25)
            p.paragraph_format.first_line_indent = Inches(-0.25)
            p.paragraph_format.tab_stops.add_tab_stop(Inches(0.25))
            if look.bullet == "symbol":
                m = p.add_run("\uf0b7")
                m.font.name = "Symbol"
                _dress_run(p.add_run("\t"), Run("\t"), look)
            else:
                _dress_run(p.add_run(lit), Run(lit), look)
        if look.bullet_space_after is not None:
            p.paragraph_format.space_after = Pt(look.bullet_space_after)
        if look.bullet_indent is not None and lit is None:
            p.paragraph_format.left_indent = Inches(look.bullet_indent)
        for r in block.runs:
            _dress_run(p.add_run(r.text), r, look)
        return
    p = first or add()
    if kind == "contact":
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if kind in ("header", "entryhead"):
        p.paragraph_format.space_before = Pt(6)
        p.paragraph_format.keep_with_next = True
    if block.align == "right":
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    runs = list(block.runs)
    if kind == "entryhead":
        runs = [Run(r.text, bold=True) for r in runs]
    for r in runs:
        _dress_run(p.add_run(r.text), r, look)
    if block.right:
        if look.tabs:
            p.paragraph_format.tab_stops.add_tab_stop(Inches(6.5), WD_TAB_ALIGNMENT.RIGHT)
            _dress_run(p.add_run("\t" + block.right), Run(block.right, bold=True), look)
        else:
            _dress_run(p.add_run(look.sep + block.right), Run(block.right), look)
    for line in block.lines:
        p.add_run().add_break()
        for r in line:
            _dress_run(p.add_run(r.text), r, look)


def _pydocx_table(container: object, table: Table, look: Look) -> None:
    cols = len(table.rows[0])
    t = container.add_table(rows=len(table.rows), cols=cols)  # type: ignore[attr-defined]
    if table.borders:
        t.style = container.part.document.styles["Table Grid"]  # type: ignore[attr-defined]
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    for ri, row in enumerate(table.rows):
        for ci, cell_blocks in enumerate(row):
            cell = t.cell(ri, ci)
            cell.width = Inches(table.widths[ci] if ci < len(table.widths) else 2.0)
            for bi, b in enumerate(cell_blocks):
                assert isinstance(b, Para), "no nested tables in this corpus"
                _pydocx_para(cell, b, look, first=cell.paragraphs[0] if bi == 0 else None)


def pydocx_document(blocks: list[Block], look: Look, out: Path, author: str) -> None:
    """Write ``blocks`` as a .docx with python-docx, as a recruiter's script would."""
    d = docx.Document()
    if not look.direct:
        normal = d.styles["Normal"]
        normal.font.name = look.font
        normal.font.size = Pt(look.size)
        if look.color:
            normal.font.color.rgb = RGBColor.from_string(look.color)
    sec = d.sections[0]
    sec.left_margin = sec.right_margin = Inches(1)
    if look.footer:
        sec.footer.paragraphs[0].text = look.footer
    d.core_properties.author = author
    d.core_properties.title = "Resume"
    header_kinds = ("name", "contact") if look.contact_in_header else ()
    first_header = True
    for b in blocks:
        if isinstance(b, Para) and b.kind in header_kinds:
            hp = sec.header.paragraphs[0] if first_header else sec.header.add_paragraph()
            first_header = False
            _pydocx_para(sec.header, b, look, first=hp)
        elif isinstance(b, Table):
            _pydocx_table(d, b, look)
        elif b.kind == "sectbreak":
            d.add_section(WD_SECTION.CONTINUOUS)
        else:
            _pydocx_para(d, b, look)
    d.save(str(out))


# --------------------------------------------------------------------------------------------
# HTML (converted by LibreOffice)
# --------------------------------------------------------------------------------------------


def _html_runs(runs: list[Run], css: str = "") -> str:
    out = []
    for r in runs:
        if r.deleted:
            continue
        s = html.escape(r.text, quote=False)
        if css:
            weight = "font-weight:700;" if r.bold else "font-weight:400;"
            slant = "font-style:italic;" if r.italic else "font-style:normal;"
            s = f'<span style="{css}{weight}{slant}">{s}</span>'
            out.append(f'<a href="{html.escape(r.link)}">{s}</a>' if r.link else s)
            continue
        if r.link:
            s = f'<a href="{html.escape(r.link)}">{s}</a>'
        if r.italic:
            s = f"<i>{s}</i>"
        if r.bold:
            s = f"<b>{s}</b>"
        out.append(s)
    return "".join(out)


def _html_blocks(blocks: list[Block], look: Look) -> list[str]:
    out: list[str] = []
    open_list: tuple[int, str] | None = None
    lit = look.literal
    for b in blocks:
        if open_list and not (isinstance(b, Para) and b.kind == "bullet" and b.list_id == open_list[0]):
            out.append(f"</{open_list[1]}>")
            open_list = None
        if isinstance(b, Table):
            border = ' border="1" cellspacing="0"' if b.borders else ' border="0" cellspacing="0"'
            out.append(f'<table width="100%"{border} cellpadding="4">')
            for row in b.rows:
                out.append("<tr>")
                for ci, cell in enumerate(row):
                    w = int(100 * b.widths[ci] / sum(b.widths)) if ci < len(b.widths) else 30
                    out.append(
                        f'<td width="{w}%" valign="top">' + "".join(_html_blocks(cell, look)) + "</td>"
                    )
                out.append("</tr>")
            out.append("</table>")
            continue
        k = b.kind
        if k == "sectbreak":
            continue
        if k == "blank":
            out.append("<p>&nbsp;</p>")
            continue
        css = ""
        if look.inline_css:
            css = f"color:#{look.color or '000000'};font-family:'{look.font}';font-size:{look.size}pt;"
        body = _html_runs(b.runs, css)
        if b.right:
            body += html.escape(look.sep) + f"<b>{html.escape(b.right)}</b>"
        for line in b.lines:
            body += "<br>" + _html_runs(line, css)
        align = ' align="right"' if b.align == "right" else ""
        if k == "name":
            out.append(f'<p align="center" style="font-size:18pt"><b>{body}</b></p>')
        elif k == "contact":
            out.append(f'<p align="center">{body}</p>')
        elif k == "heading":
            if look.heading == "style":
                out.append(f"<h2>{body}</h2>")
            else:
                out.append(
                    f'<p style="margin-top:12pt;font-size:12pt"><b>{html.escape(b.text.upper())}</b></p>'
                )
        elif k == "entryhead":
            out.append(f"<h3>{body}</h3>" if look.entryhead == "style" else f"<p><b>{body}</b></p>")
        elif k == "bullet":
            if lit is not None:
                out.append(
                    f'<p style="margin-left:0.25in;text-indent:-0.2in;margin-bottom:2pt">{html.escape(lit)}{body}</p>'
                )
                continue
            tag = "ol" if (look.bullet == "ol" or b.list_kind == "number") else "ul"
            if open_list is None:
                style = ' style="list-style-type:square"' if look.bullet == "ul-square" else ""
                out.append(f"<{tag}{style}>")
                open_list = (b.list_id, tag)
            li_css = (
                ' style="margin-left:18pt;padding-left:0pt;line-height:1.15;margin-top:0pt;margin-bottom:0pt"'
                if look.inline_css
                else ""
            )
            out.append(f"<li{li_css}>{body}</li>")
        else:
            out.append(f"<p{align}>{body}</p>")
    if open_list:
        out.append(f"</{open_list[1]}>")
    return out


def html_document(blocks: list[Block], look: Look, title: str) -> str:
    """The blocks as an HTML page with CSS that LibreOffice maps to styles and direct formatting."""
    color = f"color:#{look.color};" if look.color else ""
    css = (
        f"body {{ font-family: '{look.font}'; font-size: {look.size}pt; {color} }}\n"
        f"p, li {{ font-family: '{look.font}'; font-size: {look.size}pt; margin-top: 0; margin-bottom: 3pt; {color} }}\n"
        "h2 { font-size: 13pt; color: #1F3864; border-bottom: 1px solid #1F3864; }\n"
        "h3 { font-size: 11pt; }\n"
    )
    return (
        f'<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>{html.escape(title)}</title>\n'
        f"<style>\n{css}</style></head>\n<body>\n"
        + "\n".join(_html_blocks(blocks, look))
        + "\n</body></html>\n"
    )


# --------------------------------------------------------------------------------------------
# Markdown (converted by pandoc)
# --------------------------------------------------------------------------------------------


def _md_escape(s: str) -> str:
    for ch in "\\*_`[]<>#|$":
        s = s.replace(ch, "\\" + ch)
    return s


CHANGE = 'author="Hiring Desk" date="2025-03-04T09:30:00Z"'


def _md_runs(runs: list[Run]) -> str:
    out = []
    for r in runs:
        if r.deleted or r.inserted:
            kind = "deletion" if r.deleted else "insertion"
            out.append(f"[{_md_escape(r.text)}]{{.{kind} {CHANGE}}}")
            continue
        if r.comment:
            out.append(
                f'[{_md_escape(r.comment)}]{{.comment-start id="{abs(hash(r.comment)) % 1000}" {CHANGE}}}'
            )
        core = r.text.strip()
        lead = r.text[: len(r.text) - len(r.text.lstrip())]
        trail = r.text[len(r.text.rstrip()) :]
        s = _md_escape(core)
        if r.link:
            s = f"[{s}]({r.link})"
        if core and r.italic:
            s = f"*{s}*"
        if core and r.bold:
            s = f"**{s}**"
        out.append(lead + s + trail)
        if r.comment:
            out.append(f'[]{{.comment-end id="{abs(hash(r.comment)) % 1000}"}}')
    return "".join(out)


def _md_cell_text(blocks: list[Para], look: Look) -> list[str]:
    return _md_blocks(list(blocks), look)


def _md_grid_table(t: Table, look: Look) -> list[str]:
    """A pandoc grid table (cells may hold lists and several paragraphs)."""
    cells = [[_md_cell_text(c, look) for c in row] for row in t.rows]
    widths = [
        max(12, *(max((len(line) for line in cells[r][c]), default=0) for r in range(len(cells)))) + 2
        for c in range(len(t.rows[0]))
    ]
    sep = "+" + "+".join("-" * w for w in widths) + "+"
    out = [sep]
    for row in cells:
        height = max(len(c) for c in row)
        for i in range(height):
            out.append(
                "|"
                + "|".join(
                    " " + (c[i] if i < len(c) else "").ljust(w - 1) for c, w in zip(row, widths, strict=True)
                )
                + "|"
            )
        out.append(sep)
    return out


def _md_blocks(blocks: list[Block], look: Look) -> list[str]:
    out: list[str] = []
    prev_list: int | None = None
    lit = look.literal
    for b in blocks:
        if isinstance(b, Table):
            out += ["", *_md_grid_table(b, look), ""]
            prev_list = None
            continue
        k = b.kind
        if k in ("blank", "sectbreak"):
            continue  # markdown has no empty paragraphs nor sections
        body = _md_runs(b.runs)
        if b.right:
            body += _md_escape(look.sep) + "**" + _md_escape(b.right) + "**"
        for line in b.lines:
            body += "\\\n" + _md_runs(line)
        if k == "bullet" and lit is None:
            marker = "1." if (look.bullet == "1." or b.list_kind == "number") else look.bullet
            if prev_list is not None and prev_list != b.list_id:
                out += ["", "<!-- -->"]  # two lists in a row stay two lists
            if prev_list != b.list_id or look.loose:
                out.append("")
            out.append(f"{marker} {body}")
            prev_list = b.list_id
            continue
        prev_list = None
        if k == "bullet":
            text = _md_escape(lit) + body
            if look.custom_style:
                out += ["", f'::: {{custom-style="{look.custom_style}"}}', text, ":::"]
            else:
                out += ["", text]
        elif k == "name":
            out += ["", f"% {body}" if look.title_block else f"# {body}"]
        elif k == "heading":
            h = "#" if look.title_block else "##"
            out += ["", f"{h} {body}" if look.heading == "style" else f"**{_md_escape(b.text.upper())}**"]
        elif k == "entryhead":
            h = "##" if look.title_block else "###"
            out += ["", f"{h} {body}" if look.entryhead == "style" else f"**{_md_escape(b.text)}**"]
        else:
            out += ["", body]
    return out


def markdown_document(blocks: list[Block], look: Look) -> str:
    """The blocks as pandoc markdown."""
    lines = _md_blocks(blocks, look)
    while lines and not lines[0]:
        lines.pop(0)
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------------------------
# running the converters
# --------------------------------------------------------------------------------------------


def pandoc(md: str, out: Path, reference: Path | None = None) -> None:
    """markdown -> .docx with pandoc (smart punctuation off: the text must stay as written)."""
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in.md"
        src.write_text(md, encoding="utf-8")
        cmd = ["pandoc", "-f", "markdown-smart", "-t", "docx", str(src), "-o", str(out)]
        if reference is not None:
            cmd += ["--reference-doc", str(reference)]
        subprocess.run(cmd, check=True, capture_output=True, timeout=120)


def pandoc_reference(out: Path, font: str, size: float, color: str) -> None:
    """A reference .docx: pandoc's default one with its fonts and heading colours restyled."""
    data = subprocess.run(
        ["pandoc", "--print-default-data-file", "reference.docx"], check=True, capture_output=True, timeout=60
    ).stdout
    out.write_bytes(data)
    d = docx.Document(str(out))
    # by .name: pandoc spells built-in names "Heading 1", which python-docx's lookup lower-cases
    styles = {s.name: s for s in d.styles}
    for name in ("Normal", "Body Text", "First Paragraph", "Compact"):
        st = styles[name]
        st.font.name = font
        st.font.size = Pt(size)
        if name == "Compact":
            st.paragraph_format.space_after = Pt(1)
    for name in ("Heading 1", "Heading 2", "Heading 3"):
        styles[name].font.color.rgb = RGBColor.from_string(color)
        styles[name].font.name = font
    d.save(str(out))


def soffice_convert(sources: list[Path], outdir: Path, target: str = "docx:MS Word 2007 XML") -> None:
    """Convert files with headless LibreOffice (one start for all of them), to .docx by default."""
    if not sources:
        return
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None:
        raise RuntimeError("LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui")
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="lo_profile_") as profile:
        cmd = [
            exe,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            target,
            "--outdir",
            str(outdir),
            *map(str, sources),
        ]
        env = dict(os.environ, HOME=profile)
        subprocess.run(cmd, check=True, capture_output=True, timeout=600, env=env)
    for s in sources:
        if not (outdir / (s.stem + "." + target.split(":")[0])).is_file():
            raise RuntimeError(f"LibreOffice did not convert {s.name}")


# --------------------------------------------------------------------------------------------
# flat OpenDocument text (.fodt, converted by LibreOffice): named styles, list styles, fields
# --------------------------------------------------------------------------------------------

FODT_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
    'xmlns:xlink="http://www.w3.org/1999/xlink" '
    'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"'
)


def _odf_text(s: str) -> str:
    """Text with ODF's whitespace elements: tabs, line breaks, runs of spaces."""
    out = []
    for i, piece in enumerate(s.split("\t")):
        if i:
            out.append("<text:tab/>")
        esc = html.escape(piece, quote=False)
        # ODF collapses runs of spaces: keep the extra ones as text:s
        out.append(re.sub(r"  +", lambda m: " " + f'<text:s text:c="{len(m.group()) - 1}"/>', esc))
    return "".join(out)


def _odf_runs(runs: list[Run]) -> str:
    out = []
    for r in runs:
        if r.deleted:
            continue
        s = _odf_text(r.text)
        if r.link:
            s = f'<text:a xlink:type="simple" xlink:href="{html.escape(r.link)}">{s}</text:a>'
        style = ("B" if r.bold else "") + ("I" if r.italic else "")
        if style:
            s = f'<text:span text:style-name="{style}">{s}</text:span>'
        out.append(s)
    return "".join(out)


def _odf_blocks(blocks: list[Block], look: Look) -> list[str]:
    out: list[str] = []
    open_list: int | None = None
    in_section = False
    lit = look.literal
    styles = {
        "name": "Resume_20_Name",
        "contact": "Contact",
        "heading": "Section_20_Heading",
        "header": "Entry_20_Header",
        "entryhead": "Entry_20_Header" if look.entryhead == "bold" else "Heading_20_3",
        "sub": "Entry_20_Title",
        "label": "Standard",
        "text": "Text_20_body",
        "env": "Standard",
    }
    for b in blocks:
        if open_list is not None and not (
            isinstance(b, Para) and b.kind == "bullet" and b.list_id == open_list and lit is None
        ):
            out.append("</text:list>")
            open_list = None
        if isinstance(b, Table):
            n = len(b.rows[0])
            cell = "CellB" if b.borders else "CellN"
            out.append(f'<table:table table:style-name="{"TblB" if b.borders else "TblN"}">')
            for ci in range(n):
                out.append(f'<table:table-column table:style-name="Col{n}_{ci}"/>')
            for row in b.rows:
                out.append("<table:table-row>")
                for cb in row:
                    out.append(f'<table:table-cell table:style-name="{cell}" office:value-type="string">')
                    out += _odf_blocks(cb, look)
                    out.append("</table:table-cell>")
                out.append("</table:table-row>")
            out.append("</table:table>")
            continue
        if b.kind == "blank":
            out.append('<text:p text:style-name="Standard"/>')
            continue
        if b.kind == "sectbreak":
            out.append(
                "</text:section>"
                if in_section
                else f'<text:section text:style-name="Sect2" text:name="Columns{len(out)}">'
            )
            in_section = not in_section
            continue
        body = _odf_runs(b.runs)
        if b.kind == "entryhead" and look.entryhead == "bold":
            body = f'<text:span text:style-name="B">{body}</text:span>'
        if b.right:
            sep = "<text:tab/>" if look.tabs else _odf_text(look.sep)
            body += sep + f'<text:span text:style-name="B">{_odf_text(b.right)}</text:span>'
        for line in b.lines:
            body += "<text:line-break/>" + _odf_runs(line)
        if b.kind == "bullet":
            if lit is not None:
                out.append(f'<text:p text:style-name="Literal_20_Bullet">{_odf_text(lit)}{body}</text:p>')
                continue
            if open_list is None:
                ls = "ResumeNumbers" if b.list_kind == "number" else "ResumeBullets"
                out.append(f'<text:list text:style-name="{ls}">')
                open_list = b.list_id
            out.append(
                f'<text:list-item><text:p text:style-name="Resume_20_Bullet">{body}</text:p></text:list-item>'
            )
            continue
        style = styles[b.kind]
        if b.align == "right":
            style = "PRight"
        out.append(f'<text:p text:style-name="{style}">{body}</text:p>')
    if open_list is not None:
        out.append("</text:list>")
    return out


def fodt_document(blocks: list[Block], look: Look, updated: str) -> str:
    """The blocks as a flat ODT: named paragraph styles, a list style, a footer with fields."""
    font = html.escape(look.font)
    color = f' fo:color="#{look.color}"' if look.color else ""
    char = look.bullet[len("list:") :] if look.bullet.startswith("list:") else "•"
    bullet_font = "Wingdings" if char in "\uf0d8\uf0a7" else "OpenSymbol"
    caps = ' fo:text-transform="uppercase"' if look.heading == "caps" else ""
    cols = []
    for n, widths in ((1, (17.0,)), (2, (4.5, 12.5))):
        for ci, w in enumerate(widths):
            cols.append(
                f'<style:style style:name="Col{n}_{ci}" style:family="table-column"><style:table-column-properties style:column-width="{w}cm"/></style:style>'
            )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document {FODT_NS} office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:font-face-decls><style:font-face style:name="{font}" svg:font-family="{font}"/><style:font-face style:name="{bullet_font}" svg:font-family="{bullet_font}" style:font-charset="x-symbol"/></office:font-face-decls>
<office:styles>
<style:style style:name="Standard" style:family="paragraph"><style:paragraph-properties fo:margin-top="0cm" fo:margin-bottom="0.05cm"/><style:text-properties style:font-name="{font}" fo:font-size="{look.size}pt"{color}/></style:style>
<style:style style:name="Text_20_body" style:display-name="Text body" style:family="paragraph" style:parent-style-name="Standard"><style:paragraph-properties fo:margin-bottom="0.12cm" fo:text-align="justify"/></style:style>
<style:style style:name="Resume_20_Name" style:display-name="Resume Name" style:family="paragraph" style:parent-style-name="Standard"><style:paragraph-properties fo:text-align="center"/><style:text-properties fo:font-size="20pt" fo:font-weight="bold"/></style:style>
<style:style style:name="Contact" style:family="paragraph" style:parent-style-name="Standard"><style:paragraph-properties fo:text-align="center" fo:margin-bottom="0.3cm"/></style:style>
<style:style style:name="Section_20_Heading" style:display-name="Section Heading" style:family="paragraph" style:parent-style-name="Standard" style:default-outline-level="1"><style:paragraph-properties fo:margin-top="0.35cm" fo:margin-bottom="0.12cm" fo:border-bottom="0.5pt solid #1f3864" fo:padding="0cm" fo:keep-with-next="always"/><style:text-properties fo:font-size="12pt" fo:font-weight="bold"{caps} fo:color="#1f3864"/></style:style>
<style:style style:name="Heading_20_3" style:display-name="Heading 3" style:family="paragraph" style:parent-style-name="Standard" style:default-outline-level="3"><style:paragraph-properties fo:margin-top="0.25cm" fo:keep-with-next="always"/><style:text-properties fo:font-size="11pt" fo:font-weight="bold"/></style:style>
<style:style style:name="Entry_20_Header" style:display-name="Entry Header" style:family="paragraph" style:parent-style-name="Standard"><style:paragraph-properties fo:margin-top="0.25cm" fo:keep-with-next="always"><style:tab-stops><style:tab-stop style:position="17cm" style:type="right"/></style:tab-stops></style:paragraph-properties></style:style>
<style:style style:name="Entry_20_Title" style:display-name="Entry Title" style:family="paragraph" style:parent-style-name="Standard"><style:text-properties fo:font-style="italic"/></style:style>
<style:style style:name="Resume_20_Bullet" style:display-name="Resume Bullet" style:family="paragraph" style:parent-style-name="Standard" style:list-style-name="ResumeBullets"><style:paragraph-properties fo:margin-bottom="0.03cm" fo:text-align="justify"/></style:style>
<style:style style:name="Literal_20_Bullet" style:display-name="Literal Bullet" style:family="paragraph" style:parent-style-name="Standard"><style:paragraph-properties fo:margin-left="0.6cm" fo:text-indent="-0.6cm"><style:tab-stops><style:tab-stop style:position="0cm"/></style:tab-stops></style:paragraph-properties></style:style>
<style:style style:name="Footer" style:family="paragraph" style:parent-style-name="Standard"><style:paragraph-properties fo:text-align="center"/><style:text-properties fo:font-size="8pt"/></style:style>
<text:list-style style:name="ResumeBullets">
<text:list-level-style-bullet text:level="1" text:bullet-char="{char}"><style:list-level-properties text:list-level-position-and-space-mode="label-alignment"><style:list-level-label-alignment text:label-followed-by="listtab" text:list-tab-stop-position="0.6cm" fo:text-indent="-0.6cm" fo:margin-left="0.6cm"/></style:list-level-properties><style:text-properties style:font-name="{bullet_font}"/></text:list-level-style-bullet>
<text:list-level-style-bullet text:level="2" text:bullet-char="◦"><style:list-level-properties text:list-level-position-and-space-mode="label-alignment"><style:list-level-label-alignment text:label-followed-by="listtab" text:list-tab-stop-position="1.2cm" fo:text-indent="-0.6cm" fo:margin-left="1.2cm"/></style:list-level-properties></text:list-level-style-bullet>
</text:list-style>
<text:list-style style:name="ResumeNumbers">
<text:list-level-style-number text:level="1" style:num-suffix="." style:num-format="1"><style:list-level-properties text:list-level-position-and-space-mode="label-alignment"><style:list-level-label-alignment text:label-followed-by="listtab" text:list-tab-stop-position="0.6cm" fo:text-indent="-0.6cm" fo:margin-left="0.6cm"/></style:list-level-properties></text:list-level-style-number>
</text:list-style>
</office:styles>
<office:automatic-styles>
<style:style style:name="B" style:family="text"><style:text-properties fo:font-weight="bold"/></style:style>
<style:style style:name="I" style:family="text"><style:text-properties fo:font-style="italic"/></style:style>
<style:style style:name="BI" style:family="text"><style:text-properties fo:font-weight="bold" fo:font-style="italic"/></style:style>
<style:style style:name="Sect2" style:family="section"><style:section-properties><style:columns fo:column-count="2" fo:column-gap="0.6cm"/></style:section-properties></style:style>
<style:style style:name="PRight" style:family="paragraph" style:parent-style-name="Standard"><style:paragraph-properties fo:text-align="end"/></style:style>
<style:style style:name="TblN" style:family="table"><style:table-properties style:width="17cm" table:align="left"/></style:style>
<style:style style:name="TblB" style:family="table"><style:table-properties style:width="17cm" table:align="left"/></style:style>
<style:style style:name="CellN" style:family="table-cell"><style:table-cell-properties fo:padding="0.05cm" fo:border="none"/></style:style>
<style:style style:name="CellB" style:family="table-cell"><style:table-cell-properties fo:padding="0.1cm" fo:border="0.5pt solid #808080"/></style:style>
{"".join(cols)}
<style:page-layout style:name="pm1"><style:page-layout-properties fo:page-width="21.59cm" fo:page-height="27.94cm" fo:margin-left="2.2cm" fo:margin-right="2.2cm" fo:margin-top="1.6cm" fo:margin-bottom="1.4cm"/><style:footer-style><style:header-footer-properties fo:min-height="0.6cm"/></style:footer-style></style:page-layout>
</office:automatic-styles>
<office:master-styles><style:master-page style:name="Standard" style:page-layout-name="pm1"><style:footer><text:p text:style-name="Footer">Page <text:page-number text:select-page="current">1</text:page-number> of <text:page-count>2</text:page-count> · updated <text:date text:date-value="{updated}" text:fixed="true">{updated}</text:date></text:p></style:footer></style:master-page></office:master-styles>
<office:body><office:text>
{chr(10).join(_odf_blocks(blocks, look))}
</office:text></office:body></office:document>
"""
