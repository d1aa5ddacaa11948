"""Named, reusable regex fragments for cues: ``@name`` inside a ``re:`` cue.

A cue a legal user can read names its parts: ``re:@negated_duty[^.]{0,100}\\bsolicit`` says
"a duty not to ... solicit" without repeating the thirty ways English says "shall not". The
fragments live in ``patterns/*.yaml`` of the library, keyed by language::

    ja:
      prohibited: (してはならない|してはならず|しないこと|しないものとする|…)
    en:
      negated_duty: (\\b(shall|will|may|must) not\\b|\\bagrees? not to\\b|…)

A fragment is inserted as a non-capturing group, so it is one unit wherever it stands. A
fragment may not use other fragments (no nesting, so no expansion blow-up). The built-in
fragments are always there; a company playbook's own ``patterns/`` folder adds to them (and
may redefine one by name).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Callable

NAME_RE = re.compile(r"@([a-z][a-z0-9_]*)")
MAX_FRAGMENT_CHARS = 600
MAX_CUE_CHARS = 200          # a written regex cue; fragments make longer ones unnecessary

Table = dict[str, dict[str, str]]   # lang -> name -> fragment


def load_patterns(directory: Path, read_yaml: Callable[[Path], Any],
                  add_error: Callable[[str, str, str], None]) -> Table:
    """The built-in fragments, overlaid by those of the library folder's ``patterns/*.yaml``
    when it is a company playbook (its names replace built-in ones of the same name).
    ``add_error(file, field, message)`` collects problems."""
    from clause_library import LIBRARY_DIR

    table: Table = {"ja": {}, "en": {}}
    _load_folder(LIBRARY_DIR / "patterns", table, read_yaml, add_error)
    own = Path(directory) / "patterns"
    if own.is_dir() and own.resolve() != (LIBRARY_DIR / "patterns").resolve():
        mine: Table = {"ja": {}, "en": {}}
        _load_folder(own, mine, read_yaml, add_error)
        for lang in table:
            table[lang].update(mine[lang])
    return table


def _load_folder(folder: Path, table: Table, read_yaml: Callable[[Path], Any],
                 add_error: Callable[[str, str, str], None]) -> None:
    for path in sorted(folder.glob("*.yaml")):
        data = read_yaml(path)
        label = f"patterns/{path.name}"
        if data is None:
            continue
        if not isinstance(data, dict) or set(data) - {"ja", "en"}:
            add_error(label, "", "must be a mapping with the keys 'ja' and/or 'en'")
            continue
        for lang, names in data.items():
            if not isinstance(names, dict):
                add_error(label, lang, "must map fragment names to regular expressions")
                continue
            for name, fragment in names.items():
                where = f"{lang}.{name}"
                if not isinstance(name, str) or not re.fullmatch(r"[a-z][a-z0-9_]*", name):
                    add_error(label, lang, f"{str(name)[:40]!r} is not a fragment name "
                                           "(lowercase letters, digits, _)")
                    continue
                if name in table[lang]:
                    add_error(label, where, "defined twice")
                    continue
                if not isinstance(fragment, str) or not fragment.strip():
                    add_error(label, where, "must be a non-empty regular expression")
                    continue
                if len(fragment) > MAX_FRAGMENT_CHARS:
                    add_error(label, where, f"{len(fragment)} characters; at most "
                                            f"{MAX_FRAGMENT_CHARS}")
                    continue
                if NAME_RE.search(fragment):
                    add_error(label, where, "a fragment cannot use another fragment")
                    continue
                try:
                    re.compile(fragment)
                except re.error as exc:
                    add_error(label, where, f"invalid regular expression: {exc}")
                    continue
                table[lang][name] = fragment


def expand(pattern: str, lang: str, table: Table) -> tuple[str, list[str]]:
    """``pattern`` with every ``@name`` replaced by its fragment; and the unknown names."""
    unknown: list[str] = []
    fragments = table.get(lang, {})

    def sub(m: re.Match[str]) -> str:
        fragment = fragments.get(m.group(1))
        if fragment is None:
            unknown.append(m.group(1))
            return m.group(0)
        return f"(?:{fragment})"

    return NAME_RE.sub(sub, pattern), unknown
