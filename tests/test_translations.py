"""The Kazakh and Russian catalogs are complete and their compiled .mo files match the .po files."""

import gettext
import re
from pathlib import Path

import pytest

LOCALE = Path(__file__).resolve().parent.parent / "src" / "qamqor" / "locale"
_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"')


_ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(0)), text)


def entries(po: Path) -> list[dict]:
    """Entries of a .po file: context, id, plural id, translations, flags (header excluded)."""
    result = []
    for block in po.read_text(encoding="utf-8").split("\n\n"):
        entry: dict = {"flags": "", "msgctxt": None, "msgid": "", "msgid_plural": None, "msgstr": []}
        key = None
        for line in block.splitlines():
            if line.startswith("#,"):
                entry["flags"] += line
            elif line.startswith("#"):
                continue
            elif line.startswith(("msgctxt", "msgid_plural", "msgid", "msgstr")):
                key = line.split(" ", 1)[0]
                value = "".join(_STRING.findall(line))
                if key.startswith("msgstr"):
                    entry["msgstr"].append(value)
                    key = "msgstr"
                else:
                    entry[key] = value
            elif line.startswith('"') and key:
                value = "".join(_STRING.findall(line))
                if key == "msgstr":
                    entry["msgstr"][-1] += value
                else:
                    entry[key] = (entry[key] or "") + value
        if entry["msgid"] or entry["msgctxt"]:
            result.append(entry)
    return result


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_catalog_is_complete(language: str) -> None:
    found = entries(LOCALE / language / "LC_MESSAGES" / "django.po")
    assert len(found) > 500
    untranslated = [e["msgid"] for e in found if not all(e["msgstr"])]
    fuzzy = [e["msgid"] for e in found if "fuzzy" in e["flags"]]
    assert untranslated == [] and fuzzy == []


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_compiled_catalog_matches_the_po(language: str) -> None:
    folder = LOCALE / language / "LC_MESSAGES"
    with (folder / "django.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = []
    for e in entries(folder / "django.po"):
        if e["msgid_plural"] is not None:
            continue
        msgid, expected = _unescape(e["msgid"]), _unescape(e["msgstr"][0])
        got = compiled.pgettext(_unescape(e["msgctxt"]), msgid) if e["msgctxt"] else compiled.gettext(msgid)
        if got != expected:
            stale.append(msgid)
    assert stale == []
