"""Options shared by several commands, declared once."""

from __future__ import annotations

from pathlib import Path

import click

from clausecheck.model import SIDES

type_option = click.option(
    "--type", "contract_type", type=click.Choice(["auto", "nda", "joint_research", "other"]),
    default="auto", show_default=True,
    help="Contract type; auto detects NDA / joint research / other from the text.")
side_option = click.option(
    "--side", type=click.Choice(list(SIDES)), default="discloser", show_default=True,
    help="Your side: discloser (the technology holder, the guidance's view), recipient or mutual.")
library_option = click.option(
    "--library", "library_dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None, help="A clause library directory (your company playbook) instead of the built-in one.")
ui_lang_option = click.option(
    "--ui-lang", type=click.Choice(["auto", "ja", "en"]), default="auto", show_default=True,
    help="Language of labels and messages; auto follows the contract's language.")
