"""`clausecheck library`: list, show and validate the clause library (or a company playbook)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from clausecheck.cli.options import library_option
from clausecheck.errors import ClausecheckError

if TYPE_CHECKING:
    from clausecheck.library import Cues, Library, Provision, Text

GROUP_EPILOG = """\b
Examples:
  clausecheck library list                       provisions with required/recommended per type
  clausecheck library list --lang ja --side recipient
  clausecheck library show return_deletion       everything about one provision
  clausecheck library validate                   check the built-in library
  clausecheck library validate --library ./our_playbook

A company playbook is a copy of the built-in clause_library directory, edited; point any
command at it with --library DIR. See docs/LIBRARY.md for the format.
"""

LEVEL_MARK = {"required": "req", "recommended": "rec", None: "–"}

lang_option = click.option(
    "--lang", type=click.Choice(["ja", "en"]), default="en", show_default=True,
    help="Language of the titles shown.")


@click.group("library", epilog=GROUP_EPILOG)
def command() -> None:
    """List, show and validate the clause library: the provisions the checker knows, their
    elements, cues, risk flags and recommended texts, and the contract-type profiles."""


@command.command("list", epilog="""\b
Examples:
  clausecheck library list
  clausecheck library list --lang ja
  clausecheck library list --side recipient --library ./our_playbook

Columns: id, then req (required) / rec (recommended) / – (not checked) for each contract
type of the library (headed by the type's short label), then the title. The contract types
and their ids are listed below the table.
""")
@library_option
@lang_option
@click.option("--side", metavar="SIDE", default="discloser", show_default=True,
              help="Show the levels as adjusted for this side: discloser, recipient, mutual, "
                   "or a party name of a type (委託者, licensee …).")
def list_command(library_dir: Path | None, lang: str, side: str) -> None:
    """One line per provision: id, required/recommended per contract type, title."""
    from clausecheck.library import load_library

    library = load_library(library_dir)
    try:
        side = library.side(side)
    except ValueError as exc:
        raise ClausecheckError(f"--side: {exc}") from None
    types = library.type_ids
    levels = {t: library.profile(t).requirements(side) for t in types}
    heads = {t: library.profile(t).label.get(lang) for t in types}
    cols = {t: max(5, _width(heads[t])) for t in types}
    width = max(len(p.id) for p in library.provisions)
    head = "  ".join(_pad(heads[t], cols[t]) for t in types)
    click.echo(f"{'id':<{width}}  {head}  title")
    for provision in library.provisions:
        marks = "  ".join(f"{LEVEL_MARK[levels[t].get(provision.id)]:<{cols[t]}}"
                          for t in types)
        click.echo(f"{provision.id:<{width}}  {marks}  {provision.title.get(lang)}")
    click.echo("\ncontract types (--type):")
    for t in types:
        profile = library.profile(t)
        note = " (fallback)" if profile.fallback else ""
        click.echo(f"  {t:<{max(len(x) for x in types)}}  {heads[t]}: "
                   f"{profile.title.get(lang)}{note}")
        if profile.roles:
            parties = ", ".join(f"{role.ja} / {role.en} = {s}" for s, role in profile.roles.items())
            click.echo(f"  {'':<{max(len(x) for x in types)}}  parties (--side): {parties}")
    click.echo(f"\n{len(library.provisions)} provisions; side: {side}; "
               f"library: {library.directory}")


def _width(text: str) -> int:
    """Columns a label takes in a terminal (CJK characters take two)."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


@command.command("show", epilog="""\b
Examples:
  clausecheck library show return_deletion
  clausecheck library show survival --lang ja
  clausecheck library show non_disclosure        an old id (alias) works too
""")
@click.argument("provision_id", metavar="ID")
@library_option
@click.option("--lang", type=click.Choice(["both", "ja", "en"]), default="both",
              show_default=True, help="Language(s) of the texts and cues shown.")
def show_command(provision_id: str, library_dir: Path | None, lang: str) -> None:
    """Everything about one provision: titles, guidance items, levels per contract type and
    side, why it matters, cues, elements, weakening terms, risk flags, recommended text."""
    from clausecheck.library import load_library

    library = load_library(library_dir)
    provision = library.find(provision_id)
    if provision is None:
        raise ClausecheckError(f"unknown provision {provision_id!r} "
                               f"(see 'clausecheck library list')")
    langs = ("ja", "en") if lang == "both" else (lang,)
    click.echo("\n".join(show_lines(library, provision, langs)))


@command.command("validate", epilog="""\b
Examples:
  clausecheck library validate
  clausecheck library validate --library ./our_playbook

Exit codes: 0 valid ("N provisions, M profiles: OK"), 2 invalid (one error per line on
stderr, each naming the file and the field).
""")
@library_option
def validate_command(library_dir: Path | None) -> None:
    """Check a library directory against the schema: keys, languages, cue syntax, regular
    expressions, ids, aliases, and that profiles name existing provisions."""
    from clause_library import LIBRARY_DIR
    from clausecheck.library import validate_library

    library, errors = validate_library(library_dir or LIBRARY_DIR)
    if library is None:
        for line in errors:
            click.echo(line, err=True)
        click.echo(f"clausecheck: error: {len(errors)} problem(s) in the library", err=True)
        # SystemExit, not click's Exit: main() runs click with standalone_mode=False, where
        # an Exit's code is returned and lost.
        sys.exit(2)
    click.echo(f"{len(library.provisions)} provisions, {len(library.profiles)} profiles: OK")


# --- show ---------------------------------------------------------------------------------

def _cue_list(cues: Cues, langs: tuple[str, ...], indent: str) -> list[str]:
    return [f"{indent}{lang}: " + " | ".join(str(c) for c in cues.get(lang))
            for lang in langs if cues.get(lang)]


def _texts(label: str, text: Text, langs: tuple[str, ...], indent: str = "") -> list[str]:
    if len(langs) == 1:
        return [f"{indent}{label}: {text.get(langs[0])}"]
    return [f"{indent}{label}:"] + [f"{indent}  {lang}: {text.get(lang)}" for lang in langs]


def _levels(library: Library, provision_id: str) -> list[str]:
    lines = []
    for type_id in library.type_ids:
        profile = library.profile(type_id)
        by_side = [f"{side}: {profile.requirement(provision_id, side) or '–'}"
                   for side in ("discloser", "recipient", "mutual")]
        lines.append(f"  {type_id:<15}" + ", ".join(by_side))
    return lines


def show_lines(library: Library, p: Provision, langs: tuple[str, ...]) -> list[str]:
    """The text of `library show` for one provision (exposed for tests)."""
    lines = [p.id + (f"  (aliases: {', '.join(p.aliases)})" if p.aliases else "")]
    lines += _texts("title", p.title, langs)
    lines.append("guidance: " + (", ".join(p.guidance) or "–"))
    lines.append("levels (discloser / recipient / mutual):")
    lines += _levels(library, p.id)
    lines += _texts("why", p.why, langs)
    lines.append("heading cues:")
    lines += _cue_list(p.heading_cues, langs, "  ")
    lines.append("body cues:")
    lines += _cue_list(p.body_cues, langs, "  ")
    lines.append("elements:")
    for e in p.elements:
        kind = ("core, " if e.id in p.core else "") + ("required" if e.required else "optional")
        lines += _texts(f"- {e.id} [{kind}]", e.name,
                        langs, "  ")
        lines += _cue_list(e.cues, langs, "      cues ")
    lines.append("weakening:" + ("" if p.weakening else " –"))
    for w in p.weakening:
        lines += _texts(f"- {w.id}", w.name, langs, "  ")
        lines += _cue_list(w.cues, langs, "      cues ")
    lines.append("risk flags:" + ("" if p.risk_flags else " –"))
    for r in p.risk_flags:
        lines += _texts(f"- {r.flag} [{r.severity}]", r.title, langs, "  ")
        lines += _cue_list(r.cues, langs, "      cues ")
        lines += _texts("note", r.note, langs, "    ")
        lines += _texts("suggestion", r.suggestion, langs, "    ")
    lines.append("recommended:")
    for lang in langs:
        lines.append(f"  [{lang}] {p.recommended.title.get(lang)}")
        lines += ["    " + line for line in p.recommended.text.get(lang).splitlines()]
    lines.append(f"file: {p.source}")
    return lines
