"""The document's link to its Word template: found, and removed from the copy when it is remote.

Every document started from a Word template names it: an external ``attachedTemplate``
relationship (in ``word/_rels/settings.xml.rels``) that settings.xml's ``w:attachedTemplate``
points at. A local one (``C:\\…\\Templates\\X.dotx``, ``Normal.dotm``) is harmless and kept as it
is. A remote one (a network share, http, ftp) makes Word contact that host when the file is
opened — the template-injection trick — so the tailored copy goes without it: exactly that
relationship and that element are removed, every other part is left as it was. Which targets
are remote is the guard's call (``guard.uploads.remote_host``); this module knows the XML.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from lxml import etree

from ..guard.uploads import remote_host
from .package import DocxPackage
from .xml import PKG_REL_NS, local_name, parse_xml, serialize_xml

_TEMPLATE_TYPE = "/attachedTemplate"
_RELATIONSHIP = f"{{{PKG_REL_NS}}}Relationship"
_SHOWN_CHARS = 120
_MAX_WARNINGS = 3


@dataclass(frozen=True)
class TemplateLink:
    """One external link to an attached template: where it is written and where it points."""

    rels_part: str  # the .rels part that holds the relationship
    source_part: str  # the part that relationship belongs to (settings.xml), "" for the package
    rel_id: str
    target: str
    host: str | None  # the host Word would contact; None for a local template

    @property
    def remote(self) -> bool:
        """Whether following the link contacts another machine."""
        return self.host is not None

    def removal_warning(self) -> str:
        """What the tailoring result says about removing this link."""
        return (
            f"The resume linked to a Word template on {_shown(self.host or '')} ({_shown(self.target)}); "
            "Word would contact that host when the file is opened, so the link was removed from the "
            "tailored copy."
        )

    def upload_note(self) -> str:
        """What the upload check says about this link before anything is tailored."""
        return (
            f"It links to a Word template on {_shown(self.host or '')} ({_shown(self.target)}), which Word "
            "would contact when the file is opened; the link will be removed from the tailored copies."
        )


def template_links(package: DocxPackage) -> list[TemplateLink]:
    """Every external attached-template relationship in the package, local and remote."""
    links: list[TemplateLink] = []
    for name in package.zf.namelist():
        if not name.endswith(".rels"):
            continue
        data = package.read(name, missing_ok=True)
        if not data or b"attachedTemplate" not in data:
            continue
        for rel in parse_xml(data, part=name).iter(_RELATIONSHIP):
            if _is_external_template(rel.get("Type", ""), rel.get("TargetMode", "")):
                target = rel.get("Target", "")
                links.append(
                    TemplateLink(name, _source_of(name), rel.get("Id", ""), target, remote_host(target))
                )
    return links


def remove_links(package: DocxPackage, links: Iterable[TemplateLink]) -> dict[str, bytes]:
    """The parts to replace so that ``links`` are gone: their relationships and the elements using them."""
    by_rels: dict[str, set[str]] = {}
    by_source: dict[str, set[str]] = {}
    for link in links:
        by_rels.setdefault(link.rels_part, set()).add(link.rel_id)
        if link.source_part:
            by_source.setdefault(link.source_part, set()).add(link.rel_id)
    replacements: dict[str, bytes] = {}
    for name, ids in by_rels.items():
        replacements[name] = _without(package, name, ids, _is_relationship)
    for name, ids in by_source.items():
        if name in package.zf.NameToInfo:
            replacements[name] = _without(package, name, ids, _is_template_element)
    return {name: data for name, data in replacements.items() if data != package.read(name, missing_ok=True)}


def remove_remote_links(package: DocxPackage) -> tuple[dict[str, bytes], list[str]]:
    """The part replacements that drop every remote template link, and a warning for each one dropped."""
    remote = [link for link in template_links(package) if link.remote]
    if not remote:
        return {}, []
    warnings = list(dict.fromkeys(link.removal_warning() for link in remote))
    if len(warnings) > _MAX_WARNINGS:  # a crafted file may hold thousands: say it once
        more = len(warnings) - _MAX_WARNINGS + 1
        warnings[_MAX_WARNINGS - 1 :] = [
            f"{more} more links to Word templates on other hosts were removed from the tailored copy too."
        ]
    return remove_links(package, remote), warnings


def upload_notes(source: bytes | DocxPackage) -> tuple[str, ...]:
    """Notes for the upload check of a document that passed the guard: its remote template links."""
    package = source if isinstance(source, DocxPackage) else DocxPackage.open(source)
    return tuple(link.upload_note() for link in template_links(package) if link.remote)


def _is_external_template(rel_type: str, mode: str) -> bool:
    return rel_type.endswith(_TEMPLATE_TYPE) and mode.casefold() == "external"


def _source_of(rels_part: str) -> str:
    """``word/_rels/settings.xml.rels`` -> ``word/settings.xml``; ``_rels/.rels`` -> ``""``."""
    folder, base = posixpath.split(rels_part)
    parent, rels_folder = posixpath.split(folder)
    if rels_folder != "_rels" or base == ".rels":
        return ""
    return posixpath.join(parent, base[: -len(".rels")])


def _is_relationship(el: etree._Element, ids: set[str]) -> bool:
    return el.tag == _RELATIONSHIP and el.get("Id") in ids


def _is_template_element(el: etree._Element, ids: set[str]) -> bool:
    # w:attachedTemplate r:id="…", in the transitional or the strict namespaces alike
    return local_name(el) == "attachedTemplate" and any(
        str(key).endswith("}id") and value in ids for key, value in el.attrib.items()
    )


def _without(
    package: DocxPackage, name: str, ids: set[str], matches: Callable[[etree._Element, set[str]], bool]
) -> bytes:
    """The part ``name`` re-serialized without the elements ``matches`` picks for ``ids``."""
    data = package.read(name) or b""
    root = parse_xml(data, part=name)
    doomed = [el for el in root.iter() if matches(el, ids)]
    if not doomed:
        return data
    for el in doomed:
        parent = el.getparent()
        if parent is not None:
            parent.remove(el)  # its tail (the line break after it) goes with it
    return serialize_xml(root)


def _shown(text: str) -> str:
    """A target or host made safe to quote in a one-line message."""
    shown = "".join(c if c.isprintable() else "?" for c in text)
    return shown if len(shown) <= _SHOWN_CHARS else shown[: _SHOWN_CHARS - 3] + "..."


__all__ = ["TemplateLink", "remove_links", "remove_remote_links", "template_links", "upload_notes"]
