#!/usr/bin/env python3
"""Writes the pseudo-locale catalog ui/i18n/qps.json from ui/i18n/en.json.

Every value is wrapped in ⟦…⟧, its letters accented and the text made
about 40 % longer (with breakable filler words), while {placeholders} stay
intact; the catalog names itself "Pseudo", left to right, en-GB, with
ISO calendar days (language.days "iso"). The
WebKit test tests/e2e/test_i18n.py -k pseudo then shows that every string
on every page comes from a catalog (each sits inside a wrap) and that the
longer texts still fit their boxes. The file is only made for that stage
(scripts/e2e-pseudo.sh builds the app with it and removes it again):
adding it is all a new language takes.

    python3 scripts/pseudo-locale.py [--remove]
"""

from __future__ import annotations

import json
import math
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SOURCE = REPO / "ui" / "i18n" / "en.json"
TARGET = REPO / "ui" / "i18n" / "qps.json"
OPEN, CLOSE = "⟦", "⟧"
SELF = {"language.name": "Pseudo", "language.dir": "ltr", "language.locale": "en-GB", "language.days": "iso"}
ACCENTS = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "áƀçðéƒĝĥíĵķļɱñóƥǫŕšţúṽŵẋýžÁƁÇÐÉƑĜĤÍĴĶĻṀÑÓƤǪŔŠŢÚṼŴẊÝŽ",
)
FILLER = "ļóŕéɱ íƥšúɱ ðóļóŕ šíţ áɱéţ çóñšéçţéţúŕ áðíƥíšçíñĝ éļíţ šéð ðó éíúšɱóð ţéɱƥóŕ "
# {name} placeholders are filled by t(): never touch them.
PLACEHOLDER = re.compile(r"(\{\w+\})")


def accent(text: str) -> str:
    return "".join(part if PLACEHOLDER.fullmatch(part) else part.translate(ACCENTS) for part in PLACEHOLDER.split(text))


def lengthen(text: str) -> str:
    """About 40 % more characters (at least two), as filler words after a space."""
    shown = PLACEHOLDER.sub("", text)
    extra = max(2, math.ceil(len(shown) * 0.4))
    filler = (FILLER * (extra // len(FILLER) + 1))[:extra].strip()
    return f"{text} {filler}" if filler else text


def pseudo(key: str, text: str) -> str:
    if key in SELF:
        return SELF[key]
    return f"{OPEN}{lengthen(accent(text))}{CLOSE}"


def main(argv: list[str]) -> int:
    if argv[1:] == ["--remove"]:
        TARGET.unlink(missing_ok=True)
        return 0
    if argv[1:]:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    english = json.loads(SOURCE.read_text("utf-8"))
    catalog = {key: pseudo(key, text) for key, text in english.items()}
    for key, text in catalog.items():
        assert PLACEHOLDER.findall(text) == PLACEHOLDER.findall(english[key]) or key in SELF, key
    TARGET.write_text(json.dumps(catalog, ensure_ascii=False, indent=2) + "\n", "utf-8")
    print(f"pseudo-locale: wrote {TARGET.relative_to(REPO)} ({len(catalog)} keys)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
