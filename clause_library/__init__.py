"""The built-in clause library: one YAML file per provision, plus contract-type profiles.

This package only ships data; ``clausecheck.library`` loads and validates it.
"""

from pathlib import Path

LIBRARY_DIR = Path(__file__).resolve().parent
