"""Checks on the page sources that need no window: both catalogs carry the
same keys, every data-i18n key and every code list's labels exist, no page
writes HTML strings, only ipc.js touches the Tauri bridge, every signed-in
page stays hidden until the core confirms a session, every file says what
it owns, and the interface never names the work."""

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


def test_every_catalog_has_the_keys_of_english_and_names_its_language():
    en = catalog("en")
    codes = sorted(path.stem for path in (UI / "i18n").glob("*.json"))
    assert "en" in codes and "ur" in codes, "English and Urdu at least"
    for code in codes:
        assert re.fullmatch(r"[a-z][a-z0-9-]*", code), f"ui/i18n/{code}.json: a catalog's name is its code"
        texts = catalog(code)
        missing, extra = sorted(set(en) - set(texts)), sorted(set(texts) - set(en))
        assert (missing, extra) == ([], []), f"{code}.json has exactly the keys of en.json"
        assert all(isinstance(v, str) and v.strip() for v in texts.values()), f"{code}.json has no empty text"
        assert texts["language.dir"] in ("ltr", "rtl"), f"{code}.json: language.dir is ltr or rtl"
        assert texts["language.name"].strip(), f"{code}.json names its language"
        assert re.fullmatch(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*", texts["language.locale"]), (
            f"{code}.json: language.locale is a locale such as en-GB or ur-PK"
        )


def test_every_data_i18n_key_in_the_pages_exists():
    en = catalog("en")
    namespaces = {key.split(".")[0] for key in en}
    used = set()
    for page in UI.glob("*.html"):
        used |= set(re.findall(r'data-i18n(?:-label|-placeholder)?="([^"]+)"', page.read_text(encoding="utf-8")))
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


def code_list(name):
    """The codes of `export const NAME = [...]` in ui/js/codes.js."""
    text = (UI / "js" / "codes.js").read_text(encoding="utf-8")
    body = re.search(rf"export const {name} = \[(.*?)\];", text, re.S).group(1)
    pattern = {"PROVINCES": r"\['([A-Z]+)'", "PHASES": r"(\d+)"}.get(name, r"'([a-z_]*)'")
    return re.findall(pattern, body)


def test_every_code_of_every_list_has_a_label_in_both_catalogs():
    lists = {
        "GENDERS": "gender",
        "CUSTODY_TRACKS": "custody_track",
        "REFERRAL_SOURCES": "referral_source",
        "RELIGIONS": "religion",
        "PHASES": "phase",
        "ROLES": "role",
        "PROVINCES": "province",
    }
    for lang in ("en", "ur"):
        labels = catalog(lang)
        for name, prefix in lists.items():
            codes = code_list(name)
            if name == "RELIGIONS":
                codes = [c or "none" for c in codes]
            assert len(codes) >= 4, f"{name} was read from codes.js"
            missing = [code for code in codes if f"{prefix}.{code}" not in labels]
            assert missing == [], f"{lang}: {name} codes without a label"
    custody = code_list("CUSTODY_TRACKS")
    assert len(custody) == 9, "the nine custody tracks of the domain"


def test_every_field_the_case_page_shows_has_a_label():
    text = (UI / "js" / "pages" / "case.js").read_text(encoding="utf-8")
    text = text[text.index("const SECTIONS") : text.index("];", text.index("const SECTIONS"))]
    names = re.findall(r"\['([a-z_]+)', '[a-z_]+'", text)
    assert "name_urdu" in names and "religion" in names
    en = catalog("en")
    assert [n for n in names if f"field.{n}" not in en] == []


def test_signed_in_pages_stay_hidden_until_the_core_confirms_a_session():
    open_pages = {"index.html", "first-run.html", "unlock.html", "damaged.html", "restore.html"}
    for page in UI.glob("*.html"):
        text = page.read_text(encoding="utf-8")
        scripts = re.findall(r'<script type="module" src="js/pages/([a-z-]+)\.js"></script>', text)
        assert scripts == [page.stem], f"{page.name} has one module script, its own"
        if page.name in open_pages:
            continue
        assert '<body class="loading pending">' in text, f"{page.name} is hidden until the session is checked"
        assert '<header class="topbar" data-topbar="signed-in"></header>' in text, (
            f"{page.name} has the signed-in top bar (with Lock), built by topbar.js"
        )
        script = (UI / "js" / "pages" / f"{page.stem}.js").read_text(encoding="utf-8")
        assert "openSignedInPage" in script, f"{page.name} asks the core for the session when shown"


def test_every_page_builds_its_top_bar_from_the_one_module():
    for page in UI.glob("*.html"):
        text = page.read_text(encoding="utf-8")
        bars = re.findall(r'<header class="topbar" data-topbar="(open|signed-in)"></header>', text)
        assert len(bars) == 1, f"{page.name} has one top bar placeholder and no markup of its own"
        assert 'class="nav"' not in text, f"{page.name} writes no navigation links of its own"
    topbar = (UI / "js" / "topbar.js").read_text(encoding="utf-8")
    for href in ("home.html", "cases.html", "case-form.html", "reports.html", "users.html", "settings.html"):
        assert f"'{href}'" in topbar, f"the top bar links {href}"


def test_every_page_script_and_style_starts_by_saying_what_it_owns():
    for path in list(UI.glob("*.html")) + list(UI.rglob("*.js")) + list(UI.rglob("*.css")):
        text = path.read_text(encoding="utf-8")
        head = text.split("\n", 2)
        opening = head[1] if path.suffix == ".html" else head[0]
        assert opening.startswith(("<!--", "/*", "//")), f"{path.relative_to(UI)} starts with a comment"
