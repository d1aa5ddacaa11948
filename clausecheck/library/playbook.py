"""A company playbook that extends the built-in library.

A playbook folder holds ``playbook.yaml`` and only what the company changes:

    playbook.yaml            extends: builtin; name; disable: [provision ids]
    survival.yaml            changes to a built-in provision (only the keys that change)
    trade_secret_marking.yaml  a new provision (a complete file)
    profiles/nda.yaml        changes to a built-in type (levels, sides, cues...)
    profiles/franchise.yaml  a new contract type (a complete profile)

How a file changes the built-in one (``merge``): mappings merge key by key; a list of items
with ids (``elements``, ``weakening`` by ``id``, ``risk_flags`` by ``flag``) merges item by
item, so ``risk_flags: [{flag: short_survival, check: {months: 36}}]`` changes one threshold
and keeps the rest; any other list (cues, aliases, guidance) is replaced as a whole. A file
named after an alias of a built-in provision changes that provision, so a playbook keeps
working when a later release renames one. The result is validated like any library; errors
name the playbook's file when the playbook touched it, else the built-in file.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any, Callable

PLAYBOOK_FILE = "playbook.yaml"
BASES = ("builtin",)
_ITEM_KEYS = {"elements": "id", "weakening": "id", "risk_flags": "flag"}


def is_playbook(directory: Path) -> bool:
    return (directory / PLAYBOOK_FILE).is_file()


def merge(base: Any, change: Any, key: str = "") -> Any:
    """``base`` changed by ``change`` (neither is modified)."""
    if isinstance(base, dict) and isinstance(change, dict):
        out = dict(base)
        for k, v in change.items():
            out[k] = merge(base[k], v, k) if k in base else copy.deepcopy(v)
        return out
    item_key = _ITEM_KEYS.get(key)
    if item_key and isinstance(base, list) and isinstance(change, list) \
            and all(isinstance(i, dict) for i in base + change):
        out_list = [dict(i) for i in base]
        index = {i.get(item_key): n for n, i in enumerate(out_list)}
        for item in change:
            n = index.get(item.get(item_key))
            if n is None:
                out_list.append(copy.deepcopy(item))
            else:
                out_list[n] = merge(out_list[n], item)
        return out_list
    return copy.deepcopy(change)


def load_playbook(directory: Path, errors: list[str],
                  parse_provision: Callable[..., Any], parse_profile: Callable[..., Any],
                  read_yaml: Callable[..., Any], make_errors: Callable[[str], Any],
                  label: Callable[[Path, Path], str]) -> tuple[list[Any], list[Any], set[str]]:
    """(provisions, profiles, ids whose files were invalid) of a playbook over its base.

    The parsing functions come from the loader, so that a merged file is validated exactly
    like a file of a complete library.
    """
    from clause_library import LIBRARY_DIR

    err = make_errors(label(directory, directory / PLAYBOOK_FILE))
    settings = read_yaml(directory / PLAYBOOK_FILE, err)
    disabled = _settings(settings, err)
    if disabled is None:
        return [], [], set()
    base_files = _raw_files(LIBRARY_DIR, LIBRARY_DIR, read_yaml, make_errors, label)
    base_profiles = _raw_files(LIBRARY_DIR, LIBRARY_DIR / "profiles", read_yaml, make_errors,
                               label)
    aliases = {a: pid for pid, (data, _p, _l) in base_files.items()
               for a in (data.get("aliases") or []) if isinstance(data, dict)}
    own = _raw_files(directory, directory, read_yaml, make_errors, label,
                     skip={PLAYBOOK_FILE}, sink=errors)
    own_profiles = _raw_files(directory, directory / "profiles", read_yaml, make_errors, label,
                              sink=errors)
    files = _overlay(base_files, own, aliases)
    profile_files = _overlay(base_profiles, own_profiles, {})
    known = set(files) | set(aliases)
    for i, pid in enumerate(disabled):
        if pid not in known:
            err.add(f"disable[{i}]", f"{pid!r} is not a provision of the built-in library or "
                                     f"this playbook")
    gone = {aliases.get(p, p) for p in disabled}
    for pid in gone:
        files.pop(pid, None)
    gone_flags = {f.get("flag") for pid in gone for f in (base_files.get(pid, ({},))[0]
                                                          .get("risk_flags") or [])
                  if isinstance(f, dict)}
    provisions, profiles, invalid = [], [], set()
    for pid, (data, path, where) in sorted(files.items()):
        data = _placement_without(data, gone)
        parsed = parse_provision(data, path, make_errors(where))
        if parsed is None:
            invalid.add(pid)
        else:
            provisions.append(parsed)
    for pid, (data, path, where) in sorted(profile_files.items()):
        data = _without(data, gone, gone_flags, aliases)
        parsed = parse_profile(data, path, make_errors(where))
        if parsed is not None:
            profiles.append(parsed)
    return provisions, profiles, invalid


def _settings(data: Any, err: Any) -> list[str] | None:
    """The ``disable`` list of a valid playbook.yaml, or None (errors reported)."""
    if data is None:
        return None
    if not isinstance(data, dict):
        err.add("", "must be a mapping (extends: builtin, name, disable)")
        return None
    allowed = {"extends", "name", "description", "disable"}
    ok = True
    for key in data:
        if key not in allowed:
            err.add(str(key), f"unknown key (allowed: {', '.join(sorted(allowed))})")
            ok = False
    if data.get("extends") not in BASES:
        err.add("extends", f"must be one of {', '.join(BASES)}, got {data.get('extends')!r}")
        ok = False
    disabled = data.get("disable") or []
    if not isinstance(disabled, list) or not all(isinstance(p, str) for p in disabled):
        err.add("disable", "must be a list of provision ids")
        ok = False
    return list(disabled) if ok else None


def _raw_files(root: Path, folder: Path, read_yaml: Callable[..., Any],
               make_errors: Callable[[str], Any], label: Callable[[Path, Path], str],
               skip: set[str] = frozenset(), sink: list[str] | None = None,
               ) -> dict[str, tuple[Any, Path, str]]:
    """stem -> (raw YAML data, path, label) for the .yaml files of a folder."""
    out: dict[str, tuple[Any, Path, str]] = {}
    if not folder.is_dir():
        return out
    for path in sorted(folder.iterdir()):
        if path.name in skip or not path.is_file():
            continue
        if path.suffix == ".yml" and sink is not None:
            sink.append(f"{label(root, path)}: rename to .yaml (only .yaml files are read)")
            continue
        if path.suffix != ".yaml":
            continue
        where = label(root, path)
        data = read_yaml(path, make_errors(where))
        if data is not None:
            out[path.stem] = (data, path, where)
    return out


def _overlay(base: dict[str, tuple[Any, Path, str]], own: dict[str, tuple[Any, Path, str]],
             aliases: dict[str, str]) -> dict[str, tuple[Any, Path, str]]:
    """The base files changed by the playbook's own: same name (or an alias) merges, a new
    name adds a file. A merged file keeps the base's path (its name is the id) and is
    reported under the playbook's file."""
    out = dict(base)
    for stem, (data, path, where) in own.items():
        target = aliases.get(stem, stem)
        if target in base and isinstance(data, dict):
            base_data, base_path, _ = base[target]
            change = {k: v for k, v in data.items() if k != "id" or v != stem}
            out[target] = (merge(base_data, change), base_path, where)
        else:
            out[stem] = (data, path, where)
    return out


def _placement_without(data: Any, gone: set[str]) -> Any:
    """A provision's data with disabled provisions taken out of its placement hints."""
    place = data.get("placement") if isinstance(data, dict) else None
    if not gone or not isinstance(place, dict) or not isinstance(place.get("after"), list):
        return data
    return {**data, "placement": {**place, "after": [p for p in place["after"]
                                                     if p not in gone]}}


def _without(data: Any, gone: set[str], gone_flags: set[str],
             aliases: dict[str, str]) -> Any:
    """A profile's data with disabled provisions (and their risk flags) taken out and
    aliases resolved to ids."""
    if not isinstance(data, dict):
        return data
    out = dict(data)

    def levels(value: Any, drop: set[str], resolve: bool) -> Any:
        if not isinstance(value, dict):
            return value
        return {(aliases.get(k, k) if resolve else k): v for k, v in value.items()
                if (aliases.get(k, k) if resolve else k) not in drop}

    out["provisions"] = levels(out.get("provisions"), gone, True)
    if isinstance(out.get("sides"), dict):
        sides = {}
        for side, adj in out["sides"].items():
            if isinstance(adj, dict):
                adj = dict(adj)
                adj["provisions"] = levels(adj.get("provisions"), gone, True)
                adj["risk_flags"] = levels(adj.get("risk_flags"), gone_flags, False)
            sides[side] = adj
        out["sides"] = sides
    return out
