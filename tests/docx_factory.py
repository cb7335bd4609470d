"""Build real .docx files for tests, paragraph by paragraph, with full control of the XML.

The package is a minimal but complete WordprocessingML document (content types, package and
part relationships, styles with a numbered "List Bullet", numbering, settings, a header and
an image), so tests can check that untouched parts come out byte for byte.
"""

from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
W14_NS = "http://schemas.microsoft.com/office/word/2010/wordml"
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

BODY_RPR = (
    '<w:rFonts w:ascii="Arial" w:hAnsi="Arial" w:cs="Arial"/><w:color w:val="404040"/><w:sz w:val="21"/>'
)
BOLD_RPR = '<w:rFonts w:ascii="Arial" w:hAnsi="Arial" w:cs="Arial"/><w:b/><w:sz w:val="22"/>'
HEADING_RPR = '<w:b/><w:caps/><w:sz w:val="26"/>'

STYLES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="{W_NS}">
<w:docDefaults><w:rPrDefault><w:rPr><w:sz w:val="21"/></w:rPr></w:rPrDefault></w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/>
  <w:rPr><w:sz w:val="48"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/>
  <w:pPr><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:sz w:val="28"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/>
  <w:pPr><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:b/><w:sz w:val="24"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="ListParagraph"><w:name w:val="List Paragraph"/>
  <w:basedOn w:val="Normal"/><w:pPr><w:ind w:left="720"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="ListBullet"><w:name w:val="List Bullet"/><w:basedOn w:val="Normal"/>
  <w:pPr><w:numPr><w:numId w:val="1"/></w:numPr><w:ind w:left="360" w:hanging="360"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="MyBullets"><w:name w:val="My Bullets"/><w:basedOn w:val="ListBullet"/>
  <w:pPr><w:spacing w:after="40"/></w:pPr></w:style>
<w:style w:type="character" w:styleId="Hyperlink"><w:name w:val="Hyperlink"/>
  <w:rPr><w:color w:val="0563C1"/><w:u w:val="single"/></w:rPr></w:style>
<w:style w:type="character" w:styleId="Strong"><w:name w:val="Strong"/><w:rPr><w:b/></w:rPr></w:style>
</w:styles>"""

NUMBERING = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering xmlns:w="{W_NS}">
<w:abstractNum w:abstractNumId="0">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="\u2022"/>
    <w:lvlJc w:val="left"/><w:pPr><w:ind w:left="720" w:hanging="360"/></w:pPr></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="o"/>
    <w:lvlJc w:val="left"/><w:pPr><w:ind w:left="1440" w:hanging="360"/></w:pPr></w:lvl>
</w:abstractNum>
<w:abstractNum w:abstractNumId="1">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/>
    <w:lvlJc w:val="left"/><w:pPr><w:ind w:left="720" w:hanging="360"/></w:pPr></w:lvl>
</w:abstractNum>
<w:abstractNum w:abstractNumId="2">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="none"/><w:lvlText w:val=""/>
    <w:lvlJc w:val="left"/></w:lvl>
</w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="0"/></w:num>
<w:num w:numId="3"><w:abstractNumId w:val="1"/></w:num>
<w:num w:numId="4"><w:abstractNumId w:val="0"/></w:num>
<w:num w:numId="5"><w:abstractNumId w:val="2"/></w:num>
</w:numbering>"""

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Default Extension="png" ContentType="image/png"/>
<Override PartName="/word/document.xml"
  ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/word/styles.xml"
  ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>
<Override PartName="/word/numbering.xml"
  ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>
<Override PartName="/word/settings.xml"
  ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>
<Override PartName="/word/header1.xml"
  ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>
<Override PartName="/docProps/core.xml"
  ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>
</Types>"""

PACKAGE_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1"
  Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
  Target="word/document.xml"/>
<Relationship Id="rId2"
  Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
  Target="docProps/core.xml"/>
</Relationships>"""

DOCUMENT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"
  Target="styles.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering"
  Target="numbering.xml"/>
<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings"
  Target="settings.xml"/>
<Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header"
  Target="header1.xml"/>
<Relationship Id="rId5" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"
  Target="media/image1.png"/>
<Relationship Id="rId6" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
  Target="https://example.com/" TargetMode="External"/>
</Relationships>"""

SETTINGS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:settings xmlns:w="{W_NS}"><w:defaultTabStop w:val="720"/></w:settings>"""

HEADER = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:hdr xmlns:w="{W_NS}"><w:p><w:r><w:t>Confidential resume</w:t></w:r></w:p></w:hdr>"""

CORE = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
  xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Resume</dc:title></cp:coreProperties>"""

# A 1x1 transparent PNG.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000100e221bc330000000049454e44ae426082"
)


def run(text: str, rpr: str = BODY_RPR, *, rsid: str | None = None) -> str:
    """A ``w:r`` with text; tabs become ``w:tab``."""
    parts = []
    for i, chunk in enumerate(text.split("\t")):
        if i:
            parts.append("<w:tab/>")
        if chunk:
            parts.append(f'<w:t xml:space="preserve">{escape(chunk)}</w:t>')
    rpr_xml = f"<w:rPr>{rpr}</w:rPr>" if rpr else ""
    attr = f' w:rsidR="{rsid}"' if rsid else ""
    return f"<w:r{attr}>{rpr_xml}{''.join(parts)}</w:r>"


def para(
    text: str = "",
    *,
    style: str | None = None,
    num: tuple[int, int] | None = None,
    rpr: str = BODY_RPR,
    ppr: str = "",
    runs: str | None = None,
    para_id: str | None = None,
) -> str:
    """A ``w:p``: style, direct numbering and extra pPr, then one run of ``text`` (or ``runs``)."""
    ppr_parts = []
    if style:
        ppr_parts.append(f'<w:pStyle w:val="{style}"/>')
    if num is not None:
        ppr_parts.append(f'<w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr>')
    ppr_parts.append(ppr)
    ppr_xml = f"<w:pPr>{''.join(ppr_parts)}</w:pPr>" if any(ppr_parts) else ""
    body = runs if runs is not None else (run(text, rpr) if text else "")
    attrs = f' w14:paraId="{para_id}" w:rsidR="00AB12CD"' if para_id else ""
    return f"<w:p{attrs}>{ppr_xml}{body}</w:p>"


def heading(text: str, *, style: str | None = "Heading1") -> str:
    """A section heading: a Heading style, or bold caps when ``style`` is None."""
    if style:
        return para(text, style=style, rpr="")
    return para(text, rpr=HEADING_RPR)


def bold(text: str) -> str:
    """A bold line (entry headers)."""
    return para(text, rpr=BOLD_RPR)


def bullets(texts: list[str], *, num: int = 2, ppr: str = '<w:spacing w:after="40"/>') -> list[str]:
    """Word-numbered bullets (direct ``w:numPr``)."""
    return [para(t, num=(num, 0), ppr=ppr) for t in texts]


def literal_bullets(texts: list[str], marker: str = "• ") -> list[str]:
    """Bullets typed into the text with a marker and separator."""
    return [para(marker + t, ppr='<w:ind w:left="360" w:hanging="270"/>') for t in texts]


def cell(*paragraphs: str, width: int = 4500) -> str:
    """A table cell holding paragraphs."""
    inner = "".join(paragraphs) or "<w:p/>"
    return f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>{inner}</w:tc>'


def table(*rows: list[str], borders: bool = False) -> str:
    """A table from rows of cells (``cell(...)`` strings); borderless by default."""
    border = "single" if borders else "nil"
    tblpr = (
        '<w:tblPr><w:tblW w:w="0" w:type="auto"/><w:tblBorders>'
        + "".join(
            f'<w:{s} w:val="{border}"/>' for s in ("top", "left", "bottom", "right", "insideH", "insideV")
        )
        + "</w:tblBorders></w:tblPr>"
    )
    body = "".join("<w:tr>" + "".join(r) + "</w:tr>" for r in rows)
    return f"<w:tbl>{tblpr}<w:tblGrid/>{body}</w:tbl>"


SECT_PR = (
    '<w:sectPr><w:headerReference w:type="default" r:id="rId4"/>'
    '<w:pgSz w:w="12240" w:h="15840"/><w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440"/>'
    "</w:sectPr>"
)


def document_xml(blocks: list[str]) -> str:
    """The main part's XML for a list of block-level XML strings."""
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}" xmlns:w14="{W14_NS}">'
        f"<w:body>{''.join(blocks)}{SECT_PR}</w:body></w:document>"
    )


def build_docx(
    blocks: list[str],
    *,
    styles: str = STYLES,
    numbering: str | None = NUMBERING,
    extra_parts: dict[str, bytes] | None = None,
) -> bytes:
    """A complete .docx package whose body holds ``blocks`` (paragraph/table XML strings)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", PACKAGE_RELS)
        z.writestr("docProps/core.xml", CORE)
        z.writestr("word/document.xml", document_xml(blocks))
        z.writestr("word/_rels/document.xml.rels", DOCUMENT_RELS)
        z.writestr("word/styles.xml", styles)
        if numbering is not None:
            z.writestr("word/numbering.xml", numbering)
        z.writestr("word/settings.xml", SETTINGS)
        z.writestr("word/header1.xml", HEADER)
        z.writestr("word/media/image1.png", PNG)
        for name, data in (extra_parts or {}).items():
            z.writestr(name, data)
    return buf.getvalue()


def flat(*items: str | list[str]) -> list[str]:
    """Flatten strings and lists of strings into one block list."""
    out: list[str] = []
    for it in items:
        out.extend([it] if isinstance(it, str) else it)
    return out
