"""Guards for playbooks written by others: bounded YAML and regex cues that cannot run away.

A company playbook (``--library DIR``) is data from outside the program. Two things in it
could otherwise take the machine: YAML that expands (an alias bomb: nine levels of ten
aliases are 10^9 list items once walked) or nests (100,000 brackets overflow the parser's
recursion), and a regular expression that backtracks catastrophically (``(a+)+$`` on a long
line never finishes, and Python's ``re`` cannot be interrupted inside one search).

``load_yaml(text)`` parses with limits on size, nesting depth and the number of nodes after
alias expansion; every failure is a ``yaml.YAMLError`` with a short message and, where known,
a line. ``regex_risk(pattern, flags)`` returns why a pattern can take super-linear time, or
None; the loader refuses such a cue with the file and field.

The regex check is static, on the parsed pattern (``re._parser``), so it is deterministic and
cheap (the built-in library's 700-odd regexes take milliseconds). It refuses:

* nested repeats that can split the same text in many ways: an unbounded (or more than
  ``MAX_INNER_PASSES``-fold) repeat whose body has variable length and can end with a
  character it can also start with: ``(a+)+``, ``(\\w+\\s?)*``, ``(a|aa)+``, ``(a|a)*``;
* two unbounded repeats in one sequence that can match the same characters with nothing in
  between that the first could not also match: ``.*a.*``, ``\\s*\\s*``, ``[^。]*秘密[^。]*`` —
  cubic time on a long sentence; bounded repeats (``[^。]{0,60}``) are the remedy.

Bounded repeats (``{0,60}``), repeats separated by a character the first cannot match
(``\\w+ \\w+``, ``(\\d+,)+``) and a single unbounded repeat are allowed.
"""

from __future__ import annotations

import functools
import re
from typing import Any, Iterable

import yaml

try:  # Python 3.11+
    from re import _constants as sre_c  # type: ignore[attr-defined]
    from re import _parser as sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as sre_c  # type: ignore[no-redef]
    import sre_parse  # type: ignore[no-redef]

# --- YAML ----------------------------------------------------------------------------------

MAX_YAML_CHARS = 1_000_000   # one provision file is ~20 KB; profiles less
MAX_YAML_DEPTH = 40          # a provision nests about 8 levels
MAX_YAML_NODES = 200_000     # nodes after alias expansion (the built-in files: < 2,000)


class _BoundedLoader(yaml.SafeLoader):
    """SafeLoader that counts depth and the expanded size of every node while composing."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0
        self._sizes: dict[int, int] = {}
        self._total = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        mark = self.peek_event().start_mark
        if self.check_event(yaml.AliasEvent):
            node = super().compose_node(parent, index)
            self._count(self._sizes.get(id(node), 1), mark)
            return node
        self._depth += 1
        if self._depth > MAX_YAML_DEPTH:
            raise yaml.composer.ComposerError(
                None, None, f"nested more than {MAX_YAML_DEPTH} levels deep", mark)
        try:
            node = super().compose_node(parent, index)
        finally:
            self._depth -= 1
        size = 1 + sum(self._sizes.get(id(child), 1) for child in _children(node))
        self._sizes[id(node)] = size
        if self._depth == 0:
            self._count(size, mark)
        return node

    def _count(self, size: int, mark: Any) -> None:
        # An alias stands for its whole anchored subtree: a bomb is refused here, before any
        # Python object of it is built.
        self._total += size
        if self._total > MAX_YAML_NODES or size > MAX_YAML_NODES:
            raise yaml.composer.ComposerError(
                None, None, f"expands to more than {MAX_YAML_NODES:,} values (aliases "
                            "repeated within aliases?)", mark)


def _children(node: Any) -> Iterable[Any]:
    if isinstance(node, yaml.SequenceNode):
        return node.value
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return ()


def load_yaml(text: str) -> Any:
    """``yaml.safe_load`` with bounds; any failure is a ``yaml.YAMLError`` with a short text.

    Sequences inside aliases are also counted once per use in the depth-first node count, so
    a document that is small on disk but huge once expanded is refused.
    """
    if len(text) > MAX_YAML_CHARS:
        raise yaml.YAMLError(f"file too large ({len(text):,} characters; the limit is "
                             f"{MAX_YAML_CHARS:,})")
    loader = _BoundedLoader(text)
    try:
        return loader.get_single_data()
    except yaml.YAMLError:
        raise
    except (ValueError, OverflowError, TypeError, RecursionError) as exc:
        # e.g. an integer of 5,000 digits, a date such as 2024-13-45
        raise yaml.YAMLError(f"unreadable value ({_short(exc)})") from None
    finally:
        loader.dispose()


def _short(value: object, limit: int = 120) -> str:
    text = " ".join(str(value).split())
    return text if len(text) <= limit else text[:limit] + "…"


# --- regular expressions -------------------------------------------------------------------

MAX_INNER_PASSES = 10  # a repeat up to {0,10} over a variable body stays polynomial and small

_CATEGORY = {
    sre_c.CATEGORY_DIGIT: r"\d", sre_c.CATEGORY_NOT_DIGIT: r"\D",
    sre_c.CATEGORY_SPACE: r"\s", sre_c.CATEGORY_NOT_SPACE: r"\S",
    sre_c.CATEGORY_WORD: r"\w", sre_c.CATEGORY_NOT_WORD: r"\W",
    sre_c.CATEGORY_LINEBREAK: r"\n", sre_c.CATEGORY_NOT_LINEBREAK: r"[^\n]",
}
_CATEGORY_RX = {k: re.compile(v) for k, v in _CATEGORY.items()}
_SAMPLES = "aZ0 \t_.,-!\n。、あア漢（"
_REPEATS = {sre_c.MAX_REPEAT, sre_c.MIN_REPEAT}
_REPEAT_SYNTAX = re.compile(r"[*+]|\{\d*,\d*\}")
_MAXREPEAT = sre_c.MAXREPEAT


@functools.lru_cache(maxsize=4096)  # the same cue recurs across elements and files
def regex_risk(pattern: str, flags: int = 0) -> str | None:
    """Why ``pattern`` can take super-linear time on a long text, or None when it cannot."""
    try:
        tree = sre_parse.parse(pattern, flags)
    except (re.error, RecursionError, OverflowError):
        return None  # the compiler reports it
    if not _REPEAT_SYNTAX.search(pattern):
        return None  # nothing repeats: linear
    ignore_case = bool(flags & re.IGNORECASE) or bool(tree.state.flags & re.IGNORECASE)
    alphabet = set(_SAMPLES)
    for ch in _literals(tree):
        alphabet.add(ch)
        if ignore_case:
            alphabet.update({ch.lower(), ch.upper()})
    ctx = _Context(sorted(alphabet), ignore_case)
    try:
        return ctx.check(tree)
    except RecursionError:
        return "nested too deeply to check"


def _literals(items: Any) -> Iterable[str]:
    for op, av in items:
        if op in (sre_c.LITERAL, sre_c.NOT_LITERAL):
            yield chr(av)
        elif op == sre_c.RANGE:
            yield chr(av[0])
            yield chr(av[1])
        elif op == sre_c.IN:
            yield from _literals(av)
        for sub in _subpatterns(op, av):
            yield from _literals(sub)


def _subpatterns(op: Any, av: Any) -> list[Any]:
    """The sub-sequences directly inside one item (groups, repeats, branches, lookarounds)."""
    if op in _REPEATS or op == getattr(sre_c, "POSSESSIVE_REPEAT", None):
        return [av[2]]
    if op == sre_c.SUBPATTERN:
        return [av[-1]]
    if op == sre_c.BRANCH:
        return list(av[1])
    if op in (sre_c.ASSERT, sre_c.ASSERT_NOT):
        return [av[1]]
    if op == getattr(sre_c, "ATOMIC_GROUP", None):
        return [av]
    if op == sre_c.GROUPREF_EXISTS:
        return [x for x in av[1:] if x is not None]
    return []


class _Context:
    def __init__(self, alphabet: list[str], ignore_case: bool) -> None:
        self.alphabet = alphabet
        self.ignore_case = ignore_case
        self._chars: dict[int, set[str]] = {}
        self._classes: dict[int, set[str]] = {}
        self._words = {c for c in alphabet if _CATEGORY_RX[sre_c.CATEGORY_WORD].fullmatch(c)}

    # -- character sets over the sample alphabet --------------------------------------
    def _eq(self, a: str, b: str) -> bool:
        return a == b or (self.ignore_case and a.lower() == b.lower())

    def _in_class(self, items: Any, ch: str) -> bool:
        negate = False
        hit = False
        for op, av in items:
            if op == sre_c.NEGATE:
                negate = True
            elif op == sre_c.LITERAL:
                hit = hit or self._eq(chr(av), ch)
            elif op == sre_c.RANGE:
                hit = hit or av[0] <= ord(ch) <= av[1] or (
                    self.ignore_case and (av[0] <= ord(ch.lower()) <= av[1]
                                          or av[0] <= ord(ch.upper()) <= av[1]))
            elif op == sre_c.CATEGORY:
                rx = _CATEGORY_RX.get(av)
                hit = hit or rx is None or bool(rx.fullmatch(ch))
        return hit != negate

    def _item_chars(self, op: Any, av: Any) -> set[str]:
        """Characters (of the alphabet) that one single-character item can match."""
        if op == sre_c.LITERAL:
            ch = chr(av)
            return {ch, ch.lower(), ch.upper()} & set(self.alphabet) if self.ignore_case \
                else {ch}
        if op == sre_c.NOT_LITERAL:
            return {c for c in self.alphabet if not self._eq(chr(av), c)}
        if op == sre_c.ANY:
            return set(self.alphabet) - {"\n"}
        if op == sre_c.IN:
            hit = self._classes.get(id(av))
            if hit is None:
                hit = self._classes[id(av)] = {c for c in self.alphabet
                                               if self._in_class(av, c)}
            return hit
        return set()

    def chars(self, seq: Any) -> set[str]:
        """Every character some text matched by ``seq`` can contain."""
        hit = self._chars.get(id(seq))
        if hit is not None:
            return hit
        out: set[str] = set()
        self._chars[id(seq)] = out  # (seq stays alive in the parsed tree: ids are stable)
        for op, av in seq:
            out |= self._item_chars(op, av)
            for sub in _subpatterns(op, av):
                if op not in (sre_c.ASSERT, sre_c.ASSERT_NOT):
                    out |= self.chars(sub)
        return out

    def first(self, seq: Any, last: bool = False) -> set[str]:
        """Characters a match of ``seq`` can start (or end) with."""
        out: set[str] = set()
        items = list(seq)
        for op, av in (reversed(items) if last else items):
            if op in (sre_c.AT, sre_c.ASSERT, sre_c.ASSERT_NOT):
                continue
            out |= self._edge(op, av, last)
            if _min_width(op, av) > 0:
                break
        return out

    def _edge(self, op: Any, av: Any, last: bool) -> set[str]:
        chars = self._item_chars(op, av)
        if chars or op in (sre_c.LITERAL, sre_c.NOT_LITERAL, sre_c.ANY, sre_c.IN):
            return chars
        out: set[str] = set()
        for sub in _subpatterns(op, av):
            out |= self.first(sub, last)
        return out

    # -- the rules ----------------------------------------------------------------------
    def check(self, seq: Any) -> str | None:
        problem = self._sequence(seq)
        if problem:
            return problem
        for op, av in seq:
            if op in _REPEATS:
                problem = self._nested(av)
                if problem:
                    return problem
            for sub in _subpatterns(op, av):
                problem = self.check(sub)
                if problem:
                    return problem
        return None

    def _nested(self, av: Any) -> str | None:
        low, high, body = av
        if high != _MAXREPEAT and high <= MAX_INNER_PASSES:
            return None
        lo, hi = _width(body)
        if lo == hi:
            if not self._overlapping_branches(body):
                return None
        elif not self._has_repeat_or_branch(body):
            return None
        if self.first(body) & self.first(body, last=True):
            return ("nested repeats can match the same text in many ways (like '(a+)+'): "
                    "this can take exponential time on a long sentence")
        return None

    def _has_repeat_or_branch(self, seq: Any) -> bool:
        for op, av in seq:
            if op in _REPEATS and av[1] != av[0]:
                return True
            if op == sre_c.BRANCH:
                return True
            if op == sre_c.IN or op in (sre_c.ASSERT, sre_c.ASSERT_NOT):
                continue
            if any(self._has_repeat_or_branch(sub) for sub in _subpatterns(op, av)):
                return True
        return False

    def _overlapping_branches(self, seq: Any) -> bool:
        for op, av in seq:
            if op == sre_c.BRANCH:
                # "a|a" is parsed as "a(?:|)": two branches that both match nothing overlap
                if sum(1 for b in av[1] if _width(b)[0] == 0) > 1:
                    return True
                firsts = [self.first(b) for b in av[1]]
                for i, a in enumerate(firsts):
                    if any(a & b for b in firsts[i + 1:]):
                        return True
            elif op == sre_c.SUBPATTERN and self._overlapping_branches(av[-1]):
                return True
        return False

    def _sequence(self, seq: Any) -> str | None:
        """Two unbounded repeats of one character class (``.*``, ``\\s+``, ``[^。]*``) that
        can share characters, with nothing firm in between."""
        items = list(seq)
        for i, (op, av) in enumerate(items):
            if not _char_run(op, av):
                continue
            span = self.chars(av[2])
            for op2, av2 in items[i + 1:]:
                if _char_run(op2, av2) and self.chars(av2[2]) & span:
                    return ("two unbounded repeats can match the same characters (like "
                            "'.*a.*'): this takes cubic time on a long sentence; bound them, "
                            "e.g. '[^。]{0,60}'")
                if op2 == sre_c.AT and av2 == sre_c.AT_BOUNDARY and (
                        span <= self._words or not span & self._words):
                    break  # "\\w*\\b": the repeat must run to the end of the word
                if op2 in (sre_c.AT, sre_c.ASSERT, sre_c.ASSERT_NOT):
                    continue
                if _min_width(op2, av2) > 0 and not (self.chars([(op2, av2)]) <= span):
                    break  # a character the first repeat cannot take: the split is forced
        return None


def _char_run(op: Any, av: Any) -> bool:
    """An unbounded repeat of a single character class: ``.*``, ``\\w+``, ``[^。]*``."""
    return op in _REPEATS and av[1] == _MAXREPEAT and _width(av[2]) == (1, 1)


def _width(seq: Any) -> tuple[int, int]:
    try:
        lo, hi = seq.getwidth()
    except (AttributeError, TypeError):
        lo, hi = sre_parse.SubPattern(sre_parse.State(), list(seq)).getwidth()
    return lo, hi


def _min_width(op: Any, av: Any) -> int:
    return _width(sre_parse.SubPattern(sre_parse.State(), [(op, av)]))[0]
