"""Word scan of an unpacked .deb (`dpkg-deb -R`): every file's name and
bytes (control, md5sums, desktop entry, copyright, icons and their PNG text
chunks, compressed text, the program itself) are searched for the words the
interface must never show (the same pattern as tests/e2e/test_static.py).

A hit in any file fails, except hits inside the program that are listed in
tests/package/binary-words.txt with where they come from: each is printed
on every run, and a listed word no longer found is reported so the list
shrinks. With --strict those listed hits fail too.

Usage: scan_package.py UNPACKED_DIR [--strict]"""

from __future__ import annotations

import gzip
import re
import struct
import sys
import zlib
from collections import Counter
from pathlib import Path

FORBIDDEN = re.compile(rb"extremis|terroris|radicali[sz]|\bCVE\b", re.IGNORECASE)
ALLOWED = Path(__file__).resolve().parent / "binary-words.txt"
LETTERS = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'"


def word_at(data: bytes, start: int, end: int) -> str:
    """The hit's word: the whole entry when it sits in a comma-separated
    word list (a dependency's dictionary), else the matched letters."""
    left, right = start, end
    while left > 0 and data[left - 1] in LETTERS:
        left -= 1
    while right < len(data) and data[right] in LETTERS:
        right += 1
    before = data[left - 1 : left] if left > 0 else b""
    after = data[right : right + 1]
    if before in (b",", b'"') and after in (b",", b'"') and (before == b"," or after == b","):
        return data[left:right].decode("ascii").lower()
    return data[start:end].decode("latin-1").lower()


def context(data: bytes, start: int, end: int) -> str:
    piece = data[max(0, start - 24) : end + 24]
    return "".join(chr(b) if 32 <= b < 127 else "." for b in piece)


def png_texts(data: bytes):
    """Text chunks of a PNG, decompressed (zTXt, compressed iTXt)."""
    if not data.startswith(b"\x89PNG\r\n\x1a\n"):
        return
    at = 8
    while at + 8 <= len(data):
        (length,) = struct.unpack(">I", data[at : at + 4])
        kind = data[at + 4 : at + 8]
        body = data[at + 8 : at + 8 + length]
        if kind == b"zTXt":
            key, _, rest = body.partition(b"\0")
            yield key + b" " + zlib.decompress(rest[1:])
        elif kind == b"iTXt":
            key, _, rest = body.partition(b"\0")
            compressed = rest[:1] == b"\x01"
            text = rest[2:].split(b"\0", 2)[-1]
            yield key + b" " + (zlib.decompress(text) if compressed else text)
        at += 12 + length


def views(path: Path, data: bytes):
    """The bytes to search for one file: as stored, then decoded forms."""
    yield "bytes", data
    if data[:2] == b"\x1f\x8b":
        yield "gunzipped", gzip.decompress(data)
    for text in png_texts(data):
        yield "png text", text


def load_allowed() -> dict[tuple[str, str], str]:
    allowed = {}
    for raw in ALLOWED.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        path, word, source = line.split(None, 2)
        allowed[(path, word)] = source
    return allowed


def main(argv: list[str]) -> int:
    root = Path(argv[1]).resolve()
    strict = "--strict" in argv[2:]
    allowed = load_allowed()
    files = sorted(p for p in root.rglob("*") if p.is_file() or p.is_symlink())
    failures = 0
    seen: Counter = Counter()
    scanned_bytes = 0
    for path in files:
        name = path.relative_to(root).as_posix()
        if FORBIDDEN.search(name.encode()):
            print(f"FAIL  name {name}")
            failures += 1
        if path.is_symlink():
            continue
        data = path.read_bytes()
        scanned_bytes += len(data)
        for view, text in views(path, data):
            for match in FORBIDDEN.finditer(text):
                word = word_at(text, match.start(), match.end())
                source = allowed.get((name, word))
                where = f"{name} ({view}, offset {match.start():#x})"
                if source is not None and not strict:
                    seen[(name, word)] += 1
                    print(f"known {where}: {word!r} from {source} [{context(text, match.start(), match.end())}]")
                else:
                    failures += 1
                    print(f"FAIL  {where}: {word!r} [{context(text, match.start(), match.end())}]")
    for key, source in sorted(allowed.items()):
        if key not in seen and not strict:
            print(f"gone  {key[0]}: {key[1]!r} ({source}) is no longer found: remove it from {ALLOWED.name}")
    known = sum(seen.values())
    print(
        f"word scan: {len(files)} files, {scanned_bytes:,} bytes; "
        f"{failures} forbidden word(s), {known} known hit(s) in the program listed in {ALLOWED.name}"
    )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
