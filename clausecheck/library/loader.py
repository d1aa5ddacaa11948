"""Load and validate a clause library directory.

Validation collects every problem before failing, so ``clausecheck library validate`` can
print them all; each message names the file and the field path inside it
("clause_library/return_deletion.yaml: elements[2].cues.ja[0]: invalid regular expression ...").
Unknown keys are errors: a typo must not silently switch a check off.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from types import MappingProxyType
from typing import Any, Callable, TypeVar

import yaml

from clausecheck.errors import LibraryError, one_line
from clausecheck.library import patterns as patternmod
from clausecheck.library.safety import load_yaml, regex_risk
from clausecheck.library.types import (
    CHECK_KINDS, REQUIREMENTS, RISK_SEVERITIES, Amendment, Check, Cue, Cues, Element,
    Library, Profile, Provision, Recommended, RecommendedSide, RiskFlagSpec,
    SideAdjustment, Text, Weakening, role_keys)
from clausecheck.library.templates import DefaultWords, iter_slots
from clausecheck.library.templates import render as render_template
from clausecheck.model import LANGUAGES, SIDES, Placement

T = TypeVar("T")

ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")
OFF = "off"  # a side may switch a provision or a risk flag off


class LibraryValidationError(LibraryError):
    """An invalid library; ``errors`` holds every problem, one line each."""

    def __init__(self, errors: list[str], directory: Path | None = None) -> None:
        self.errors = tuple(errors)
        command = "clausecheck library validate"
        if directory is not None:
            command += f" --library {directory}"
        more = f" (and {len(errors) - 1} more: run '{command}' to list them)" \
            if len(errors) > 1 else ""
        super().__init__(errors[0] + more)


class _Errors:
    """Collects errors for one file; ``at`` builds the field path."""

    def __init__(self, label: str, sink: list[str]) -> None:
        self.label = label
        self.sink = sink

    def add(self, where: str, message: str) -> None:
        prefix = f"{self.label}: {where}: " if where else f"{self.label}: "
        self.sink.append(one_line(prefix + message))


def _at(base: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{base}[{key}]"
    return f"{base}.{key}" if base else key


def _type_name(value: Any) -> str:
    return {dict: "a mapping", list: "a list", str: "a string", bool: "true/false",
            int: "a number", float: "a number", type(None): "empty"}.get(type(value),
                                                                       type(value).__name__)


def _mapping(value: Any, where: str, err: _Errors, required: set[str],
             optional: set[str]) -> dict[str, Any] | None:
    """Check a mapping's keys: all required present, nothing unknown."""
    if not isinstance(value, dict):
        err.add(where, f"must be a mapping, got {_type_name(value)}")
        return None
    # Unknown keys are reported but parsing goes on, so one run shows every problem; the
    # caller rejects the file when its error count grew.
    for key in value:
        if not isinstance(key, str) or key not in required | optional:
            allowed = ", ".join(sorted(required | optional)) or "none"
            err.add(_at(where, str(key)), f"unknown key (allowed: {allowed})")
    missing = sorted(required - set(value))
    for key in missing:
        err.add(_at(where, key), "missing")
    return None if missing else value


def _string(value: Any, where: str, err: _Errors, allow_empty: bool = False) -> str | None:
    if not isinstance(value, str):
        err.add(where, f"must be a string, got {_type_name(value)}")
        return None
    if not value.strip() and not allow_empty:
        err.add(where, "must not be empty")
        return None
    return value.strip() if "\n" not in value else value.rstrip()


def _identifier(value: Any, where: str, err: _Errors) -> str | None:
    text = _string(value, where, err)
    if text is not None and not ID_RE.match(text):
        err.add(where, f"{text!r} is not a valid id (lowercase letters, digits, _)")
        return None
    return text


def _list(value: Any, where: str, err: _Errors) -> list[Any] | None:
    if value is None:
        return []
    if not isinstance(value, list):
        err.add(where, f"must be a list, got {_type_name(value)}")
        return None
    return value


def _text(value: Any, where: str, err: _Errors) -> Text | None:
    """A text in both languages: {ja: ..., en: ...}."""
    data = _mapping(value, where, err, set(LANGUAGES), set())
    if data is None:
        return None
    ja = _string(data["ja"], _at(where, "ja"), err)
    en = _string(data["en"], _at(where, "en"), err)
    return Text(ja, en) if ja is not None and en is not None else None


# --- cues -------------------------------------------------------------------------------

def _cue(value: Any, where: str, err: _Errors, lang: str, depth: int = 0) -> Cue | None:
    """Parse one cue: phrase, ``re:`` regex, ``{all: [...]}`` or ``{near: [...], within: N}``."""
    if isinstance(value, str):
        if value.startswith("re:"):
            return _regex_cue(value[3:], where, err, lang)
        text = _string(value, where, err)
        return Cue("phrase", text=text) if text is not None else None
    if isinstance(value, dict):
        if "unless" in value:
            return _guarded_cue(value, where, err, lang, depth)
        if depth >= 1 and "all" in value:
            err.add(where, "'all' cannot be nested inside another combined cue")
            return None
        if "all" in value:
            return _all_cue(value, where, err, lang, depth)
        if "near" in value:
            return _near_cue(value, where, err, lang, depth)
        err.add(where, "a combined cue must have the key 'all', 'near' or 'match'")
        return None
    err.add(where, f"a cue must be a phrase, 're:<pattern>', {{all: [...]}} or "
                   f"{{near: [...], within: N}}, got {_type_name(value)}")
    return None


# The named fragments (``@name``) of the library being loaded; see library/patterns.py.
_PATTERNS: patternmod.Table = {"ja": {}, "en": {}}


def _regex_cue(pattern: str, where: str, err: _Errors, lang: str) -> Cue | None:
    if not pattern.strip():
        err.add(where, "empty regular expression")
        return None
    if len(pattern) > patternmod.MAX_CUE_CHARS:
        err.add(where, f"regular expression of {len(pattern)} characters (at most "
                       f"{patternmod.MAX_CUE_CHARS}): name its parts in patterns/*.yaml and "
                       "write them as @name, or split it with 'all:' / 'unless:'")
        return None
    source, unknown = patternmod.expand(pattern, lang, _PATTERNS)
    if unknown:
        err.add(where, f"unknown pattern name @{unknown[0]} (patterns/*.yaml, {lang}: …)")
        return None
    flags = re.IGNORECASE if lang == "en" else 0
    try:
        compiled = re.compile(source, flags)
    except re.error as exc:
        err.add(where, f"invalid regular expression {pattern!r}: {exc}")
        return None
    if compiled.search(""):
        err.add(where, f"regular expression {pattern!r} matches the empty string")
        return None
    risk = regex_risk(source, flags)   # the expanded pattern: fragments are checked too
    if risk:
        err.add(where, f"regular expression {pattern!r}: {risk}")
        return None
    return Cue("regex", text=pattern, regex=compiled)


def _guarded_cue(value: dict[str, Any], where: str, err: _Errors, lang: str,
                 depth: int) -> Cue | None:
    """A cue with ``unless: [...]``: it matches a sentence only when none of the ``unless``
    cues does (``{match: 're:...', unless: [...]}``, or ``unless`` beside ``all``/``near``)."""
    if depth >= 1:
        err.add(where, "'unless' belongs to a cue of the list, not inside a combined cue")
        return None
    rest = {k: v for k, v in value.items() if k != "unless"}
    if "match" in rest:
        if set(rest) != {"match"}:
            err.add(where, "'match' goes with 'unless' only")
            return None
        base = _cue(rest["match"], _at(where, "match"), err, lang, depth)
    else:
        base = _cue(rest, where, err, lang, depth)
    items = _list(value["unless"], _at(where, "unless"), err)
    if base is None or items is None:
        return None
    if not items:
        err.add(_at(where, "unless"), "needs at least one cue")
        return None
    guards = [_cue(item, _at(_at(where, "unless"), i), err, lang, depth + 1)
              for i, item in enumerate(items)]
    if any(g is None for g in guards):
        return None
    return dataclasses.replace(base, unless=tuple(g for g in guards if g is not None))


def _parts(value: Any, where: str, err: _Errors, lang: str, depth: int,
           leaves_only: bool) -> tuple[Cue, ...] | None:
    items = _list(value, where, err)
    if items is None:
        return None
    if len(items) < 2:
        err.add(where, "needs at least two cues")
        return None
    parts: list[Cue] = []
    ok = True
    for i, item in enumerate(items):
        if leaves_only and isinstance(item, dict):
            err.add(_at(where, i), "only phrases and 're:' patterns are allowed inside 'near'")
            ok = False
            continue
        cue = _cue(item, _at(where, i), err, lang, depth + 1)
        ok = ok and cue is not None
        if cue is not None:
            parts.append(cue)
    return tuple(parts) if ok else None


def _all_cue(value: dict[str, Any], where: str, err: _Errors, lang: str,
             depth: int) -> Cue | None:
    data = _mapping(value, where, err, {"all"}, set())
    if data is None:
        return None
    parts = _parts(data["all"], _at(where, "all"), err, lang, depth, leaves_only=False)
    return Cue("all", parts=parts) if parts is not None else None


def _near_cue(value: dict[str, Any], where: str, err: _Errors, lang: str,
              depth: int) -> Cue | None:
    data = _mapping(value, where, err, {"near", "within"}, set())
    if data is None:
        return None
    within = data["within"]
    if isinstance(within, bool) or not isinstance(within, int) or not 1 <= within <= 200:
        err.add(_at(where, "within"), f"must be a whole number from 1 to 200, got {within!r}")
        return None
    parts = _parts(data["near"], _at(where, "near"), err, lang, depth, leaves_only=True)
    return Cue("near", parts=parts, within=within) if parts is not None else None


def _cues(value: Any, where: str, err: _Errors, need_each_language: bool = False) -> Cues | None:
    """Cue lists keyed by language: {ja: [...], en: [...]}."""
    data = _mapping(value if value is not None else {}, where, err, set(), set(LANGUAGES))
    if data is None:
        return None
    out: dict[str, tuple[Cue, ...]] = {}
    ok = True
    for lang in LANGUAGES:
        items = _list(data.get(lang), _at(where, lang), err)
        if items is None:
            ok = False
            continue
        if need_each_language and not items:
            err.add(_at(where, lang), "needs at least one cue")
            ok = False
        parsed = [_cue(item, _at(_at(where, lang), i), err, lang) for i, item in enumerate(items)]
        ok = ok and all(c is not None for c in parsed)
        out[lang] = tuple(c for c in parsed if c is not None)
    return Cues(**out) if ok else None


# --- provisions -------------------------------------------------------------------------

PROVISION_REQUIRED = {"id", "title", "why", "body_cues", "elements", "recommended"}
PROVISION_OPTIONAL = {"aliases", "guidance", "heading_cues", "weakening", "risk_flags",
                      "core", "code", "placement"}
CODE_RE = re.compile(r"^[A-Z][A-Z0-9]{1,3}$")


def _items(value: Any, where: str, err: _Errors,
           parse: Callable[[Any, str, _Errors], Any], id_key: str) -> tuple[Any, ...] | None:
    """Parse a list of mappings, checking that their ids are unique."""
    items = _list(value, where, err)
    if items is None:
        return None
    out: list[Any] = []
    seen: set[str] = set()
    ok = True
    for i, item in enumerate(items):
        parsed = parse(item, _at(where, i), err)
        if parsed is None:
            ok = False
            continue
        key = getattr(parsed, id_key)
        if key in seen:
            err.add(_at(_at(where, i), id_key), f"duplicate {id_key} {key!r}")
            ok = False
        seen.add(key)
        out.append(parsed)
    return tuple(out) if ok else None


def _element(value: Any, where: str, err: _Errors) -> Element | None:
    data = _mapping(value, where, err, {"id", "name", "cues"}, {"required"})
    if data is None:
        return None
    eid = _identifier(data["id"], _at(where, "id"), err)
    name = _text(data["name"], _at(where, "name"), err)
    required = data.get("required", False)
    if not isinstance(required, bool):
        err.add(_at(where, "required"), f"must be true or false, got {required!r}")
        return None
    cues = _cues(data["cues"], _at(where, "cues"), err, need_each_language=True)
    if eid is None or name is None or cues is None:
        return None
    return Element(eid, name, required, cues)


def _weakening(value: Any, where: str, err: _Errors) -> Weakening | None:
    data = _mapping(value, where, err, {"id", "name"}, {"cues", "check"})
    if data is None:
        return None
    wid = _identifier(data["id"], _at(where, "id"), err)
    name = _text(data["name"], _at(where, "name"), err)
    check, cues = _check_and_cues(data, where, err)
    if wid is None or name is None or cues is None or check is False:
        return None
    return Weakening(wid, name, cues, check or None)


def _risk_flag(value: Any, where: str, err: _Errors) -> RiskFlagSpec | None:
    data = _mapping(value, where, err, {"flag", "title", "note", "suggestion"},
                    {"severity", "cues", "check", "weakens"})
    if data is None:
        return None
    flag = _identifier(data["flag"], _at(where, "flag"), err)
    weakens = data.get("weakens", True)
    if not isinstance(weakens, bool):
        err.add(_at(where, "weakens"), f"must be true or false, got {_type_name(weakens)}")
        return None
    title = _text(data["title"], _at(where, "title"), err)
    check, cues = _check_and_cues(data, where, err)
    note = _text(data["note"], _at(where, "note"), err)
    suggestion = _text(data["suggestion"], _at(where, "suggestion"), err)
    severity = data.get("severity", "warning")
    if severity not in RISK_SEVERITIES:
        err.add(_at(where, "severity"), f"must be one of {', '.join(RISK_SEVERITIES)}, "
                                         f"got {severity!r}")
        return None
    if None in (flag, title, cues, note, suggestion) or check is False:
        return None
    return RiskFlagSpec(flag, title, cues, note, suggestion, severity, check or None, weakens)


# --- computed checks (a closed set of kinds, see types.CHECK_KINDS) ----------------------

def _check_and_cues(data: dict[str, Any], where: str,
                    err: _Errors) -> tuple[Check | bool | None, Cues | None]:
    """The optional ``check`` (False when invalid) and the cues, which each language needs
    unless a check is given."""
    check: Check | bool | None = None
    if "check" in data:
        check = _check(data["check"], _at(where, "check"), err) or False
    if "cues" not in data and not check:
        err.add(_at(where, "cues"), "missing (cues, or a check: {kind: ...})")
        return check, None
    cues = _cues(data.get("cues"), _at(where, "cues"), err, need_each_language=not check)
    return check, cues


def _check(value: Any, where: str, err: _Errors) -> Check | None:
    """``{kind: duration_under, months: 24}``: one of CHECK_KINDS with its parameters."""
    if not isinstance(value, dict):
        err.add(where, f"must be a mapping with 'kind', got {_type_name(value)}")
        return None
    kind = value.get("kind")
    if kind not in CHECK_KINDS:
        err.add(_at(where, "kind"), f"unknown check kind {kind!r} (one of "
                                    f"{', '.join(CHECK_KINDS)})")
        return None
    schema = CHECK_KINDS[kind]
    data = _mapping(value, where, err, {"kind"} | set(schema), set())
    if data is None:
        return None
    params: dict[str, Any] = {}
    for name, shape in schema.items():
        at = _at(where, name)
        raw = data[name]
        if shape == "months":
            if isinstance(raw, bool) or not isinstance(raw, int) or not 1 <= raw <= 1200:
                err.add(at, f"must be a whole number of months from 1 to 1200, got {raw!r}")
                return None
            params[name] = raw
        else:
            words = _mapping(raw if raw is not None else {}, at, err, set(), set(LANGUAGES))
            if words is None:
                return None
            out: dict[str, tuple[str, ...]] = {}
            for lang in LANGUAGES:
                items = _list(words.get(lang), _at(at, lang), err)
                if items is None:
                    return None
                parsed = [_string(w, _at(_at(at, lang), i), err) for i, w in enumerate(items)]
                if None in parsed:
                    return None
                out[lang] = tuple(parsed)  # type: ignore[arg-type]
            params[name] = MappingProxyType(out)
    return Check(kind, MappingProxyType(params))


def _recommended(value: Any, where: str, err: _Errors) -> Recommended | None:
    """The recommended text: a template with slots (docs/LIBRARY.md, "Slots"), the values and
    blanks its slots name, the paragraphs that supply each element, in-place amendments and
    side variants. Element ids and article ids are checked against the whole library later
    (``_check_recommended``)."""
    data = _mapping(value, where, err, {"title", "text"},
                    {"mutual", "values", "fill", "supplies", "defines", "amend", "sides",
                     "conflicts", "alone", "laws", "individual"})
    if data is None:
        return None
    before = len(err.sink)
    title = _text(data["title"], _at(where, "title"), err)
    template = _text(data["text"], _at(where, "text"), err)
    mutual = _text(data["mutual"], _at(where, "mutual"), err) if "mutual" in data else None
    defines = _supplies(data.get("defines"), _at(where, "defines"), err)
    values = _template_values(data.get("values"), _at(where, "values"), err)
    fill = _plain_mapping(data.get("fill"), _at(where, "fill"), err)
    fills = {k: _text(v, _at(_at(where, "fill"), str(k)), err) for k, v in (fill or {}).items()}
    supplies = _supplies(data.get("supplies"), _at(where, "supplies"), err, items=True)
    supply_items = _supplied_items(data.get("supplies"))
    amend_items = _list(data.get("amend"), _at(where, "amend"), err)
    amend = None if amend_items is None else \
        [_amendment(item, _at(_at(where, "amend"), i), err) for i, item in enumerate(amend_items)]
    if amend is not None and None in amend:
        amend = None
    sides = _recommended_sides(data.get("sides"), _at(where, "sides"), err)
    conflicts = _patterns(data.get("conflicts"), _at(where, "conflicts"), err)
    alone = _alone(data.get("alone"), _at(where, "alone"), err)
    laws = _laws(data.get("laws"), _at(where, "laws"), err)
    individual = data.get("individual", True)
    if isinstance(individual, list) and all(isinstance(n, int) and not isinstance(n, bool)
                                            and n >= 1 for n in individual):
        individual = tuple(individual)
    elif not isinstance(individual, bool):
        err.add(_at(where, "individual"),
                "must be true, false or a list of paragraph numbers (1, 2, …)")
    if None in (title, template, values, fill, supplies, defines, amend, sides, conflicts,
                alone, laws) or \
            None in fills.values() or ("mutual" in data and mutual is None) or \
            len(err.sink) > before:
        return None
    for key in defines:
        if key not in ("purpose", "info"):
            err.add(_at(_at(where, "defines"), key), "must be purpose or info")
    for side, variant in sides.items():
        merged = {**values, **variant.values}
        for lang in LANGUAGES:
            _check_template((variant.template or template).get(lang),
                            _at(_at(_at(where, "sides"), side), f"text.{lang}"), merged, fills,
                            err)
    for lang in LANGUAGES:
        _check_template(title.get(lang), _at(where, f"title.{lang}"), values, fills, err)
        _check_template(template.get(lang), _at(where, f"text.{lang}"), values, fills, err)
        if mutual is not None:
            _check_template(mutual.get(lang), _at(where, f"mutual.{lang}"), values, fills, err)
        # paragraphs are the lines that start at the margin; indented lines are their items
        count = len(_template_blocks(template.get(lang)))
        for eid, paragraphs in [*supplies.items(), *defines.items()]:
            for n in paragraphs:
                if n > count:
                    err.add(_at(_at(where, "supplies"), eid),
                            f"paragraph {n} is beyond the {count} lines of text.{lang}")
        for n in individual if isinstance(individual, tuple) else ():
            if n > count:
                err.add(_at(where, "individual"),
                        f"paragraph {n} is beyond the {count} lines of text.{lang}")
        for code, law_text in laws.items():
            at = _at(_at(where, "laws"), code) + f".text.{lang}"
            _check_template(law_text.get(lang), at, values, fills, err)
            # the same paragraphs supply the same elements under every law
            if len(_template_blocks(law_text.get(lang))) != count:
                err.add(at, f"must have the {count} paragraph(s) of text.{lang}")
        blocks = _template_blocks(template.get(lang))
        for n, text in alone.items():
            _check_template(text.get(lang), _at(_at(where, "alone"), n) + f".{lang}", values,
                            fills, err)
            if n > len(blocks):
                err.add(_at(_at(where, "alone"), n),
                        f"paragraph {n} is beyond the {len(blocks)} lines of text.{lang}")
        for eid, refs in supply_items.items():
            for n, k in refs:
                have = len(blocks[n - 1]) - 1 if n <= len(blocks) else 0
                if n <= len(blocks) and k > have:
                    err.add(_at(_at(where, "supplies"), eid),
                            f"item {n}({k}): paragraph {n} of text.{lang} has {have} item(s)")
    for i, amendment in enumerate(amend):
        for lang in LANGUAGES if amendment.replace is not None else ():
            _check_template(amendment.replace.get(lang), _at(_at(where, "amend"), i) +
                            f".replace.{lang}", values, fills, err)
    if len(err.sink) > before:
        return None
    text = Text(*(render_template(template.get(lang), DefaultWords(lang, values, fills))[0]
                  for lang in LANGUAGES))
    title_template = title
    title = Text(*(render_template(title.get(lang), DefaultWords(lang, values, fills))[0]
                   for lang in LANGUAGES))
    law_texts = {code: Text(*(render_template(t.get(lang), DefaultWords(lang, values, fills))[0]
                              for lang in LANGUAGES)) for code, t in laws.items()}
    return Recommended(title, text, template, MappingProxyType(values),
                       MappingProxyType(fills), MappingProxyType(supplies), tuple(amend),
                       MappingProxyType(sides), mutual, MappingProxyType(defines),
                       title_template, MappingProxyType(conflicts),
                       MappingProxyType(supply_items), MappingProxyType(alone),
                       MappingProxyType(laws), MappingProxyType(law_texts), individual)


def _laws(value: Any, where: str, err: _Errors) -> dict[str, Text] | None:
    """Governing law (an ISO 3166 code, as the key facts give it: JP, US, GB…) → the text for a
    contract under that law (export control naming Japan's 外為法); the default text is for
    any other law and for a contract that names none."""
    data = _plain_mapping(value, where, err)
    if data is None:
        return None
    out: dict[str, Text] = {}
    for key, item in data.items():
        code = str(key)
        if not re.fullmatch(r"[A-Z]{2}", code):
            err.add(_at(where, code), "must be a country code of two capitals (JP, US, GB…)")
            continue
        spec = _mapping(item, _at(where, code), err, {"text"}, set())
        if spec is None:
            continue
        text = _text(spec["text"], _at(_at(where, code), "text"), err)
        if text is not None:
            out[code] = text
    return out


def _alone(value: Any, where: str, err: _Errors) -> dict[int, Text] | None:
    """Paragraph number → its wording when it is added to an existing clause without the
    paragraphs before it (a paragraph that names 「役職員」 defined by paragraph 1)."""
    data = _plain_mapping(value, where, err)
    if data is None:
        return None
    out: dict[int, Text] = {}
    for key, item in data.items():
        if isinstance(key, bool) or not isinstance(key, int) or key < 1:
            err.add(_at(where, str(key)), "must be a paragraph number (1, 2, …)")
            continue
        text = _text(item, _at(where, str(key)), err)
        if text is not None:
            out[key] = text
    return out


def _template_blocks(template: str) -> list[list[str]]:
    """A template's paragraphs, each as its line followed by its indented item lines."""
    blocks: list[list[str]] = []
    for line in template.splitlines():
        if not line.strip():
            continue
        if line[:1].isspace() and blocks:
            blocks[-1].append(line)
        else:
            blocks.append([line])
    return blocks


def _template_values(value: Any, where: str, err: _Errors) -> dict[str, Any] | None:
    """Plain values: a number, a string, or ``{ja, en}`` texts."""
    data = _plain_mapping(value, where, err)
    if data is None:
        return None
    out: dict[str, Any] = {}
    for key, item in data.items():
        if isinstance(item, bool) or not isinstance(item, (int, float, str, dict)):
            err.add(_at(where, str(key)), f"must be a number, a string or {{ja, en}}, got "
                                          f"{_type_name(item)}")
            continue
        out[str(key)] = _text(item, _at(where, str(key)), err) if isinstance(item, dict) \
            else item
        if isinstance(item, dict) and out[str(key)] is not None:
            out[str(key)] = {"ja": out[str(key)].ja, "en": out[str(key)].en}
    return out


def _patterns(value: Any, where: str, err: _Errors) -> dict[str, tuple[Any, ...]] | None:
    """Regular expressions per language ({ja: [...], en: [...]}); English case-insensitive."""
    data = _mapping(value if value is not None else {}, where, err, set(), set(LANGUAGES))
    if data is None:
        return None
    out: dict[str, tuple[Any, ...]] = {}
    for lang, items in data.items():
        patterns = _list(items, _at(where, lang), err)
        if patterns is None:
            return None
        compiled = []
        for i, pattern in enumerate(patterns):
            text = _string(pattern, _at(_at(where, lang), i), err)
            if text is None:
                return None
            try:
                compiled.append(re.compile(text, re.I if lang == "en" else 0))
            except re.error as exc:
                err.add(_at(_at(where, lang), i), f"invalid regular expression {text!r}: {exc}")
                return None
        out[lang] = tuple(compiled)
    return out


def _check_template(template: str, where: str, values: dict[str, Any],
                    fills: dict[str, Any], err: _Errors) -> None:
    try:
        slots = list(iter_slots(template))
    except ValueError as exc:
        err.add(where, str(exc))
        return
    for slot in slots:
        if slot.name == "value" and slot.args[0] not in values:
            err.add(where, f"slot {{value:{slot.args[0]}}}: no such key in values")
        if slot.name == "fill" and slot.args[0] not in fills:
            err.add(where, f"slot {{fill:{slot.args[0]}}}: no such key in fill")


_ITEM_REF = re.compile(r"\s*([1-9][0-9]*)\(([1-9][0-9]*)\)\s*$")


def _supplies(value: Any, where: str, err: _Errors, items: bool = False
              ) -> dict[str, tuple[int, ...]] | None:
    """Element (or term) → the paragraphs that provide it. With ``items`` an entry may also
    name one item of a paragraph, ``"1(2)"``; those are returned by ``_supplied_items`` and
    count here as their paragraph."""
    data = _plain_mapping(value, where, err)
    if data is None:
        return None
    out: dict[str, tuple[int, ...]] = {}
    for key, item in data.items():
        entries = item if isinstance(item, list) else [item]
        numbers = []
        for entry in entries:
            m = _ITEM_REF.match(entry) if items and isinstance(entry, str) else None
            if m:
                numbers.append(int(m.group(1)))
            elif not isinstance(entry, bool) and isinstance(entry, int) and entry >= 1:
                numbers.append(entry)
            else:
                numbers = []
                break
        if not numbers:
            err.add(_at(where, str(key)), "must be a paragraph number (1, 2, …)" +
                    (", an item of one (\"1(2)\")" if items else "") + " or a list of them")
            continue
        out[str(key)] = tuple(dict.fromkeys(numbers))
    return out


def _supplied_items(value: Any) -> dict[str, tuple[tuple[int, int], ...]]:
    """The elements that ``supplies`` maps to items only (``"1(2)"``): element → (paragraph,
    item) pairs. An element also mapped to a whole paragraph gets that whole paragraph."""
    out: dict[str, tuple[tuple[int, int], ...]] = {}
    for key, item in (value or {}).items() if isinstance(value, dict) else ():
        entries = item if isinstance(item, list) else [item]
        found = [_ITEM_REF.match(e) for e in entries if isinstance(e, str)]
        if found and all(found) and len(found) == len(entries):
            out[str(key)] = tuple((int(m.group(1)), int(m.group(2))) for m in found)
    return out


def _amendment(value: Any, where: str, err: _Errors) -> Any:
    """``{for, find, replace}`` (replace the first match) or ``{for, strike}`` (delete the
    sentences, or the group ``strike``, that the patterns match). A deletion is said with
    ``strike``, never with an empty ``replace``: an empty text stays an error everywhere."""
    data = _mapping(value, where, err, {"for"}, {"find", "replace", "strike"})
    if data is None:
        return None
    target = _identifier(data["for"], _at(where, "for"), err)
    if "strike" in data:
        extra = sorted({"find", "replace"} & set(data))
        if extra:
            err.add(_at(where, extra[0]), "an amendment either strikes (strike) or replaces "
                                          "(find and replace), not both")
            return None
        strikes = _strike_patterns(data["strike"], _at(where, "strike"), err)
        if target is None or strikes is None:
            return None
        return Amendment(target, MappingProxyType({}), None, MappingProxyType(strikes))
    for key in ("find", "replace"):
        if key not in data:
            err.add(_at(where, key), "missing (or write strike: to delete text)")
            return None
    finds = _mapping(data["find"], _at(where, "find"), err, set(LANGUAGES), set())
    replace = _text(data["replace"], _at(where, "replace"), err)
    if target is None or finds is None or replace is None:
        return None
    compiled = {}
    for lang in LANGUAGES:
        pattern = _string(finds[lang], _at(_at(where, "find"), lang), err)
        if pattern is None:
            return None
        try:
            compiled[lang] = re.compile(pattern, re.I if lang == "en" else 0)
        except re.error as exc:
            err.add(_at(_at(where, "find"), lang), f"invalid regular expression {pattern!r}: "
                                                   f"{exc}")
            return None
    return Amendment(target, MappingProxyType(compiled), replace)


def _strike_patterns(value: Any, where: str, err: _Errors
                     ) -> dict[str, tuple[re.Pattern[str], ...]] | None:
    """``strike: {ja: [...], en: [...]}`` (a pattern or a list per language; a language may be
    an empty list): regular expressions (without ``re:``) checked like regex cues (``@name``
    fragments, no empty match, nothing that could run away)."""
    data = _mapping(value, where, err, set(), set(LANGUAGES))
    if data is None:
        return None
    out: dict[str, tuple[re.Pattern[str], ...]] = {}
    before = len(err.sink)
    for lang in LANGUAGES:
        items = data.get(lang, [])
        items = [items] if isinstance(items, str) else _list(items, _at(where, lang), err)
        if items is None:
            continue
        patterns = []
        for i, item in enumerate(items):
            at = _at(_at(where, lang), i) if isinstance(data.get(lang), list) else _at(where, lang)
            text = _string(item, at, err)
            cue = _regex_cue(text, at, err, lang) if text is not None else None
            if cue is not None:
                patterns.append(cue.regex)
        out[lang] = tuple(patterns)
    if len(err.sink) > before:
        return None
    if not any(out.values()):
        err.add(where, "needs at least one pattern")
        return None
    return out


def _recommended_sides(value: Any, where: str, err: _Errors) -> dict[str, Any] | None:
    data = _mapping(value if value is not None else {}, where, err, set(),
                    {s for s in SIDES if s != "discloser"})
    if data is None:
        return None
    out = {}
    for side, item in data.items():
        spec = _mapping(item, _at(where, side), err, set(), {"text", "values"})
        if spec is None:
            return None
        template = _text(spec["text"], _at(_at(where, side), "text"), err) \
            if "text" in spec else None
        values = _template_values(spec.get("values"), _at(_at(where, side), "values"), err)
        if values is None or ("text" in spec and template is None):
            return None
        out[side] = RecommendedSide(template, MappingProxyType(values))
    return out


def _check_recommended(provisions: list[Provision], errors: list[str]) -> None:
    """Recommended texts only name provisions that exist (``{article:ID}``) and elements and
    shortfalls of their own provision (``supplies``, ``amend.for``)."""
    ids = {p.id for p in provisions} | {a for p in provisions for a in p.aliases}
    for p in provisions:
        rec = p.recommended
        own = {e.id for e in p.elements} | {w.id for w in p.weakening} | \
            {f.flag for f in p.risk_flags}
        for eid in rec.supplies:
            if p.element(eid) is None:
                errors.append(f"{p.source}: recommended.supplies.{eid}: not an element of "
                              f"{p.id}")
        for i, amendment in enumerate(rec.amend):
            if amendment.target not in own:
                errors.append(f"{p.source}: recommended.amend[{i}].for: {amendment.target!r} "
                              f"is no element, weakening or risk flag of {p.id}")
        templates = [rec.title_template, rec.template, rec.mutual] + \
            [s.template for s in rec.sides.values()] + \
            [a.replace for a in rec.amend if a.replace is not None] + list(rec.laws.values())
        for template in templates:
            if template is None:
                continue
            for lang in LANGUAGES:
                for slot in iter_slots(template.get(lang)):
                    if slot.name in ("article", "articles"):
                        for pid in slot.args:
                            if pid not in ids:
                                errors.append(f"{p.source}: recommended: slot "
                                              f"{{{slot.name}:{','.join(slot.args)}}} names "
                                              f"unknown provision {pid!r}")


def _guidance(value: Any, where: str, err: _Errors) -> tuple[str, ...] | None:
    items = _list(value, where, err)
    if items is None:
        return None
    out = [_string(str(v) if isinstance(v, int) else v, _at(where, i), err)
           for i, v in enumerate(items)]
    return tuple(v for v in out if v is not None) if None not in out else None


def _id_list(value: Any, where: str, err: _Errors) -> tuple[str, ...] | None:
    items = _list(value, where, err)
    if items is None:
        return None
    out = [_identifier(v, _at(where, i), err) for i, v in enumerate(items)]
    return tuple(v for v in out if v is not None) if None not in out else None


def _code(value: Any, where: str, err: _Errors) -> str | None:
    """A short report code: 2-4 capitals and digits ("RD"); absent = initials of the id."""
    if value is None:
        return ""
    if not isinstance(value, str) or not CODE_RE.match(value):
        err.add(where, f"must be 2 to 4 capital letters or digits (e.g. RD), got {value!r}")
        return None
    return value


def _placement(value: Any, where: str, err: _Errors) -> Placement | None:
    """``placement: {after: [ids], general: bool, closing: bool}`` for the redliner."""
    data = _mapping(value if value is not None else {}, where, err, set(),
                    {"after", "general", "closing"})
    if data is None:
        return None
    after = _id_list(data.get("after"), _at(where, "after"), err)
    flags = {}
    for key in ("general", "closing"):
        flag = data.get(key, False)
        if not isinstance(flag, bool):
            err.add(_at(where, key), f"must be true or false, got {flag!r}")
            return None
        flags[key] = flag
    return Placement(after, **flags) if after is not None else None


def _check_codes_and_placement(provisions: list[Provision], errors: list[str],
                               aliases: dict[str, str], invalid: set[str]) -> None:
    """Report codes are unique; placement names provisions of the library (one whose own
    file is invalid is reported there, not again here)."""
    ids = {p.id for p in provisions} | invalid
    owners: dict[str, str] = {}
    for p in provisions:
        if p.code and p.code in owners:
            errors.append(f"{p.source}: code: {p.code!r} is already the code of "
                          f"{owners[p.code]!r}")
        owners.setdefault(p.code, p.id)
        for i, other in enumerate(p.placement.after):
            if other not in ids and other not in aliases:
                errors.append(f"{p.source}: placement.after[{i}]: unknown provision {other!r}")


def _core_ok(core: tuple[str, ...], elements: tuple[Element, ...], err: _Errors) -> bool:
    """Every core id names an element of the provision, once."""
    ids = {e.id for e in elements}
    ok = True
    for i, cid in enumerate(core):
        if cid not in ids:
            err.add(_at("core", i), f"{cid!r} is not an element id (elements: "
                                    f"{', '.join(e.id for e in elements)})")
            ok = False
        elif cid in core[:i]:
            err.add(_at("core", i), f"duplicate core element {cid!r}")
            ok = False
    return ok


def _file_id(data: dict[str, Any], path: Path, err: _Errors) -> str | None:
    """The ``id`` field, which must be a valid identifier equal to the file's name."""
    pid = _identifier(data["id"], "id", err)
    if pid is not None and pid != path.stem:
        err.add("id", f"{pid!r} must match the file name {path.stem!r}")
        return None
    return pid


def _provision(data: Any, path: Path, err: _Errors) -> Provision | None:
    before = len(err.sink)
    data = _mapping(data, "", err, PROVISION_REQUIRED, PROVISION_OPTIONAL)
    if data is None:
        return None
    pid = _file_id(data, path, err)
    fields = {
        "id": pid,
        "aliases": _id_list(data.get("aliases"), "aliases", err),
        "title": _text(data["title"], "title", err),
        "guidance": _guidance(data.get("guidance"), "guidance", err),
        "why": _text(data["why"], "why", err),
        "heading_cues": _cues(data.get("heading_cues"), "heading_cues", err),
        "body_cues": _cues(data["body_cues"], "body_cues", err),
        "elements": _items(data["elements"], "elements", err, _element, "id"),
        "weakening": _items(data.get("weakening"), "weakening", err, _weakening, "id"),
        "risk_flags": _items(data.get("risk_flags"), "risk_flags", err, _risk_flag, "flag"),
        "recommended": _recommended(data["recommended"], "recommended", err),
        "core": _id_list(data.get("core"), "core", err),
        "code": _code(data.get("code"), "code", err),
        "placement": _placement(data.get("placement"), "placement", err),
    }
    if any(v is None for v in fields.values()) or len(err.sink) > before:
        return None
    for lang in LANGUAGES:
        if not fields["heading_cues"].get(lang) and not fields["body_cues"].get(lang):
            err.add(f"body_cues.{lang}", "needs at least one cue (or one in heading_cues)")
            return None
    # A provision may have no required element: any clause that provides it is then present
    # unless a weakening term or a risk says otherwise (remedies: an injunction or damages).
    if not _core_ok(fields["core"], fields["elements"], err):
        return None
    return Provision(source=err.label, **fields)


# --- profiles ---------------------------------------------------------------------------

def _plain_mapping(value: Any, where: str, err: _Errors) -> dict[str, Any] | None:
    if value is None:
        return {}
    if not isinstance(value, dict):
        err.add(where, f"must be a mapping, got {_type_name(value)}")
        return None
    return value


def _side(value: Any, where: str, err: _Errors) -> SideAdjustment | None:
    data = _mapping(value if value is not None else {}, where, err, set(),
                    {"provisions", "risk_flags"})
    if data is None:
        return None
    provisions = _level_map(data.get("provisions"), _at(where, "provisions"), err,
                            REQUIREMENTS)
    risks = _level_map(data.get("risk_flags"), _at(where, "risk_flags"), err, RISK_SEVERITIES)
    if provisions is None or risks is None:
        return None
    return SideAdjustment(MappingProxyType(provisions), MappingProxyType(risks))


def _level_map(value: Any, where: str, err: _Errors, allowed: tuple[str, ...],
               allow_off: bool = True) -> dict[str, Any] | None:
    """{id: level} where level is one of ``allowed`` (or 'off' when allowed)."""
    data = _plain_mapping(value, where, err)
    if data is None:
        return None
    choices = allowed + ((OFF,) if allow_off else ())
    out: dict[str, Any] = {}
    ok = True
    for key, level in data.items():
        if not isinstance(key, str) or not ID_RE.match(key):
            err.add(_at(where, str(key)), "is not a valid id")
            ok = False
        elif level is False and allow_off:
            err.add(_at(where, key), 'write "off" in quotes (bare off is read as false)')
            ok = False
        elif level not in choices:
            err.add(_at(where, key), f"must be one of {', '.join(choices)}, got {level!r}")
            ok = False
        else:
            out[key] = None if level == OFF else level
    return out if ok else None


PROFILE_REQUIRED = {"id", "title", "provisions"}
PROFILE_OPTIONAL = {"short", "priority", "fallback", "detect", "roles", "sides"}


def _detect(value: Any, where: str, err: _Errors) -> tuple[Cues, Cues] | None:
    """``detect: {titles: {ja, en}, content: {ja, en}}``; the older ``detect: {ja, en}`` means
    titles only (playbooks written for the first release keep working)."""
    data = value if value is not None else {}
    if isinstance(data, dict) and set(data) <= set(LANGUAGES):
        titles = _cues(data, where, err)
        return (titles, Cues()) if titles is not None else None
    data = _mapping(data, where, err, set(), {"titles", "content"})
    if data is None:
        return None
    titles = _cues(data.get("titles"), _at(where, "titles"), err)
    content = _cues(data.get("content"), _at(where, "content"), err)
    return (titles, content) if titles is not None and content is not None else None


def _roles(value: Any, where: str, err: _Errors) -> dict[str, Text] | None:
    """``roles: {discloser: {ja, en}, recipient: {ja, en}}``: the parties' names per side."""
    data = _mapping(value if value is not None else {}, where, err, set(), set(SIDES))
    if data is None:
        return None
    out = {side: _text(name, _at(where, side), err) for side, name in data.items()}
    if None in out.values():
        return None
    taken: dict[str, str] = {}
    for side, role in out.items():
        for key in sorted(role_keys(role)):  # type: ignore[arg-type]
            other = taken.get(key) or (key if key in SIDES else side)
            if other != side:
                err.add(_at(where, side), f"the name {key!r} also stands for {other}; "
                                          "--side must be able to tell the sides apart")
            taken[key] = side
    return out  # type: ignore[return-value]


def _priority(value: Any, where: str, err: _Errors) -> int | None:
    if value is None:
        return 0
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 1000:
        err.add(where, f"must be a whole number from 0 to 1000, got {value!r}")
        return None
    return value


def _profile(data: Any, path: Path, err: _Errors) -> Profile | None:
    before = len(err.sink)
    data = _mapping(data, "", err, PROFILE_REQUIRED, PROFILE_OPTIONAL)
    if data is None:
        return None
    pid = _file_id(data, path, err)
    title = _text(data["title"], "title", err)
    short = _text(data["short"], "short", err) if "short" in data else None
    priority = _priority(data.get("priority"), "priority", err)
    fallback = data.get("fallback", False)
    if not isinstance(fallback, bool):
        err.add("fallback", f"must be true or false, got {fallback!r}")
    detect = _detect(data.get("detect"), "detect", err)
    roles = _roles(data.get("roles"), "roles", err)
    provisions = _level_map(data["provisions"], "provisions", err, REQUIREMENTS,
                            allow_off=False)
    if provisions is not None and not provisions:
        err.add("provisions", "must list at least one provision")
        provisions = None
    sides_raw = _mapping(data.get("sides") or {}, "sides", err, set(), set(SIDES))
    sides: dict[str, SideAdjustment] = {}
    if sides_raw is not None:
        for side, value in sides_raw.items():
            adjustment = _side(value, _at("sides", side), err)
            if adjustment is None:
                sides_raw = None
                break
            sides[side] = adjustment
    if None in (pid, title, priority, detect, roles, provisions, sides_raw) \
            or len(err.sink) > before:
        return None
    return Profile(pid, title, detect[0], MappingProxyType(provisions),
                   MappingProxyType(sides), source=err.label, short=short, priority=priority,
                   fallback=fallback, content=detect[1], roles=MappingProxyType(roles))


# --- the directory ----------------------------------------------------------------------

def _label(directory: Path, path: Path) -> str:
    """How a file is named in messages: the built-in one as clause_library/..., others as given."""
    from clause_library import LIBRARY_DIR

    if directory.resolve() == LIBRARY_DIR:
        return (Path(LIBRARY_DIR.name) / path.relative_to(directory)).as_posix()
    return str(path)


def _read_yaml(path: Path, err: _Errors) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        err.add("", f"cannot be read: {exc}")
        return None
    try:
        data = load_yaml(text)  # bounded: size, depth, alias expansion
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        err.add(where, f"invalid YAML: {problem}")
        return None
    if data is None:
        err.add("", "is empty")
    return data


def _yaml_files(directory: Path, errors: list[str]) -> list[Path]:
    files = []
    for path in sorted(directory.iterdir()):
        if path.suffix == ".yml":
            errors.append(f"{_label(directory, path)}: rename to .yaml (only .yaml files are read)")
        elif path.suffix == ".yaml" and path.is_file():
            files.append(path)
    return files


def _load_files(directory: Path, errors: list[str]
                ) -> tuple[list[Provision], list[Profile], set[str]]:
    """(provisions, profiles, ids of provision files that did not parse)."""
    from clausecheck.library import playbook

    if playbook.is_playbook(directory):
        return playbook.load_playbook(
            directory, errors, _provision, _profile, _read_yaml,
            lambda where: _Errors(where, errors), _label)
    provisions = _parse_each(directory, directory, _provision, errors)
    profile_dir = directory / "profiles"
    profiles = (_parse_each(directory, profile_dir, _profile, errors)
                if profile_dir.is_dir() else [])
    invalid = {p.stem for p in directory.glob("*.yaml")} - {p.id for p in provisions}
    return provisions, profiles, invalid


def _parse_each(root: Path, folder: Path, parse: Callable[[Any, Path, _Errors], T | None],
                errors: list[str]) -> list[T]:
    """Every YAML file of ``folder`` through ``parse``; problems go to ``errors``."""
    out: list[T] = []
    for path in _yaml_files(folder, errors):
        err = _Errors(_label(root, path), errors)
        data = _read_yaml(path, err)
        parsed = parse(data, path, err) if data is not None else None
        if parsed is not None:
            out.append(parsed)
    return out


def _check_aliases(provisions: list[Provision], errors: list[str]) -> dict[str, str]:
    ids = {p.id for p in provisions}
    aliases: dict[str, str] = {}
    for p in provisions:
        for i, alias in enumerate(p.aliases):
            if alias in ids:
                errors.append(f"{p.source}: aliases[{i}]: {alias!r} is the id of another "
                              f"provision")
            elif alias in aliases:
                errors.append(f"{p.source}: aliases[{i}]: {alias!r} is already an alias of "
                              f"{aliases[alias]!r}")
            else:
                aliases[alias] = p.id
    return aliases


def _check_risk_flags(provisions: list[Provision], errors: list[str]) -> set[str]:
    owners: dict[str, str] = {}
    for p in provisions:
        for i, spec in enumerate(p.risk_flags):
            if spec.flag in owners:
                errors.append(f"{p.source}: risk_flags[{i}].flag: {spec.flag!r} is already "
                              f"defined by {owners[spec.flag]!r}")
            owners[spec.flag] = p.id
    return set(owners)


def _check_profiles(profiles: list[Profile], provisions: list[Provision], flags: set[str],
                    errors: list[str], label: str, invalid: set[str]) -> None:
    # A provision whose own file is invalid is already reported there; not again here.
    ids = {p.id for p in provisions} | invalid
    fallbacks = [p for p in profiles if p.fallback]
    if not fallbacks:
        errors.append(f"{label}/profiles: no profile says 'fallback: true' (one type must take "
                      f"the contracts no other type recognises)")
    for extra in fallbacks[1:]:
        errors.append(f"{extra.source}: fallback: {fallbacks[0].source} is already the fallback "
                      f"(only one profile may say 'fallback: true')")
    for profile in profiles:
        for pid in profile.provisions:
            if pid not in ids:
                errors.append(f"{profile.source}: provisions.{pid}: unknown provision")
        for side, adjustment in profile.sides.items():
            for pid in adjustment.provisions:
                if pid not in ids:
                    errors.append(f"{profile.source}: sides.{side}.provisions.{pid}: unknown "
                                  f"provision")
            for flag in adjustment.risk_flags:
                if flag not in flags:
                    errors.append(f"{profile.source}: sides.{side}.risk_flags.{flag}: unknown "
                                  f"risk flag")


def _order(provisions: list[Provision], profiles: list[Profile]) -> tuple[Provision, ...]:
    """Report order: first appearance in the profiles (the fallback last, the others by
    id), then id."""
    rank: dict[str, int] = {}
    for profile in sorted(profiles, key=lambda p: (p.fallback, p.id)):
        for pid in profile.provisions:
            rank.setdefault(pid, len(rank))
    return tuple(sorted(provisions, key=lambda p: (rank.get(p.id, len(rank)), p.id)))


def validate_library(directory: Path) -> tuple[Library | None, list[str]]:
    """Load a library directory; return it (or None) and every error found, one line each."""
    errors: list[str] = []
    directory = Path(directory)
    label = _label(directory, directory)
    if not directory.is_dir():
        return None, [f"{directory}: not a directory"]
    global _PATTERNS
    _PATTERNS = patternmod.load_patterns(
        directory, lambda path: _read_yaml(path, _Errors(_label(directory, path), errors)),
        lambda file, fld, msg: errors.append(f"{file}: {fld + ': ' if fld else ''}{msg}"))
    provisions, profiles, invalid = _load_files(directory, errors)
    if not provisions and not errors:
        errors.append(f"{label}: no provision files (*.yaml)")
    aliases = _check_aliases(provisions, errors)
    flags = _check_risk_flags(provisions, errors)
    _check_codes_and_placement(provisions, errors, aliases, invalid)
    _check_profiles(profiles, provisions, flags, errors, label, invalid)
    _check_recommended(provisions, errors)
    if errors:
        return None, errors
    library = Library(directory=directory, provisions=_order(provisions, profiles),
                      profiles=MappingProxyType({p.id: p for p in profiles}),
                      aliases=MappingProxyType(aliases))
    return library, []


_CACHE: dict[Path, Library] = {}


def load_library(directory: str | Path | None = None, *, cache: bool = True) -> Library:
    """Load and validate a clause library (default: the built-in one), cached per directory.

    Raises ``LibraryValidationError`` (a ``LibraryError``) naming the file and field of the
    first problem; its ``errors`` attribute holds all of them.
    """
    from clause_library import LIBRARY_DIR

    path = Path(directory) if directory is not None else LIBRARY_DIR
    key = path.resolve()
    if cache and key in _CACHE:
        return _CACHE[key]
    library, errors = validate_library(path)
    if library is None:
        raise LibraryValidationError(errors, Path(directory) if directory is not None else None)
    if cache:
        _CACHE[key] = library
    return library
