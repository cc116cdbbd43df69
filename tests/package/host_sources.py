"""Reads this machine's own APT sources (one-line `.list` files and deb822
`.sources` files) and prints what scripts/deb-check.sh needs to build a
chroot from the same mirror: `mirror <uri>` (the source serving the release
itself, for debootstrap) and one `deb <uri> <suite> <components>` line per
enabled source of this release (its -updates and -security suites too), for
the chroot's sources.list. Third-party sources (other suite names) are left
out: their keys are not in the chroot. No host name is written anywhere in
the repository; they come from this machine at run time."""

from __future__ import annotations

import sys
from pathlib import Path

APT = Path("/etc/apt")


def one_line_sources(path: Path):
    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        words = line.split()
        if words[0] != "deb":
            continue
        words = words[1:]
        if words and words[0].startswith("["):
            # Options such as [arch=amd64 signed-by=...] end at the word closing the bracket.
            while words and not words[0].endswith("]"):
                words = words[1:]
            words = words[1:]
        if len(words) >= 3:
            yield words[0], words[1], words[2:]


def deb822_sources(path: Path):
    stanzas = path.read_text(encoding="utf-8", errors="replace").split("\n\n")
    for stanza in stanzas:
        fields: dict[str, str] = {}
        key = None
        for raw in stanza.splitlines():
            if raw.startswith("#") or not raw.strip():
                continue
            if raw[0] in " \t" and key:
                fields[key] += " " + raw.strip()
                continue
            key, _, value = raw.partition(":")
            key = key.strip().lower()
            fields[key] = value.strip()
        if fields.get("enabled", "yes").lower() == "no":
            continue
        if "deb" not in fields.get("types", "").split():
            continue
        for uri in fields.get("uris", "").split():
            for suite in fields.get("suites", "").split():
                yield uri, suite, fields.get("components", "").split()


def main() -> int:
    codename = sys.argv[1]
    found = []
    files = []
    if (APT / "sources.list").is_file():
        files.append(APT / "sources.list")
    files += sorted((APT / "sources.list.d").glob("*.list")) + sorted((APT / "sources.list.d").glob("*.sources"))
    for path in files:
        reader = deb822_sources if path.suffix == ".sources" else one_line_sources
        for uri, suite, components in reader(path):
            if suite == codename or suite.startswith(codename + "-") or suite.startswith(codename + "/"):
                if (uri, suite) not in [(u, s) for u, s, _ in found]:
                    found.append((uri, suite, components))
    mirrors = [uri for uri, suite, _ in found if suite == codename]
    if not mirrors:
        print(f"no APT source of this machine serves {codename!r}", file=sys.stderr)
        return 1
    print(f"mirror {mirrors[0]}")
    for uri, suite, components in found:
        print(f"deb {uri} {suite} {' '.join(components) or 'main'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
