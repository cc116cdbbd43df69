"""Checks on the page sources that need no window: both catalogs carry the
same keys, every data-i18n key exists, no page writes HTML strings, only
ipc.js touches the Tauri bridge, and the interface never names the work."""

import json
import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
UI = REPO / "ui"
FORBIDDEN = re.compile(r"extremis|terroris|radicali[sz]|\bCVE\b", re.IGNORECASE)


def catalog(lang):
    return json.loads((UI / "i18n" / f"{lang}.json").read_text(encoding="utf-8"))


def test_english_and_urdu_catalogs_have_the_same_keys():
    en, ur = catalog("en"), catalog("ur")
    assert sorted(set(en) ^ set(ur)) == [], "every key is translated in both catalogs"
    assert all(isinstance(v, str) and v.strip() for v in {**en, **ur}.values()), "no empty text"


def test_every_data_i18n_key_in_the_pages_exists():
    en = catalog("en")
    namespaces = {key.split(".")[0] for key in en}
    used = set()
    for page in UI.glob("*.html"):
        used |= set(re.findall(r'data-i18n="([^"]+)"', page.read_text(encoding="utf-8")))
    for script in UI.rglob("*.js"):
        quoted = re.findall(r"'((?:[a-z_]+\.)+[a-z_]+)'", script.read_text(encoding="utf-8"))
        # Dotted strings in a catalog namespace (not file names or storage keys).
        used |= {k for k in quoted if k.split(".")[0] in namespaces and not k.endswith(".html")}
    assert sorted(used - set(en)) == [], "keys used by pages exist in the catalog"


def test_no_script_writes_html_strings():
    for script in UI.rglob("*.js"):
        text = script.read_text(encoding="utf-8")
        assert not re.search(r"innerHTML|outerHTML|insertAdjacentHTML|document\.write", text), script


def test_only_ipc_js_touches_the_tauri_bridge():
    touching = sorted(p.relative_to(UI).as_posix() for p in UI.rglob("*.js") if "__TAURI__" in p.read_text(encoding="utf-8"))
    assert touching == ["js/ipc.js"]


def test_no_inline_script_or_style_in_pages():
    for page in UI.glob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert not re.search(r"<script(?![^>]*\bsrc=)", text), f"{page.name} has an inline script"
        assert not re.search(r"<style|\sstyle=|\son[a-z]+=", text), f"{page.name} has inline style or handler"


def test_the_interface_never_names_the_work():
    files = [p for p in list(UI.rglob("*")) + list((REPO / "assets").rglob("*")) if p.is_file()]
    files.append(REPO / "src-tauri" / "homeward" / "tauri.conf.json")
    for path in files:
        if path.suffix in {".png", ".ttf", ".woff2", ".otf"}:
            continue
        text = path.read_text(encoding="utf-8")
        assert not FORBIDDEN.search(text), f"{path} names the work"
