"""Real .docx files that link to a Word template, as Word writes them (for the guard, engine and page tests).

Word records the template a document was started from twice: an external ``attachedTemplate``
relationship in ``word/_rels/settings.xml.rels`` and ``<w:attachedTemplate r:id="…"/>`` in
``word/settings.xml`` (before ``w:defaultTabStop``, where the schema puts it).
"""

from __future__ import annotations

import io
import re
import zipfile
from xml.sax.saxutils import escape

REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
TEMPLATE_TYPE = f"{REL_NS}/attachedTemplate"
SETTINGS = "word/settings.xml"
SETTINGS_RELS = "word/_rels/settings.xml.rels"
# A second relationship of the settings part that has nothing to do with the template.
MAIL_MERGE_SOURCE = (
    f'<Relationship Id="rId2" Type="{REL_NS}/mailMergeSource" '
    'Target="file:///C:\\Users\\jane\\Documents\\contacts.xlsx" TargetMode="External"/>'
)

LOCAL_TARGETS = (
    "file:///C:\\Users\\jane\\AppData\\Roaming\\Microsoft\\Templates\\Resume.dotx",
    "file:///C:/Users/jane/Documents/Custom%20Office%20Templates/Modern.dotx",
    "C:\\Program Files\\Microsoft Office\\root\\Templates\\1033\\Resume.dotx",
    "Normal.dotm",
    "../Templates/Resume.dotx",
    "file:///Users/jane/Library/Group%20Containers/UBF8T346G9.Office/User%20Content/Templates/CV.dotx",
)
# (target, the host the warning must name)
REMOTE_TARGETS = (
    ("\\\\server\\share\\x.dotx", "server"),
    ("file:///\\\\fileserver.corp.example\\templates\\Proposal.dot", "fileserver.corp.example"),
    ("file://nas.corp.example/templates/Letter.dotx", "nas.corp.example"),
    ("https://evil.example/x.dotx", "evil.example"),
    ("http://203.0.113.7/payload.dotm", "203.0.113.7"),
    ("ftp://ftp.evil.example/t.dotx", "ftp.evil.example"),
    ("//host.evil.example/share/t.dotx", "host.evil.example"),
)


def with_template_link(
    data: bytes,
    target: str,
    *,
    rel_type: str = TEMPLATE_TYPE,
    extra_rels: str = MAIL_MERGE_SOURCE,
    in_settings: bool = True,
) -> bytes:
    """A copy of the .docx ``data`` whose settings attach the template at ``target``.

    ``in_settings=False`` leaves settings.xml alone (only the relationship is written).
    """
    rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
        f'<Relationships xmlns="{PKG_REL_NS}"><Relationship Id="rId1" Type="{rel_type}" '
        f'Target="{escape(target, {chr(34): "&quot;"})}" TargetMode="External"/>{extra_rels}</Relationships>'
    )
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info)
            if info.filename == SETTINGS and in_settings:
                body = _attach(body.decode("utf-8")).encode("utf-8")
            dst.writestr(info, body)
        dst.writestr(SETTINGS_RELS, rels)
    return out.getvalue()


def _attach(settings: str) -> str:
    """settings.xml with ``<w:attachedTemplate r:id="rId1"/>`` where Word writes it."""
    head = re.search(r"<w:settings\b[^>]*>", settings)
    assert head is not None, "no w:settings element"
    start = head.group(0)
    if "xmlns:r=" not in start:
        settings = settings.replace(start, start[:-1] + f' xmlns:r="{REL_NS}">', 1)
    element = '<w:attachedTemplate r:id="rId1"/>'
    if "<w:defaultTabStop" in settings:
        return settings.replace("<w:defaultTabStop", element + "<w:defaultTabStop", 1)
    return settings.replace("</w:settings>", element + "</w:settings>", 1)
