"""The one place that touches lxml: a hardened parser, namespaces and ``qn()``.

Documents come from strangers, so the parser resolves no entities, loads no DTD, never
touches the network and refuses a DOCTYPE outright (billion laughs, external entities).
"""

from __future__ import annotations

from lxml import etree

from ..errors import InvalidDocument

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
W14_NS = "http://schemas.microsoft.com/office/word/2010/wordml"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
XML_NS = "http://www.w3.org/XML/1998/namespace"

WP_NS = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
V_NS = "urn:schemas-microsoft-com:vml"

NSMAP = {"w": W_NS, "r": R_NS, "w14": W14_NS, "mc": MC_NS, "wp": WP_NS, "v": V_NS}

_W = f"{{{W_NS}}}"


def qn(tag: str) -> str:
    """Clark notation for a prefixed name: ``qn("w:p")`` -> ``{...main}p``."""
    prefix, local = tag.split(":", 1)
    if prefix == "w":
        return _W + local
    if prefix == "xml":
        return f"{{{XML_NS}}}{local}"
    return f"{{{NSMAP[prefix]}}}{local}"


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_blank_text=False,
        remove_comments=False,
    )


_PARSER = _parser()


def _syntax_error_message(msg: str, part: str) -> str:
    """What a parse error means to the user; libxml2's safety limits are not corruption.

    Without ``huge_tree`` libxml2 stops at 256 levels of nesting and at very large text nodes,
    and says "use XML_PARSE_HUGE option": words about its own switches, not about the file.
    """
    if "XML_PARSE_HUGE" in msg or "Excessive depth" in msg or "huge" in msg.lower():
        if "depth" in msg.lower():
            return (
                f"The document's {part} nests its elements too deeply (over 256 levels) to be a real "
                "Word document; open it in Word and save it again as .docx, or use the original file."
            )
        return (
            f"The document's {part} holds a piece of text too large to be a real Word document; "
            "open it in Word and save it again as .docx, or use the original file."
        )
    return (
        f"The document's {part} is not well-formed XML ({msg}); the file is corrupt — "
        "re-save it from Word as .docx."
    )


def parse_xml(data: bytes, *, part: str = "word/document.xml") -> etree._Element:
    """Parse one XML part with the hardened parser; refuse DOCTYPEs and malformed XML."""
    if b"<!DOCTYPE" in data[:4096] or b"<!ENTITY" in data[:65536]:
        raise InvalidDocument(
            f"The document's {part} declares a DOCTYPE or entities, which a real Word file never does; "
            "re-save the resume from Word as .docx."
        )
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise InvalidDocument(_syntax_error_message(exc.msg or "", part)) from None
    if root.getroottree().docinfo.doctype:
        raise InvalidDocument(
            f"The document's {part} declares a DOCTYPE; re-save the resume from Word as .docx."
        )
    return root


def serialize_xml(root: etree._Element) -> bytes:
    """Serialize a part the way Word writes it: UTF-8 with a standalone declaration."""
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def local_name(el: etree._Element) -> str:
    """The element's tag without its namespace."""
    tag = el.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


__all__ = ["NSMAP", "PKG_REL_NS", "R_NS", "W14_NS", "W_NS", "local_name", "parse_xml", "qn", "serialize_xml"]
