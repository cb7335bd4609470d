"""Text checks: stack text and templates as plain text, the HTML preview as safe markup.

Entry points:

* ``clean_stack_text(text, limits)`` before ``parse_stack``; ``clean_template(text, limits)`` for
  email subject/body templates. Both refuse text over the length limit (``InputError``), turn
  every line break into ``\\n``, remove control and XML-illegal characters and NFC-normalise.
  HTML, ``<script>`` and Word-field-like text (``{ MERGEFIELD x }``) are kept as the words they
  are: a resume may mention them, and the XML writer escapes them, so they never become markup.
* ``one_line(text)`` before user data is printed (the CLI's summaries and errors): control
  and format characters written as escapes (``\\r``, ``\\n``, ``\\x1b``, ``\\u202e``), so one item is
  one line and a recipient cell cannot print a line of its own (``Bcc: …``) or move the cursor.
* ``sanitize_html(html)`` on mammoth's preview HTML before it reaches the page (scripts, event
  handlers, ``style`` and ``javascript:``/``data:`` links go; the tags of a document stay).
  Inserted bullets are highlighted with ``class="rc-inserted"`` (``HIGHLIGHT_CLASS``) on a
  ``<mark>``, ``<span>``, ``<p>`` or ``<li>``; other class values are dropped.
"""

from __future__ import annotations

import re
import unicodedata

import nh3

from ..config import UploadLimits
from ..errors import InputError

HIGHLIGHT_CLASS = "rc-inserted"

# Line breaks of every kind become "\n"; what is left of C0/C1 controls (tab and newline aside),
# surrogates and the two BMP non-characters is not text and not legal in XML.
_LINE_BREAKS = re.compile("\r\n|[\r\x0b\x0c\x85\u2028\u2029]")
_ILLEGAL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")

_TAGS = frozenset(
    {
        "a", "b", "blockquote", "br", "caption", "code", "col", "colgroup", "div", "em",
        "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "li", "mark", "ol", "p", "pre",
        "s", "span", "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead",
        "tr", "u", "ul",
    }
)  # fmt: skip
_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan"},
    "ol": {"start"},
}
_CLASSES = {tag: {HIGHLIGHT_CLASS} for tag in ("mark", "span", "p", "li", "div")}
_IMAGE_DATA_URL = re.compile(r"data:image/(?:png|jpeg|gif|webp|bmp);base64,[A-Za-z0-9+/=\s]*", re.I)


def _clean(text: str, *, what: str, limit: int) -> str:
    if not isinstance(text, str):
        raise InputError(f"The {what} must be text.")
    if len(text) > limit:
        raise InputError(
            f"The {what} is {len(text):,} characters long; the limit is {limit:,}. Shorten it and try again."
        )
    text = _ILLEGAL.sub("", _LINE_BREAKS.sub("\n", text))
    text = unicodedata.normalize("NFC", text)
    if len(text) > limit:  # NFC can lengthen a few scripts' text
        raise InputError(
            f"The {what} is {len(text):,} characters long once normalised; the limit is {limit:,}. "
            "Shorten it and try again."
        )
    return text


def clean_stack_text(text: str, limits: UploadLimits) -> str:
    """Stack text as plain text: length-limited, controls and XML-illegal characters gone, NFC."""
    return _clean(text, what="tech stack", limit=limits.max_stack_chars)


def clean_template(text: str, limits: UploadLimits) -> str:
    """An email template as plain text: length-limited, controls and XML-illegal characters gone, NFC."""
    return _clean(text, what="template", limit=limits.max_template_chars)


_ESCAPES = {"\r": "\\r", "\n": "\\n", "\t": "\\t"}
# Controls, format characters (bidi overrides among them), line and paragraph separators, surrogates.
_UNPRINTABLE = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs"})


def one_line(text: str) -> str:
    """``text`` safe to print as (part of) one line: invisible and line-breaking characters escaped."""
    text = str(text)
    if text.isprintable():
        return text
    out: list[str] = []
    for c in text:
        if c in _ESCAPES:
            out.append(_ESCAPES[c])
        elif unicodedata.category(c) in _UNPRINTABLE:
            out.append(f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}")
        else:
            out.append(c)
    return "".join(out)


def _filter_attribute(tag: str, name: str, value: str) -> str | None:
    """Keep data: URLs only as inline raster images; nh3 has already vetted the other URLs."""
    if name in ("href", "src") and value.strip().lower().startswith("data:"):
        if tag == "img" and name == "src" and _IMAGE_DATA_URL.fullmatch(value.strip()):
            return value
        return None
    return value


def sanitize_html(html: str) -> str:
    """Preview HTML safe to put on the page: document tags only, no scripts, handlers or js: links."""
    if not isinstance(html, str):
        raise InputError("The preview must be HTML text.")
    return nh3.clean(
        html,
        tags=set(_TAGS),
        attributes={tag: set(names) for tag, names in _ATTRIBUTES.items()},
        attribute_filter=_filter_attribute,
        allowed_classes={tag: set(names) for tag, names in _CLASSES.items()},
        url_schemes={"http", "https", "mailto", "data"},
        strip_comments=True,
        link_rel="noopener noreferrer nofollow",
    )


__all__ = ["HIGHLIGHT_CLASS", "clean_stack_text", "clean_template", "one_line", "sanitize_html"]
