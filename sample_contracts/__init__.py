"""Sample contracts written for clausecheck (sound and weakened versions, ja and en).

The .docx files are built from ``src/`` by ``sample_contracts/build.py``; this package ships
them so that ``clausecheck check --sample`` works on any installation.
"""

from pathlib import Path

SAMPLES_DIR = Path(__file__).resolve().parent
