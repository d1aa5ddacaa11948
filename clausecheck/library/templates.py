"""Recommended texts as templates: slots the redliner fills with the contract's own words.

A slot is written in braces inside a recommended text (``{{`` and ``}}`` stand for literal
braces). The set of slots is closed (see docs/LIBRARY.md, "Slots"):

- parties and roles: ``discloser``, ``recipient`` (the subject of an obligation),
  ``recipient_self`` (the recipient referred to again in its own sentence: 乙 / 自己),
  ``recipient_any`` (the recipient outside its own sentence), ``parties`` (both), ``either``
  (one or the other: 甲又は乙), each also
  capitalised for the start of an English sentence (``Recipient``, ``Discloser``…);
- defined terms: ``purpose``, ``info`` (``Purpose``, ``Info`` capitalised);
- ``article:ID`` — the contract's number of the article providing provision ID
  (``article:ID|fallback`` gives the words to use when the contract has none);
- ``articles:ID,ID,...|fallback`` — several of them as one list;
- ``value:KEY`` — a plain value of ``recommended.values`` (periods, days, a court), which a
  company playbook changes (in English "{value:years} year(s)" agrees with the value);
- ``fill:KEY`` — something only the user knows (``recommended.fill`` says what, in both
  languages): left blank in the text and named in the comment.

``render`` fills a template through a ``Words`` object; ``DefaultWords`` gives the library's
own drafting convention (甲 discloses to 乙, "the Disclosing Party"), used for the suggestions
of ``clausecheck check`` that know nothing of the contract.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterator, Mapping, Protocol, Sequence

ROLE_SLOTS = ("discloser", "recipient", "recipient_self", "recipient_any", "parties", "either")
TERM_SLOTS = ("purpose", "info")
ARG_SLOTS = ("article", "articles", "value", "fill")
PLAIN_SLOTS = ROLE_SLOTS + TERM_SLOTS
CAPITALISED = {name[0].upper() + name[1:]: name for name in PLAIN_SLOTS}

_SLOT = re.compile(r"\{\{|\}\}|\{(?P<body>[^{}]*)\}|[{}]")
BLANK = {"ja": "＿＿＿＿＿＿", "en": "__________"}


@dataclass(frozen=True)
class Slot:
    """One slot of a template: ``name`` (lower-case), its arguments, its fallback words, and
    whether an English sentence starts with it."""

    name: str
    args: tuple[str, ...] = ()
    fallback: str = ""
    capital: bool = False


def parse_slot(body: str) -> Slot:
    """The slot written ``{body}``; ValueError says what is wrong with it."""
    text = body.strip()
    fallback = ""
    if "|" in text:
        text, fallback = (part.strip() for part in text.split("|", 1))
    name, _, arg = text.partition(":")
    name, arg = name.strip(), arg.strip()
    if name in CAPITALISED:
        if arg or fallback:
            raise ValueError(f"slot {{{body}}} takes no argument")
        return Slot(CAPITALISED[name], capital=True)
    if name in PLAIN_SLOTS:
        if arg or fallback:
            raise ValueError(f"slot {{{body}}} takes no argument")
        return Slot(name)
    if name in ARG_SLOTS:
        args = tuple(a.strip() for a in arg.split(",")) if arg else ()
        if not args or any(not a for a in args):
            raise ValueError(f"slot {{{body}}} needs an argument ({name}:...)")
        if name != "articles" and len(args) > 1:
            raise ValueError(f"slot {{{body}}} takes one argument")
        if fallback and name not in ("article", "articles"):
            raise ValueError(f"slot {{{body}}}: only article and articles take a fallback")
        return Slot(name, args, fallback)
    known = ", ".join(PLAIN_SLOTS + tuple(f"{s}:..." for s in ARG_SLOTS))
    raise ValueError(f"unknown slot {{{body}}} (known: {known})")


def iter_slots(template: str) -> Iterator[Slot]:
    """Every slot of a template, in order; ValueError on a bad one or a stray brace."""
    for m in _SLOT.finditer(template):
        token = m.group(0)
        if token in ("{{", "}}"):
            continue
        if m.group("body") is None:
            raise ValueError(f"stray '{token}' (write '{token * 2}' for a literal brace)")
        yield parse_slot(m.group("body"))


class Words(Protocol):
    """What a template needs to know about the contract it is written into."""

    lang: str

    def role(self, name: str) -> str: ...

    def term(self, name: str) -> str: ...

    def article(self, provision: str) -> str | None: ...

    def article_title(self, provision: str) -> str: ...

    def value(self, key: str) -> str | None: ...

    def blank(self, key: str) -> str: ...


def _join(items: Sequence[str], lang: str) -> str:
    if len(items) <= 1:
        return "".join(items)
    if lang == "ja":
        return "、".join(items[:-1]) + "及び" + items[-1]
    return ", ".join(items[:-1]) + " and " + items[-1]


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def render(template: str, words: Words) -> tuple[str, list[str]]:
    """The template with every slot filled, and the ``fill:`` keys left blank (in order)."""
    blanks: list[str] = []

    def one(m: re.Match[str]) -> str:
        token = m.group(0)
        if token == "{{":
            return "{"
        if token == "}}":
            return "}"
        slot = parse_slot(m.group("body"))
        if slot.name in ROLE_SLOTS:
            out = words.role(slot.name)
        elif slot.name in TERM_SLOTS:
            out = words.term(slot.name)
        elif slot.name == "article":
            out = words.article(slot.args[0]) or slot.fallback or \
                ("本契約" if words.lang == "ja" else "this Agreement")
        elif slot.name == "articles":
            found = [ref for ref in (words.article(p) for p in slot.args) if ref]
            if words.lang == "ja":
                # 第3条（秘密保持）; an unnumbered article's reference already names its heading
                found = [f"{ref}（{title}）" if title and title not in ref else ref
                         for p in slot.args for ref in [words.article(p)] if ref
                         for title in [words.article_title(p)]]
            if words.lang != "ja" and len(found) > 1 and \
                    len({ref.split(" ")[0] for ref in found}) == 1 and " " in found[0] and \
                    found[0].split(" ")[0].lower() in ("section", "clause", "article", "rule"):
                # "Clauses 3, 2 and 8", not "Clause 3, Clause 2 and Clause 8"
                word = found[0].split(" ")[0]
                found = [f"{word}s {found[0].split(' ', 1)[1]}"] + \
                    [ref.split(" ", 1)[1] for ref in found[1:]]
            out = _join(found, words.lang) if found else slot.fallback
        elif slot.name == "value":
            out = words.value(slot.args[0]) or ""
        else:  # fill
            blanks.append(slot.args[0])
            out = words.blank(slot.args[0])
        return _capital(out) if slot.capital else out

    out = _SLOT.sub(one, template)
    if words.lang == "en":
        # "{value:years} year(s)": the plural agrees with the value
        out = re.sub(r"\b1(\)?) (year|month|day|week)\(s\)", r"1\1 \2", out)
        out = re.sub(r"\b(\d+)(\)?) (year|month|day|week)\(s\)", r"\1\2 \3s", out)
    return out, blanks


# ---------------------------------------------------------------------------------------------
# the library's own words (no contract known)

_DEFAULT_ROLES = {
    "ja": {"discloser": "甲", "recipient": "乙", "recipient_self": "乙", "recipient_any": "乙",
           "parties": "甲及び乙", "either": "甲又は乙"},
    "en": {"discloser": "the Disclosing Party", "recipient": "the Receiving Party",
           "recipient_self": "the Receiving Party", "recipient_any": "the Receiving Party",
           "parties": "the parties", "either": "either party"},
}
_DEFAULT_TERMS = {"ja": {"purpose": "本目的", "info": "秘密情報"},
                  "en": {"purpose": "the Purpose", "info": "Confidential Information"}}


def format_value(value: Any, lang: str) -> str:
    """A plain value as it is written in a text: numbers as digits, texts per language."""
    if isinstance(value, Mapping):
        return str(value.get(lang, ""))
    if isinstance(value, bool):
        return ""
    return str(value)


@dataclass
class DefaultWords:
    """The library's drafting convention: 甲 discloses to 乙; references to other articles by
    the fallback words; values from the provision."""

    lang: str
    values: Mapping[str, Any]
    fills: Mapping[str, Any] = None  # type: ignore[assignment]

    def role(self, name: str) -> str:
        return _DEFAULT_ROLES[self.lang][name]

    def term(self, name: str) -> str:
        return _DEFAULT_TERMS[self.lang][name]

    def article(self, provision: str) -> str | None:
        return None

    def article_title(self, provision: str) -> str:
        return ""

    def value(self, key: str) -> str | None:
        return format_value(self.values[key], self.lang) if key in self.values else None

    def blank(self, key: str) -> str:
        """What to fill in, in square brackets: a suggestion shown without a contract."""
        what = self.fills.get(key) if self.fills else None
        return f"[{what.get(self.lang)}]" if what is not None else BLANK[self.lang]
