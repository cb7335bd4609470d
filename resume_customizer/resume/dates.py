"""Dates as resumes write them: "Jan 2020 – Present", "2019-2021", "seit 03/2018", "mars 2021 à ce jour".

Used by the body walk (a dated "2. Acme | 2019 – 2021" is no typed enumerator) and by
classification (a dated line is an entry's header).
"""

from __future__ import annotations

import functools
import re

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
# Month names in German, French, Spanish, Portuguese, Italian and Dutch, full and abbreviated
# (accents optional). Several abbreviations are words too ("set", "out", "mar"), so these
# count only before a four-digit year.
_MONTH_INTL = (
    r"(?:j[aä]n(?:v(?:ier)?|uar|ner|eiro|uari)?|ene(?:ro)?|gen(?:naio)?|"
    r"f[eé]v(?:r(?:ier)?)?|fev(?:ereiro)?|feb(?:r(?:uar|ero|aio|uari)?)?|"
    r"m[aä]r(?:z|s|zo|ço|co)?|maerz|mrz|mrt|maart|"
    r"a(?:vr|pr|br)(?:il|ile)?|avril|"
    r"mai(?:o)?|may(?:o)?|mag(?:gio)?|mei|"
    r"jui[nl](?:let)?|juil|jun(?:i|io|ho)?|jul(?:i|io|ho)?|giu(?:gno)?|lug(?:lio)?|"
    r"ao[uû]t|aug(?:ust(?:us)?)?|ago(?:sto)?|"
    r"sep(?:t(?:embre|ember)?)?|set(?:embro|tembre|iembre)?|"
    r"o[ck]t(?:ober|obre|ubre)?|out(?:ubro)?|ott(?:obre)?|"
    r"nov(?:ember|embre|iembre|embro)?|"
    r"d[eé][cz](?:ember|embre|embro)?|dic(?:iembre|embre)?)\.?"
)
_YEAR = r"(?:19|20)\d{2}"
_DATE = (
    rf"(?:{_MONTH}\s*,?\s*['’‘]?(?:{_YEAR}|\d{{2}})|{_MONTH_INTL}\s*(?:de\s+)?{_YEAR}|"
    rf"\d{{1,2}}\s*[/.\-]\s*(?:{_YEAR}|\d{{2}})|{_YEAR}\s*[/.\-]\s*\d{{1,2}}|(?:q[1-4]\s+)?{_YEAR})"
)
_PRESENT = (
    r"(?:present|current(?:ly)?|now|today|till\s+date|to\s+date|date|ongoing|continuing|till\s+now|"
    # German, French, Spanish, Portuguese, Italian, Dutch
    r"(?:bis\s+)?heute|aktuell|derzeit|jetzt|laufend|"
    r"aujourd['’]hui|(?:[àa]\s+)?ce\s+jour|pr[ée]sent|actuel(?:le)?|en\s+cours|"
    r"presente|actualidad|actual(?:mente)?|atual(?:mente)?|hoje|oggi|in\s+corso|heden|nu|huidig)"
)
_RANGE_TO = (
    r"(?:[-–—~\u2010\u2011\u2012\u2212]+|\bto\b|\btill\b|\buntil\b|\bthrough\b|\bthru\b|"
    r"\bbis\b|\bau\b|\bhasta\b|\bat[ée]\b|\bal\b|\bfino\s+a\b|\btot\b|(?<!\w)[àa](?!\w))"
)
DATE_RANGE = re.compile(
    rf"(?<![\w/]){_DATE}\s*{_RANGE_TO}\s*(?:{_DATE}|{_PRESENT})(?![\w/])",
    re.IGNORECASE,
)
_DIGIT = re.compile(r"\d")
_SINCE = re.compile(rf"\b(?:since|from|seit|depuis|desde|dal|sinds)\s+{_DATE}", re.IGNORECASE)


@functools.lru_cache(maxsize=4096)
def has_date_range(text: str) -> bool:
    """True when the text holds a date range such as ``Jan 2020 – Present`` or ``2019-2021``."""
    # Every date form holds a digit: most lines have none and skip the long pattern.
    return _DIGIT.search(text) is not None and bool(DATE_RANGE.search(text) or _SINCE.search(text))


__all__ = ["DATE_RANGE", "has_date_range"]
