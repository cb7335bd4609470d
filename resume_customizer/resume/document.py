"""``ResumeDocument``: an upload guarded once and parsed once, the engine's one currency.

python-docx keeps the XML in one layer and hands plain objects above it; here the upload's
bytes are checked by the guard at the edge (page upload, CLI input), the package opened and
``word/document.xml``, styles and numbering parsed once, and every later step — detection,
tailoring, coverage, the preview — takes the document instead of bytes. The document's own
tree is never changed: detection for reading (coverage, the projects table, ``--explain``)
walks it once and keeps the result; tailoring works on a copy of it. Bytes are produced only
where they leave: a download, an attachment, a file the CLI writes.
"""

from __future__ import annotations

import copy
import threading
from dataclasses import dataclass, field

from lxml import etree

from ..config import UploadLimits
from ..errors import InputError, InvalidDocument
from ..guard.uploads import check_docx
from .detect import Detection, Project, detect
from .package import DocxPackage
from .structure import walk
from .styles import Styles
from .xml import NSMAP, parse_xml, qn

_STYLES_REL = "/styles"
_NUMBERING_REL = "/numbering"
# Parts the engine reads (under their usual names), handed over by the upload check.
_PARTS_READ = frozenset({"word/document.xml", "word/styles.xml", "word/numbering.xml"})
_COUNT_PARAGRAPHS = etree.XPath("count(.//w:p)", namespaces=NSMAP)  # in C: no element objects made


@dataclass
class LoadedResume:
    """A resume's tree walked and analysed: its package, its document tree and what detection found."""

    package: DocxPackage
    root: etree._Element
    detection: Detection
    warnings: list[str] = field(default_factory=list)

    @property
    def projects(self) -> list[Project]:
        """The detected projects, in document order."""
        return self.detection.projects


class ResumeDocument:
    """A checked and parsed .docx resume; its tree is read, never changed."""

    def __init__(
        self, data: bytes, package: DocxPackage | None, root: etree._Element, styles: Styles, filename: str
    ) -> None:
        self.data = data
        self._package = package
        self.root = root
        self.styles = styles
        self.filename = filename
        self._analysis: LoadedResume | None = None
        self._lock = threading.Lock()

    @classmethod
    def open(
        cls, data: bytes, *, limits: UploadLimits | None = None, filename: str = "resume.docx"
    ) -> ResumeDocument:
        """Guard and parse an upload; raise ``InvalidDocument`` when it is unsafe or unreadable."""
        limits = limits or UploadLimits()
        checked = check_docx(data, filename=filename, limits=limits, keep=_PARTS_READ)
        package = DocxPackage.open(data)
        package.prime(checked)  # the guard unzipped these already
        return cls._parse(data, package, filename, limits)

    @classmethod
    def _parse(cls, data: bytes, package: DocxPackage, filename: str, limits: UploadLimits) -> ResumeDocument:
        root = parse_xml(package.read(package.main_part) or b"", part=package.main_part)
        body = root.find(qn("w:body"))
        if body is None:
            raise InputError("The document has no body; re-save the resume from Word as .docx.")
        paragraphs = int(_COUNT_PARAGRAPHS(body))
        if paragraphs > limits.max_paragraphs:
            raise InvalidDocument(
                f"'{filename}' has {paragraphs} paragraphs, more than the {limits.max_paragraphs} a "
                "resume may have here (about 1,000 pages); split the document or remove what is not "
                "the resume."
            )
        styles_name = package.related_part(_STYLES_REL)
        numbering_name = package.related_part(_NUMBERING_REL)
        styles = Styles(
            package.read(styles_name, missing_ok=True) if styles_name else None,
            package.read(numbering_name, missing_ok=True) if numbering_name else None,
        )
        return cls(data, package, root, styles, filename)

    @property
    def package(self) -> DocxPackage:
        """The zip package (opened on first use for a document the engine wrote)."""
        if self._package is None:
            self._package = DocxPackage.open(self.data)
        return self._package

    def analysis(self) -> LoadedResume:
        """Detection on the document's own tree, done once; for reading only."""
        with self._lock:
            if self._analysis is None:
                self._analysis = _analyse(self.package, self.root, self.styles)
            return self._analysis

    def tailored(self, data: bytes, root: etree._Element) -> ResumeDocument:
        """The document a tailoring wrote: its bytes and the tree they were written from.

        The styles and numbering are this document's (tailoring changes the body only), and the
        package is opened from the new bytes, when first asked for, without the guard: the engine
        wrote them.
        """
        return ResumeDocument(data, None, root, self.styles, self.filename)

    def working_copy(self, *, private: bool = False) -> LoadedResume:
        """Detection on a fresh copy of the tree, for a tailoring to change.

        ``private``: the caller opened this document for one tailoring and drops it after, so
        its own tree is changed instead of a copy.
        """
        if private:
            return _analyse(self.package, self.root, self.styles)
        with self._lock:
            root = copy.deepcopy(self.root)
        return _analyse(self.package, root, self.styles)


def _analyse(package: DocxPackage, root: etree._Element, styles: Styles) -> LoadedResume:
    detection = detect(walk(root.find(qn("w:body")), styles))
    return LoadedResume(package, root, detection, list(detection.warnings))


def open_resume(
    source: bytes | ResumeDocument, *, limits: UploadLimits | None = None, filename: str = "resume.docx"
) -> ResumeDocument:
    """The document itself, or one guarded and parsed from bytes."""
    if isinstance(source, ResumeDocument):
        return source
    return ResumeDocument.open(source, limits=limits, filename=filename)


__all__ = ["LoadedResume", "ResumeDocument", "open_resume"]
