"""Word scan of an unpacked .deb (`dpkg-deb -R`): every file's name and
bytes (control, md5sums, desktop entry, copyright, icons and their PNG text
chunks, compressed text, the program itself) are searched for the words the
interface must never show (the same pattern as tests/e2e/test_static.py).
Any hit in any file fails, the program's bytes included: anyone who finds
a laptop can read them (zxcvbn's word lists are patched in vendor/ and
print.rs keeps its refused words shifted for that reason). Each hit is
printed with its file, offset, the word (the whole entry when it sits in
a comma-separated word list, as a dependency's dictionary would) and the
bytes around it, so its source can be found.

Usage: scan_package.py UNPACKED_DIR"""

from __future__ import annotations

import gzip
import re
import struct
import sys
import zlib
from pathlib import Path

FORBIDDEN = re.compile(rb"extremis|terroris|radicali[sz]|\bCVE\b", re.IGNORECASE)
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


def main(argv: list[str]) -> int:
    root = Path(argv[1]).resolve()
    files = sorted(p for p in root.rglob("*") if p.is_file() or p.is_symlink())
    failures = 0
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
                failures += 1
                word = word_at(text, match.start(), match.end())
                print(
                    f"FAIL  {name} ({view}, offset {match.start():#x}): {word!r} "
                    f"[{context(text, match.start(), match.end())}]"
                )
    print(f"word scan: {len(files)} files, {scanned_bytes:,} bytes; {failures} forbidden word(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
