"""Typed, frozen view of the clause library (see docs/LIBRARY.md for the YAML format).

Everything here is built by ``clausecheck.library.loader`` after validation, so the engine can
rely on the invariants: both languages present where a text is needed, regexes compiled,
profile provisions existing, ids unique.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Literal, Mapping

from clausecheck.model import SIDES as SIDE_IDS
from clausecheck.model import Placement

CueKind = Literal["phrase", "regex", "all", "near"]
Requirement = Literal["required", "recommended"]
RiskSeverity = Literal["error", "warning", "notice"]

CUE_KINDS: tuple[str, ...] = ("phrase", "regex", "all", "near")
REQUIREMENTS: tuple[str, ...] = ("required", "recommended")
RISK_SEVERITIES: tuple[str, ...] = ("error", "warning", "notice")


@dataclass(frozen=True)
class Cue:
    """One cue of the closed set of kinds.

    - ``phrase``: ``text`` is a phrase matched on normalised tokens (fuzzy allowed);
    - ``regex``: ``text`` is the pattern source, ``regex`` the compiled pattern (English
      patterns are compiled case-insensitive);
    - ``all``: every cue of ``parts`` in the same sentence;
    - ``near``: the cues of ``parts`` within ``within`` tokens of each other.

    Any of them may carry ``unless`` cues: the cue matches a sentence only when none of them
    does ("marked as confidential" unless the sentence is about what a reasonable person
    would understand).
    """

    kind: CueKind
    text: str = ""
    parts: tuple["Cue", ...] = ()
    within: int = 0
    regex: re.Pattern[str] | None = field(default=None, compare=False, repr=False)
    unless: tuple["Cue", ...] = ()

    def __str__(self) -> str:
        """The cue as written in YAML, for --explain output."""
        if self.unless:
            base = str(dataclasses.replace(self, unless=()))
            return f"{base} unless [{', '.join(str(u) for u in self.unless)}]"
        if self.kind == "phrase":
            return self.text
        if self.kind == "regex":
            return f"re:{self.text}"
        inner = ", ".join(str(p) for p in self.parts)
        if self.kind == "all":
            return f"{{all: [{inner}]}}"
        return f"{{near: [{inner}], within: {self.within}}}"

    def iter_leaves(self) -> "tuple[Cue, ...]":
        """The phrase and regex cues inside this cue (itself when it is one)."""
        if self.kind in ("phrase", "regex"):
            return (self,)
        out: list[Cue] = []
        for part in self.parts:
            out.extend(part.iter_leaves())
        return tuple(out)


# The closed set of computed checks a risk flag or a weakening may name (``check: {kind:
# ..., <parameters>}``), with the parameters each takes: "months" a whole number, "words" a
# word list per language ({ja: [...], en: [...]}). The engine implements each kind
# (``clausecheck.engine.risks.CHECKS``); the library only chooses one and its parameters.
CHECK_KINDS: Mapping[str, Mapping[str, str]] = MappingProxyType({
    # a period stated after the end of the contract shorter than ``months``
    "duration_under": MappingProxyType({"months": "months"}),
    # a governing-law / forum / arbitration sentence naming a place outside ``allowed``
    # (``foreign`` lists names that are outside for sure, for text without capitals)
    "place_outside": MappingProxyType({"allowed": "words", "foreign": "words"}),
    # a sentence vesting all rights in what is made in one party (``parties``: how the
    # contract names it, e.g. 乙, the Receiving Party)
    "rights_to_party": MappingProxyType({"parties": "words"}),
})


@dataclass(frozen=True)
class Check:
    """A computed check of one kind; ``params`` as CHECK_KINDS says (word lists as
    {lang: tuple})."""

    kind: str
    params: Mapping[str, object] = field(default_factory=lambda: MappingProxyType({}))

    def words(self, name: str, lang: str) -> tuple[str, ...]:
        value = self.params.get(name)
        return tuple(value.get(lang, ())) if isinstance(value, Mapping) else ()

    def placeholders(self) -> dict[str, str]:
        """Values a title or note may cite: {months}, {years}."""
        months = self.params.get("months")
        if not isinstance(months, int):
            return {}
        years = months / 12
        return {"months": str(months), "years": f"{years:g}"}


@dataclass(frozen=True)
class Text:
    """A text given in both languages."""

    ja: str
    en: str

    def get(self, lang: str) -> str:
        return self.ja if lang == "ja" else self.en


@dataclass(frozen=True)
class Cues:
    """Cue lists keyed by language; an absent language is an empty tuple."""

    ja: tuple[Cue, ...] = ()
    en: tuple[Cue, ...] = ()

    def get(self, lang: str) -> tuple[Cue, ...]:
        return self.ja if lang == "ja" else self.en

    def __bool__(self) -> bool:
        return bool(self.ja or self.en)


@dataclass(frozen=True)
class Element:
    """A part a good clause has; a missing required element makes the provision weak."""

    id: str
    name: Text
    required: bool
    cues: Cues


@dataclass(frozen=True)
class Weakening:
    """A term that weakens the clause for the discloser (e.g. "on request only")."""

    id: str
    name: Text
    cues: Cues
    check: Check | None = None


@dataclass(frozen=True)
class RiskFlagSpec:
    """A clause that hurts the discloser although the provision is present; ``check`` a
    computed check run on the provision's own clauses (with or instead of cues)."""

    flag: str
    title: Text
    cues: Cues
    note: Text
    suggestion: Text
    severity: RiskSeverity = "warning"
    check: Check | None = None
    # Whether the risk makes the provision weak (archival copies kept, a short survival: the
    # guidance's weak versions) or is reported beside a provision that stays present (a
    # foreign law or court: the clause does what it should, in a place that hurts).
    weakens: bool = True


@dataclass(frozen=True)
class Amendment:
    """An edit of an existing clause that fixes one shortfall in place: the first match of
    ``find`` in the clause is replaced by ``replace`` (a template; ``\\g<name>`` keeps a group).

    A *strike* (``strike`` patterns, no ``find``/``replace``) deletes the counterparty's text
    that weakens the provision (a residuals clause, a right to keep copies): every sentence of
    the clauses where the shortfall was found in which a pattern matches goes, or only the
    pattern's group ``strike`` when it has one."""

    target: str  # the element, weakening or risk flag of the provision it fixes
    find: Mapping[str, "re.Pattern[str]"]
    replace: Text | None
    strike: Mapping[str, tuple["re.Pattern[str]", ...]] = field(default_factory=dict)

    @property
    def strikes(self) -> bool:
        return bool(self.strike)


@dataclass(frozen=True)
class Recommended:
    """The recommended clause, inserted by the redliner and shown as a suggestion.

    ``template`` holds the texts with their slots (``clausecheck.library.templates``); ``text``
    is the same rendered with the library's own words (甲 → 乙, "the Disclosing Party"), for
    readers that know nothing of the contract. ``supplies`` maps an element id to the
    paragraphs (1-based) of the text that provide it, so a weak clause gets only those;
    ``supply_items`` the elements provided by single items of a paragraph ((paragraph, item),
    both 1-based), so a clause that has the other items gets only the missing ones;
    ``alone`` the wording of a paragraph added to a clause without the paragraphs before it
    (one that would otherwise name a term only they define).
    ``sides`` holds another template and values for a side (``recipient``); ``mutual`` the
    wording for a contract in which both parties disclose; ``defines`` the paragraphs that
    define a term (``purpose``, ``info``), left out when the contract defines its own;
    ``conflicts`` the patterns (per language) of a clause that says the opposite, where the
    redliner comments instead of inserting. ``laws`` holds the template for a contract under
    one governing law (ISO code → template; export control naming Japan's 外為法 under JP),
    ``law_texts`` the same rendered; the default is for any other law or none. ``individual``
    is False for a clause drafted for a company only (its officers and employees, its merger),
    which the redliner leaves out where the receiving party is a person, or the paragraphs of
    it that fit a person (an amendment may add those).
    """

    title: Text
    text: Text
    template: Text | None = None
    values: Mapping[str, object] = field(default_factory=lambda: MappingProxyType({}))
    fill: Mapping[str, Text] = field(default_factory=lambda: MappingProxyType({}))
    supplies: Mapping[str, tuple[int, ...]] = field(default_factory=lambda: MappingProxyType({}))
    amend: tuple[Amendment, ...] = ()
    sides: Mapping[str, "RecommendedSide"] = field(default_factory=lambda: MappingProxyType({}))
    mutual: Text | None = None
    defines: Mapping[str, tuple[int, ...]] = field(default_factory=lambda: MappingProxyType({}))
    title_template: Text | None = None
    conflicts: Mapping[str, tuple["re.Pattern[str]", ...]] = field(
        default_factory=lambda: MappingProxyType({}))
    supply_items: Mapping[str, tuple[tuple[int, int], ...]] = field(
        default_factory=lambda: MappingProxyType({}))
    alone: Mapping[int, Text] = field(default_factory=lambda: MappingProxyType({}))
    laws: Mapping[str, Text] = field(default_factory=lambda: MappingProxyType({}))
    law_texts: Mapping[str, Text] = field(default_factory=lambda: MappingProxyType({}))
    # fits a receiving party who is a natural person (a pledge by 私): True, False, or the
    # paragraphs (1-based) that do
    individual: bool | tuple[int, ...] = True

    def text_for(self, law: str | None) -> Text:
        """The text in the library's own words for a contract under ``law`` (ISO code)."""
        return self.law_texts.get(law or "", self.text)

    def for_side(self, side: str, mutual: bool = False, law: str | None = None
                 ) -> tuple[Text, Mapping[str, object]]:
        """The template and values to draft with for the user's side: the side's own
        variant, else the ``mutual`` template for a contract in which both parties disclose
        (``mutual``) or for a recipient or mutual user (reciprocal duties, not one-way ones
        that bind only them), else the text for the contract's governing law ``law``, else
        the default."""
        base = self.laws.get(law or "") or self.template or self.text
        if (mutual or side in ("recipient", "mutual")) and self.mutual is not None:
            base = self.mutual
        variant = self.sides.get(side)
        if variant is None:
            return base, self.values
        values = dict(self.values)
        values.update(variant.values)
        return variant.template or base, MappingProxyType(values)


@dataclass(frozen=True)
class RecommendedSide:
    """A side's own drafting: a template (None = the default one) and values over the default."""

    template: Text | None = None
    values: Mapping[str, object] = field(default_factory=lambda: MappingProxyType({}))


@dataclass(frozen=True)
class Provision:
    """One provision of the guidance (one YAML file)."""

    id: str
    title: Text
    guidance: tuple[str, ...]
    why: Text
    heading_cues: Cues
    body_cues: Cues
    elements: tuple[Element, ...]
    weakening: tuple[Weakening, ...]
    risk_flags: tuple[RiskFlagSpec, ...]
    recommended: Recommended
    aliases: tuple[str, ...] = ()
    # Core elements: when evidence is found but none of these is, the provision is not
    # provided (status missing): "returns only on request" is no return-on-termination duty.
    core: tuple[str, ...] = ()
    source: str = ""
    code: str = ""                       # short report code (table columns): "RD"
    placement: Placement = field(default_factory=Placement)

    @property
    def required_elements(self) -> tuple[Element, ...]:
        return tuple(e for e in self.elements if e.required)

    @property
    def core_elements(self) -> tuple[Element, ...]:
        """The core elements, in the order ``core`` lists them."""
        return tuple(e for cid in self.core for e in self.elements if e.id == cid)

    def element(self, element_id: str) -> Element | None:
        return next((e for e in self.elements if e.id == element_id), None)


@dataclass(frozen=True)
class SideAdjustment:
    """How one side changes a profile: provision levels and risk-flag severities.

    A provision mapped to ``None`` is dropped for that side; a risk flag mapped to ``None`` is
    not raised for that side.
    """

    provisions: Mapping[str, Requirement | None] = field(
        default_factory=lambda: MappingProxyType({}))
    risk_flags: Mapping[str, RiskSeverity | None] = field(
        default_factory=lambda: MappingProxyType({}))


def role_key(name: str) -> str:
    """A party name as it is compared: NFKC (full-width brackets and letters folded), case
    folded, without spaces, so that --side Licensee and --side licensee meet."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", name)).casefold()


def role_keys(role: Text) -> set[str]:
    """The keys a role answers to: its name in each language, and each part of a name given
    with a gloss (ライセンサー（許諾者）: also ライセンサー and 許諾者)."""
    out: set[str] = set()
    for name in (role.ja, role.en):
        key = role_key(name)
        if key:
            out.add(key)
            out.update(part for part in re.split(r"[()]", key) if part)
    return out


@dataclass(frozen=True)
class Profile:
    """A contract type (one file under ``profiles/``): how to recognise it, what its parties
    are called, which provisions it needs, and how each side changes that.

    ``detect`` holds the cues that name the type in a title or preamble ("秘密保持契約",
    "licence agreement"); ``content`` the cues in the body that point to it when the title is
    plain ("Agreement", 「契約書」). ``priority`` decides between types with equal evidence
    (higher wins: the more specific type). The one ``fallback`` profile is used when no type is
    recognised. ``roles`` names the parties per side (委託者 / 受託者, licensor / licensee).
    """

    id: str
    title: Text
    detect: Cues
    provisions: Mapping[str, Requirement]
    sides: Mapping[str, SideAdjustment]
    source: str = ""
    short: Text | None = None
    priority: int = 0
    fallback: bool = False
    content: Cues = field(default_factory=Cues)
    roles: Mapping[str, Text] = field(default_factory=lambda: MappingProxyType({}))

    @property
    def label(self) -> Text:
        """The short label for tables (NDA, JR, 業務委託): ``short``, else the title."""
        return self.short or self.title

    def role(self, side: str) -> Text | None:
        """What this type calls the party on ``side`` (None: the generic side name)."""
        return self.roles.get(side)

    def side_named(self, name: str) -> str | None:
        """The side a party name of this type stands for (委託者 -> discloser, licensee ->
        recipient), in either language, case and width aside; a name written with a gloss,
        ライセンサー（許諾者）, also answers to each part. None when this type has no such party."""
        key = role_key(name)
        for side, role in self.roles.items():
            if key in role_keys(role):
                return side
        return None

    def requirements(self, side: str = "discloser") -> dict[str, Requirement]:
        """Provision id -> level for this side, in report order (the profile's order)."""
        out: dict[str, Requirement] = dict(self.provisions)
        adjustment = self.sides.get(side)
        if adjustment is None:
            return out
        for pid, level in adjustment.provisions.items():
            if level is None:
                out.pop(pid, None)
            else:
                out[pid] = level
        return out

    def requirement(self, provision_id: str, side: str = "discloser") -> Requirement | None:
        return self.requirements(side).get(provision_id)

    def risk_severity(self, flag: str, default: RiskSeverity,
                      side: str = "discloser") -> RiskSeverity | None:
        """The severity of a risk flag for this side; None when the side does not raise it."""
        adjustment = self.sides.get(side)
        if adjustment is not None and flag in adjustment.risk_flags:
            return adjustment.risk_flags[flag]
        return default


@dataclass(frozen=True)
class Library:
    """The validated clause library: provisions in report order, profiles, alias table."""

    directory: Path
    provisions: tuple[Provision, ...]
    profiles: Mapping[str, Profile]
    aliases: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(p.id for p in self.provisions)

    def find(self, provision_id: str) -> Provision | None:
        """The provision with this id or alias, or None."""
        pid = self.aliases.get(provision_id, provision_id)
        return next((p for p in self.provisions if p.id == pid), None)

    def get(self, provision_id: str) -> Provision:
        """The provision with this id or alias; KeyError names the unknown id."""
        found = self.find(provision_id)
        if found is None:
            raise KeyError(f"unknown provision {provision_id!r}")
        return found

    @property
    def fallback(self) -> Profile:
        """The profile used when no contract type is recognised."""
        return next(p for p in self.profiles.values() if p.fallback)

    @property
    def type_ids(self) -> tuple[str, ...]:
        """The contract types this library knows, the fallback last."""
        return tuple(p.id for p in sorted(self.profiles.values(),
                                          key=lambda p: (p.fallback, p.id)))

    def profile(self, contract_type: str) -> Profile:
        """The profile of a contract type; unknown types get the fallback profile."""
        return self.profiles.get(contract_type) or self.fallback

    def side(self, name: str, contract_type: str | None = None) -> str:
        """The side (discloser, recipient, mutual) the user's ``--side`` names: a side id, a
        party name of ``contract_type`` (委託者, licensee), or a party name that stands for the
        same side in every type that uses it. ValueError (one line) otherwise."""
        if name in SIDE_IDS:
            return name
        profile = self.profiles.get(contract_type or "")
        side = profile.side_named(name) if profile is not None else None
        if side is not None:
            return side
        found = {p.id: s for p in self.profiles.values()
                 if (s := p.side_named(name)) is not None}
        if len(set(found.values())) == 1:
            return next(iter(found.values()))
        if found:
            where = ", ".join(f"{s} in {t}" for t, s in sorted(found.items()))
            raise ValueError(f"side {name!r} names different sides ({where}); give the "
                             f"contract type (--type) or one of {', '.join(SIDE_IDS)}")
        raise ValueError(f"unknown side {name!r} (choose from {', '.join(SIDE_IDS)} or a "
                         f"party name: {', '.join(self.side_names())})")

    def side_names(self) -> list[str]:
        """Every party name the profiles give (both languages), in profile order, once each,
        beside the side ids."""
        out: list[str] = []
        for profile in self.profiles.values():
            for role in profile.roles.values():
                for name in (role.ja, role.en):
                    if name and name not in out and name not in SIDE_IDS:
                        out.append(name)
        return out

    def risk_flag(self, flag: str) -> tuple[Provision, RiskFlagSpec] | None:
        """The provision that owns a risk flag, and the flag's spec."""
        for provision in self.provisions:
            for spec in provision.risk_flags:
                if spec.flag == flag:
                    return provision, spec
        return None
