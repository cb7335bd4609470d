"""Known technologies, a precompiled matcher that finds them in text, and job-description keywords.

The technologies, their aliases and categories live in ``data/aliases.toml`` (see its header
for the format). Every spelling of every tech is compiled once into one case-insensitive regex
shaped like a trie (one branch per next character), so a resume is scanned in one pass
whatever the size of the table. A match counts only whole: not inside a longer word ("Java"
in "JavaScript", "Go" in "good"), not when followed by ``+``/``#`` ("C" in "C++", "C#"),
not inside a dotted name or an address. Spellings marked ``exact`` in the table match only in
that case ("Go" but not "go"); ``exclude`` phrases ("Go-live", "R&D") are matched and thrown
away, so they hide what they contain.

Job descriptions (``job_keywords``): every known tech the text names, plus unknown words
that look like tech names, kept precise rather than complete:

* a word with an inner lower-to-upper change of case ("gRPC", "PySpark", "DynamoDB"), or a
  dotted library name ("Socket.io", "Alpine.js"), unless it is a listed common word or a
  "Mc"/"Mac" surname;
* a capitalised word or short phrase ("Flink", "Apache Beam") that stands in an enumeration
  of at least three items ("Kafka, Flink and Beam") of which one at least is a known tech,
  unless it is a listed common word or the same word also appears in lower case elsewhere in
  the text (then it is an English word, "Communication").

Plain capitalised words outside such lists ("Terraform" in a sentence) are found only when the
table knows them: capitalisation alone cannot tell "Terraform" from "Experience".
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from .errors import CustomizerError

DATA_FILE = "data/aliases.toml"

_SPACES = re.compile(r"\s+")
_TIGHT = re.compile(r"\s*([/&])\s*")
# Tokens of a term's key that match more than one literal character.
_TOKEN_PATTERNS = {" ": r"\s+", "/": r"\s*/\s*", "&": r"\s*&\s*"}
# A term is not preceded by a word character or by what glues names together ("ASP.NET", an
# e-mail's "@", "C#"), and not followed by letters, "+", "#", "_", "@" or a dotted suffix;
# digits may follow (a version: "Java17", "HTML5") when nothing but a boundary comes after them.
_BEFORE = r"(?<![\w.@#+&])"
_AFTER = r"(?!\d*(?:[^\W\d]|[_+#@]|\.[^\W\d]))"
# A one-letter language ("C", "R") next to these characters is an initial, a grade or R&D.
_LETTER_NEXT = frozenset(".&'’-")
_LETTER_PREV = frozenset("-'’")


def term_key(text: str) -> str:
    """The comparable form of a spelling: lower case, single spaces, none around ``/`` and ``&``."""
    return _TIGHT.sub(r"\1", _SPACES.sub(" ", text.strip())).lower()


def _exact_form(text: str) -> str:
    return _TIGHT.sub(r"\1", _SPACES.sub(" ", text.strip()))


@dataclass(frozen=True)
class Category:
    """Where a kind of tech goes in a Skills section, and whether Environment lines list it."""

    name: str
    labels: tuple[str, ...]
    fallback: tuple[str, ...]
    environment: bool


@dataclass(frozen=True)
class Tech:
    """A known technology: its canonical name, category and other spellings."""

    name: str
    category: str
    aliases: tuple[str, ...]
    implies: tuple[str, ...]  # canonical names a mention also counts for


@dataclass(frozen=True)
class Mention:
    """A tech named in a text, and where."""

    tech: Tech
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class _Entry:
    tech: Tech | None  # None: an excluded phrase
    exact: frozenset[str] | None  # None: any case matches


def _trie_pattern(keys: Iterable[str]) -> str:
    """One regex alternation for many keys, factored like a trie (longest alternative first)."""
    root: dict[str, Any] = {}
    for key in keys:
        node = root
        for ch in key:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _node_pattern(root)


def _node_pattern(node: Mapping[str, Any]) -> str:
    terminal = "" in node
    branches: list[str] = []
    leaves: list[str] = []
    for tok in sorted(k for k in node if k):
        child = node[tok]
        if list(child) == [""] and tok not in _TOKEN_PATTERNS:
            leaves.append(tok)
        else:
            branches.append((_TOKEN_PATTERNS.get(tok) or re.escape(tok)) + _node_pattern(child))
    if leaves:
        branches.append(
            re.escape(leaves[0]) if len(leaves) == 1 else "[" + "".join(_class_char(c) for c in leaves) + "]"
        )
    if not branches:
        return ""
    if len(branches) == 1 and not terminal:
        return branches[0]
    body = "(?:" + "|".join(branches) + ")"
    return body + "?" if terminal else body


def _class_char(ch: str) -> str:
    return "\\" + ch if ch in "\\]^-[" else ch


class Matcher:
    """A compiled set of spellings; ``find`` returns every whole-word match, left to right."""

    def __init__(self, entries: Mapping[str, _Entry]) -> None:
        self._entries = dict(entries)
        # Longest keys need no ordering: the trie's greedy optional groups try them first.
        pattern = _trie_pattern(k for k in self._entries if k)
        self._regex = re.compile(f"{_BEFORE}(?:{pattern}){_AFTER}", re.IGNORECASE) if pattern else None

    def find(self, text: str) -> list[Mention]:
        """Every tech this matcher knows that ``text`` mentions, in order."""
        if self._regex is None or not text:
            return []
        out: list[Mention] = []
        entries = self._entries
        for m in self._regex.finditer(text):
            raw = m.group()
            key = term_key(raw)
            entry = entries.get(key)
            if entry is None or entry.tech is None:
                continue
            if entry.exact is not None and _exact_form(raw) not in entry.exact:
                continue
            start, end = m.start(), m.end()
            if len(key) == 1 and _isolated_letter_fails(text, start, end):
                continue
            out.append(Mention(entry.tech, start, end, raw))
        return out


def _isolated_letter_fails(text: str, start: int, end: int) -> bool:
    nxt = text[end : end + 1]
    prev = text[start - 1 : start] if start else ""
    return nxt in _LETTER_NEXT or prev in _LETTER_PREV or (prev, nxt) == ("(", ")")


class TechIndex:
    """The tech table: categories, techs by spelling, and the compiled matcher over all of them."""

    def __init__(
        self,
        techs: Sequence[Tech],
        categories: Mapping[str, Category],
        entries: Mapping[str, _Entry],
        general_labels: Iterable[str],
        stopwords: Iterable[str],
    ) -> None:
        self.techs = {t.name: t for t in techs}
        self.categories = dict(categories)
        self.general_labels = frozenset(term_key(x) for x in general_labels)
        self.stopwords = frozenset(w.lower() for w in stopwords)
        self._entries = dict(entries)
        self.matcher = Matcher(entries)
        self._closure = {t.name: self._implied(t) for t in techs}

    def _implied(self, tech: Tech) -> frozenset[str]:
        seen = {tech.name}
        todo = list(tech.implies)
        while todo:
            name = todo.pop()
            if name not in seen:
                seen.add(name)
                todo.extend(self.techs[name].implies)
        return frozenset(seen)

    def resolve(self, name: str) -> Tech | None:
        """The tech a whole name spells (any case: a stack's "go" is Go), or None."""
        entry = self._entries.get(term_key(name))
        return entry.tech if entry is not None else None

    def find(self, text: str) -> list[Mention]:
        """Every known tech ``text`` mentions, in order."""
        return self.matcher.find(text)

    def closure(self, tech: Tech) -> frozenset[str]:
        """The tech's canonical name and every name it implies."""
        return self._closure[tech.name]

    def mentioned(self, text: str) -> set[str]:
        """Canonical names of the techs ``text`` mentions, implied ones included."""
        out: set[str] = set()
        for m in self.matcher.find(text):
            out |= self._closure[m.tech.name]
        return out

    def techs_in(self, name: str) -> list[Tech]:
        """The known techs a longer name contains ("AWS Cloud" -> AWS), first mention first."""
        out: list[Tech] = []
        for m in self.matcher.find(name):
            if m.tech not in out:
                out.append(m.tech)
        return out

    def category(self, tech: Tech) -> Category:
        """The tech's category."""
        return self.categories[tech.category]


def _data_error(message: str) -> CustomizerError:
    return CustomizerError(f"{DATA_FILE}: {message}")


def _strings(value: object, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(x, str) and x.strip() for x in value):
        raise _data_error(f"{where} must be a list of non-empty strings.")
    return tuple(value)


def load_index(text: str) -> TechIndex:
    """Build a ``TechIndex`` from the TOML text of an alias table; say which line is wrong."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _data_error(f"not valid TOML ({exc}).") from None
    raw_categories = data.get("categories", {})
    categories: dict[str, Category] = {}
    for name, spec in raw_categories.items():
        if not isinstance(spec, dict):
            raise _data_error(f"[categories.{name}] must be a table.")
        categories[name] = Category(
            name=name,
            labels=tuple(term_key(x) for x in _strings(spec.get("labels", []), f"categories.{name}.labels")),
            fallback=_strings(spec.get("fallback", []), f"categories.{name}.fallback"),
            environment=bool(spec.get("environment", True)),
        )
    for cat in categories.values():
        for fb in cat.fallback:
            if fb not in categories:
                raise _data_error(f"categories.{cat.name}.fallback names '{fb}', which is not a category.")

    techs: list[Tech] = []
    specs: list[tuple[Tech, tuple[str, ...], tuple[str, ...]]] = []
    for cat_name, table in data.get("techs", {}).items():
        if cat_name not in categories:
            raise _data_error(f"[techs.{cat_name}] has no [categories.{cat_name}]; add it.")
        for name, spec in table.items():
            where = f"techs.{cat_name}.{name!r}"
            if isinstance(spec, list):
                spec = {"aliases": spec}
            if not isinstance(spec, dict):
                raise _data_error(f"{where} must be a list of aliases or a table.")
            unknown = set(spec) - {"aliases", "exact", "exclude", "implies"}
            if unknown:
                raise _data_error(f"{where} has unknown key(s) {sorted(unknown)}.")
            tech = Tech(
                name=name,
                category=cat_name,
                aliases=_strings(spec.get("aliases", []), f"{where}.aliases"),
                implies=_strings(spec.get("implies", []), f"{where}.implies"),
            )
            techs.append(tech)
            specs.append(
                (
                    tech,
                    _strings(spec.get("exact", []), f"{where}.exact"),
                    _strings(spec.get("exclude", []), f"{where}.exclude"),
                )
            )

    names = {t.name for t in techs}
    entries: dict[str, _Entry] = {}
    exclusions: dict[str, str] = {}

    def add(key: str, tech: Tech, exact: str | None) -> None:
        old = entries.get(key)
        if old is not None and old.tech is not tech:
            assert old.tech is not None
            raise _data_error(
                f"the spelling '{key}' is listed for both {old.tech.name} and {tech.name}; keep it under one."
            )
        if exact is None or (old is not None and old.exact is None):
            entries[key] = _Entry(tech, None)
        else:
            prior = old.exact if old is not None and old.exact is not None else frozenset()
            entries[key] = _Entry(tech, prior | {exact})

    for tech, exact, exclude in specs:
        for dep in tech.implies:
            if dep not in names:
                raise _data_error(f"{tech.name} implies '{dep}', which is not a listed tech.")
        exact_keys = {term_key(e) for e in exact}
        for spelling in (tech.name, *tech.aliases):
            if term_key(spelling) not in exact_keys:
                add(term_key(spelling), tech, None)
        for e in exact:
            add(term_key(e), tech, _exact_form(e))
        for phrase in exclude:
            exclusions[term_key(phrase)] = tech.name
    for key, owner in exclusions.items():
        if key in entries:
            raise _data_error(f"'{key}' is excluded for {owner} but is also a spelling of a tech.")
        entries[key] = _Entry(None, None)

    job = data.get("job", {})
    return TechIndex(
        techs,
        categories,
        entries,
        _strings(data.get("general_labels", []), "general_labels"),
        _strings(job.get("stopwords", []), "job.stopwords"),
    )


@lru_cache(maxsize=1)
def tech_index() -> TechIndex:
    """The tech table shipped with the package, loaded and compiled once per process."""
    text = resources.files(__package__).joinpath(DATA_FILE).read_text(encoding="utf-8")
    return load_index(text)


@lru_cache(maxsize=256)
def phrase_matcher(phrases: tuple[str, ...]) -> Matcher:
    """A matcher for names the table does not know ("Cloud Cost Management"), any case."""
    entries: dict[str, _Entry] = {}
    for phrase in phrases:
        key = term_key(phrase)
        if key:
            entries[key] = _Entry(Tech(phrase, "", (), ()), None)
    return Matcher(entries)


# ---------------------------------------------------------------------------------------
# Keywords: from stack names and job descriptions
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Keyword:
    """A keyword to look for: a known tech, or an unknown name matched as a phrase."""

    name: str  # as shown to the user
    tech: Tech | None

    @property
    def key(self) -> str:
        """What makes two keywords the same: the tech, or the phrase's spelling."""
        return self.tech.name if self.tech is not None else term_key(self.name)


def display_name(name: str, tech: Tech) -> str:
    """The name as the user typed it, or the canonical name when they differ only in case."""
    return tech.name if term_key(name) == term_key(tech.name) else " ".join(name.split())


def keywords_from_names(names: Iterable[str], index: TechIndex | None = None) -> list[Keyword]:
    """Keywords for names such as a stack's tech names: known, known inside, or a phrase."""
    index = index or tech_index()
    out: list[Keyword] = []
    seen: set[str] = set()
    for raw in names:
        name = " ".join(str(raw).split())
        if not name:
            continue
        tech = index.resolve(name)
        if tech is not None:
            found = [Keyword(display_name(name, tech), tech)]
        else:
            found = [Keyword(t.name, t) for t in index.techs_in(name)] or [Keyword(name, None)]
        for kw in found:
            if kw.key not in seen:
                seen.add(kw.key)
                out.append(kw)
    return out


_ADDRESS = re.compile(r"\S+@\S+|\bhttps?://\S+|\bwww\.\S+")
_WORD = re.compile(r"(?<![\w.@#+/-])[A-Za-z][A-Za-z0-9]*(?:[.\-][A-Za-z0-9]+)*[+#]*")
_CAMEL = re.compile(r"[a-z][A-Z]")
_SURNAME = re.compile(r"^(?:Mc|Mac)[A-Z]")
_DOTTED = re.compile(r"^[A-Za-z][A-Za-z0-9]*\.(?:js|io|net|py|ai)$", re.IGNORECASE)
_CLAUSE = re.compile(r"(?<=[.!?;:])\s+|\n+|\s[-–—•]\s")
_ITEM = re.compile(r"\s*(?:,|;|\||\(|\)|\band\b|\bor\b|&)\s*")
_MAX_ITEM_WORDS = 3


def _capitalised(word: str, stop: frozenset[str]) -> bool:
    bare = word.strip(".,:;!?\"'()[]")
    if not bare or bare.lower() in stop or not _WORD.fullmatch(bare):
        return False
    return bare[0].isupper() or bool(_CAMEL.search(bare))


def _item_run(words: list[str], position: str, stop: frozenset[str]) -> str:
    """The capitalised words of one enumeration item: all of a middle item, an end of the others."""
    if position == "middle":
        run = words if all(_capitalised(w, stop) for w in words) else []
    elif position == "first":
        run = []
        for w in reversed(words):
            if not _capitalised(w, stop):
                break
            run.insert(0, w)
    else:
        run = []
        for w in words:
            if not _capitalised(w, stop):
                break
            run.append(w)
    if not run or len(run) > _MAX_ITEM_WORDS:
        return ""
    return " ".join(w.strip(".,:;!?\"'()[]") for w in run)


def job_keywords(text: str, index: TechIndex | None = None) -> list[str]:
    """The tech keywords of a job description: known techs, then tech-shaped unknown names."""
    index = index or tech_index()
    text = _ADDRESS.sub(" ", text or "")
    stop = index.stopwords
    known: list[str] = []
    spans: list[tuple[int, int]] = []
    for m in index.find(text):
        spans.append((m.start, m.end))
        if m.tech.name not in known:
            known.append(m.tech.name)
    lower_words = {w for w in re.findall(r"\b[a-z][a-z]+\b", text)}

    unknown: list[str] = []

    def add(name: str) -> None:
        known_name = index.resolve(name) is not None or bool(index.techs_in(name))
        if name and not known_name and term_key(name) not in {term_key(u) for u in unknown}:
            unknown.append(name)

    for m in _WORD.finditer(text):
        word = m.group()
        if any(s <= m.start() < e for s, e in spans) or word.lower() in stop or len(word) < 3:
            continue
        if (_CAMEL.search(word) and not _SURNAME.match(word)) or _DOTTED.match(word):
            add(word)

    for clause in _CLAUSE.split(text):
        pieces = [p for p in _ITEM.split(clause) if p and p.strip()]
        if len(pieces) < 3:
            continue
        items = []
        for i, piece in enumerate(pieces):
            position = "first" if i == 0 else "last" if i == len(pieces) - 1 else "middle"
            items.append(_item_run(piece.split(), position, stop))
        named = [it for it in items if it]
        if len(named) < 3 or not any(index.resolve(it) or index.techs_in(it) for it in named):
            continue
        for it in named:
            if " " not in it and it.lower() in lower_words:
                continue  # also written in lower case: an English word, not a product
            add(it)
    return known + unknown


__all__ = [
    "DATA_FILE",
    "Category",
    "Keyword",
    "Matcher",
    "Mention",
    "Tech",
    "TechIndex",
    "display_name",
    "job_keywords",
    "keywords_from_names",
    "load_index",
    "phrase_matcher",
    "tech_index",
    "term_key",
]
