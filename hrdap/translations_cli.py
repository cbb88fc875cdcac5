"""``hrdap translations``: keep the French and Spanish catalogs in step with the code."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import click

ROOT = Path(__file__).resolve().parent.parent
CATALOGS = Path(__file__).resolve().parent / "translations"
POT = CATALOGS / "messages.pot"


def _pybabel(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", *args], check=True, cwd=ROOT)


@click.group("translations")
def translations() -> None:
    """Extract, update and compile the gettext catalogs."""


@translations.command("update")
def update() -> None:
    """Extract every string to translate and merge it into the fr and es catalogs."""
    CATALOGS.mkdir(exist_ok=True)
    _pybabel("extract", "-F", "babel.cfg", "-k", "_l", "--no-location", "--sort-output",
             "-o", str(POT), "hrdap")
    for lang in ("fr", "es"):
        po = CATALOGS / lang / "LC_MESSAGES" / "messages.po"
        if po.exists():
            _pybabel("update", "-i", str(POT), "-d", str(CATALOGS), "-l", lang, "--no-fuzzy-matching",
                     "--ignore-obsolete")
        else:
            _pybabel("init", "-i", str(POT), "-d", str(CATALOGS), "-l", lang)


@translations.command("compile")
def compile_() -> None:
    """Compile the catalogs into the .mo files the app reads."""
    _pybabel("compile", "-d", str(CATALOGS), "--statistics")
