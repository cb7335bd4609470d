"""Resume Customizer: tailor .docx resumes to a job's tech stack, then email them.

Public API::

    from resume_customizer import ResumeDocument, tailor, parse_stack
    document = ResumeDocument.open(docx_bytes)       # guarded and parsed once
    result = tailor(document, parse_stack(text))      # bytes work too
    result.docx, result.plan, result.warnings
"""

from __future__ import annotations

import logging

from .errors import (
    CircuitOpen,
    CustomizerError,
    DeliveryError,
    InputError,
    InvalidDocument,
    NoProjectsFound,
    PermanentDelivery,
    RateLimited,
    TransientDelivery,
)
from .resume.document import ResumeDocument
from .resume.plan import Placement
from .resume.tailor import ProjectInfo, TailorOptions, TailorResult, detect_projects, tailor
from .stack import StackParse, TechStack, parse_stack, parse_stack_report

# A library attaches no handlers; this keeps Python's last-resort handler from printing
# tracebacks on stderr when the host application configured no logging.
logging.getLogger(__name__).addHandler(logging.NullHandler())

__all__ = [
    "CircuitOpen",
    "CustomizerError",
    "DeliveryError",
    "InputError",
    "InvalidDocument",
    "NoProjectsFound",
    "PermanentDelivery",
    "Placement",
    "ProjectInfo",
    "RateLimited",
    "ResumeDocument",
    "StackParse",
    "TailorOptions",
    "TailorResult",
    "TechStack",
    "TransientDelivery",
    "detect_projects",
    "parse_stack",
    "parse_stack_report",
    "tailor",
]
