"""Resume Customizer: tailor .docx resumes to a job's tech stack, then email them.

Public API::

    from resume_customizer import tailor, parse_stack
    result = tailor(docx_bytes, parse_stack(text))
    result.docx, result.plan, result.warnings
"""

from __future__ import annotations

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
from .stack import StackParse, TechStack, parse_stack, parse_stack_report

__all__ = [
    "CircuitOpen",
    "CustomizerError",
    "DeliveryError",
    "InputError",
    "InvalidDocument",
    "NoProjectsFound",
    "PermanentDelivery",
    "RateLimited",
    "StackParse",
    "TechStack",
    "TransientDelivery",
    "parse_stack",
    "parse_stack_report",
]
