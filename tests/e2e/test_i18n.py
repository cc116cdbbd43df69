"""Languages in the real app (issue 12): the Urdu catalog is Urdu, every
page of the demo vault in English and in Urdu (screenshots for a person to
look at, right to left, the bundled Nastaliq font really used, nothing
wider than its box), and, in the pseudo-locale stage of scripts/test.sh
(HOMEWARD_PSEUDO_STAGE=1, after scripts/pseudo-locale.py wrote
ui/i18n/qps.json and the app was rebuilt with it), every page in the
pseudo language: the language control offers it with no other change,
every visible text sits inside a ⟦…⟧ wrap (so none bypasses the
catalogs; the demo vault's own data excepted) and no element's content is
wider than its box at 1366x768."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from conftest import GENERATED_PASSPHRASE, REPO
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select
from test_screens import check_layout

I18N = REPO / "ui" / "i18n"
PSEUDO_STAGE = os.environ.get("HOMEWARD_PSEUDO_STAGE") == "1"
SUPERVISOR, ADMIN = "ayesha.supervisor", "admin"
DEMO_SOURCE = REPO / "src-tauri" / "homeward-core" / "src" / "seed" / "demo.rs"
ARABIC = re.compile(r"[\u0600-\u06ff]")
# Latin a practitioner reads in Urdu on purpose: the product's name, the
# date format, key names, file kinds, the report's threshold k, province
# codes, a sample CSV line, a sample form version and sample paths.
URDU_KEEPS_LATIN = {
    "Homeward", "YYYY-MM-DD", "Ctrl+L", "CSV", "PDF", ".pdf", ".hwb", "k", "BA,Quetta",
    "BA", "KP", "PB", "SD", "IS", "GB", "AJK", "v2", "~/Reports", "~/Reports/Quetta", "/media/sana/USB",
    "/media/sana/USB/homeward-20260301-170000-manual.hwb",
}
# Keys whose Urdu value is not a text: the catalog's own settings, numbers and signs.
URDU_NOT_TEXT = {"app.name", "language.dir", "language.locale", "language.days", "reports.col.k"}
LATIN_RUN = re.compile(r"[A-Za-z~./][A-Za-z0-9.+_/~,-]*[A-Za-z0-9]|[A-Za-z]")
PLACEHOLDER = re.compile(r"\{\w+\}")
ISOLATED = re.compile("\u2066[^\u2069]*\u2069")


def catalog(code: str) -> dict[str, str]:
    return json.loads((I18N / f"{code}.json").read_text("utf-8"))


# --- the Urdu catalog (no window) ------------------------------------------------


def test_every_urdu_value_is_urdu_and_its_latin_is_kept_on_purpose():
    english, urdu = catalog("en"), catalog("ur")
    problems = []
    for key, text in urdu.items():
        bare = PLACEHOLDER.sub("", text)
        if key in URDU_NOT_TEXT or not re.search(r"[^\W\d_]", bare):
            continue
        if not ARABIC.search(bare):
            problems.append(f"{key}: not Urdu: {text!r}")
        elif text == english[key]:
            problems.append(f"{key}: still the English text")
        for run in LATIN_RUN.findall(bare):
            if run not in URDU_KEEPS_LATIN:
                problems.append(f"{key}: Latin {run!r} in {text!r}")
        # A Latin run with digits or signs inside Urdu keeps its order only isolated.
        for run in LATIN_RUN.findall(ISOLATED.sub("", bare)):
            if not run.isalpha():
                problems.append(f"{key}: {run!r} is not isolated (U+2066…U+2069) in {text!r}")
    assert problems == [], "every Urdu value is real Urdu:\n" + "\n".join(problems)


# --- the window ------------------------------------------------------------------------


def case_id(app, name: str) -> str:
    rows = json.loads(app.cli("--user", SUPERVISOR, "--json", "case", "list"))["items"]
    found = [row["id"] for row in rows if row.get("name_latin") == name]
    assert len(found) == 1, f"the demo vault holds {name} once"
    return found[0]


def demo_app(world, prepare=None):
    """The app on the demo vault; returns (app, the pages a supervisor sees).
    `prepare(tariq)` may add records through the CLI before the app starts."""
    world.vault.mkdir(mode=0o700, parents=True, exist_ok=True)
    world.cli("demo")
    tariq, naveed = case_id(world, "Tariq Jamil"), case_id(world, "Naveed Akhtar")
    if prepare:
        prepare(tariq)
    pages = [
        ("home", "home.html", "signed-in-user"),
        ("cases", "cases.html", "search"),
        ("case", f"case.html?id={tariq}", "case-title"),
        ("case-form", "case-form.html", "case-form"),
        ("case-work", f"case-work.html?case={tariq}", "work-needs"),
        ("assessment", f"assessment.html?case={naveed}", "assess-form"),
        ("plan", f"plan.html?case={tariq}", "plan-current"),
        ("review", f"review.html?case={naveed}", "review-open"),
        ("agreement", f"agreement.html?case={tariq}", "current-title"),
        ("services", "services.html", "services-title"),
        ("reports", "reports.html", "rpt-form"),
        ("settings", "settings.html", "settings-title"),
        ("print-plan", f"print-plan.html?case={tariq}", "sheet"),
        ("print-agreement", f"print-agreement.html?case={tariq}", "sheet"),
    ]
    return world.launch(), pages


def open_page(app, url: str, ready: str) -> None:
    app.driver.execute_script("window.location.assign(arguments[0])", url)
    app.wait_for_page(url.split("?")[0], ready)
    # Pages fill their lists after the frame shows: wait until nothing is busy.
    app.wait().until(lambda d: d.execute_script("return !document.querySelector('[aria-busy=\"true\"]')"))


# Elements whose content is wider than their box (scrollWidth > clientWidth + 1),
# except those that scroll by design and form controls; innermost offenders only.
OVERFLOW_JS = """
const skip = new Set(['INPUT', 'TEXTAREA', 'SELECT', 'OPTION', 'SCRIPT', 'STYLE', 'HTML', 'BODY']);
function name(el) {
  const parts = [];
  for (let e = el; e && e !== document.body && parts.length < 4; e = e.parentElement) {
    let part = e.tagName.toLowerCase();
    if (e.id) { parts.unshift(part + '#' + e.id); break; }
    if (e.classList.length) part += '.' + [...e.classList].join('.');
    parts.unshift(part);
  }
  return parts.join(' > ');
}
const found = [];
for (const el of document.body.querySelectorAll('*')) {
  if (skip.has(el.tagName) || !(el instanceof HTMLElement) || el.closest('svg')) continue;
  if (!el.getClientRects().length || el.clientWidth <= 1) continue;
  const style = getComputedStyle(el);
  if (['auto', 'scroll'].includes(style.overflowX) || style.visibility === 'hidden') continue;
  // Text for screen readers only sits in a 1 px box on purpose.
  if (el.closest('.visually-hidden') || style.clip !== 'auto') continue;
  if (el.scrollWidth > el.clientWidth + 1) found.push(el);
}
return found
  .filter((el) => !found.some((other) => other !== el && el.contains(other)))
  .map((el) => `${name(el)} (${el.scrollWidth} > ${el.clientWidth}): ${el.textContent.trim().slice(0, 60)}`);
"""


def overflowing(app) -> list[str]:
    return app.driver.execute_script(OVERFLOW_JS)


def check_page(app, lang: str, step: str, problems: list[str]) -> None:
    check_layout(app, f"{lang} {step}")
    for offender in overflowing(app):
        problems.append(f"{lang} {step}: {offender}")
    app.shot(f"{lang}-{step}", scroll="top")


FONT_JS = """
const probe = document.querySelector('h1') || document.querySelector('label') || document.body;
const family = getComputedStyle(probe).fontFamily;
const faces = [...document.fonts].filter((f) => f.family.replace(/"/g, '') === 'Homeward Nastaliq');
return {
  family,
  loaded: faces.filter((f) => f.status === 'loaded').length,
  check: document.fonts.check('17px "Homeward Nastaliq"', 'اردو'),
};
"""

# Texts in Urdu that Nastaliq's tall letters must not be cut off in:
# the boxes whose content is taller than the box (clipped, not scrolled).
CLIPPED_JS = """
const found = [];
for (const el of document.querySelectorAll('button, .topbar *, td, th, label, select, a, .status-badge, h1, h2')) {
  if (!el.getClientRects().length || el.clientHeight <= 1 || el.closest('.visually-hidden')) continue;
  const style = getComputedStyle(el);
  if (style.overflowY === 'visible' || ['auto', 'scroll'].includes(style.overflowY)) continue;
  if (el.scrollHeight > el.clientHeight + 1) found.push(`${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''} ${el.scrollHeight} > ${el.clientHeight}`);
}
return found;
"""


@pytest.mark.parametrize("lang", ["en", "ur"])
def test_every_page_of_the_demo_in_english_and_urdu(world, lang):
    app, pages = demo_app(world)
    app.wait_for_page("unlock.html", "unlock-form")
    if lang == "ur":
        app.switch_language("rtl")
    problems: list[str] = []
    check_page(app, lang, "unlock", problems)
    app.unlock_as(SUPERVISOR, GENERATED_PASSPHRASE)
    for step, url, ready in pages:
        open_page(app, url, ready)
        html = app.driver.find_element(By.TAG_NAME, "html")
        assert (html.get_attribute("lang"), html.get_attribute("dir")) == (
            (lang, "rtl" if lang == "ur" else "ltr")
        ), f"{url} is in the chosen language"
        check_page(app, lang, step, problems)
        if lang == "ur":
            font = app.driver.execute_script(FONT_JS)
            assert font["family"].strip().startswith('"Homeward Nastaliq"'), f"{url}: Urdu text is set in Nastaliq, not {font['family']}"
            assert font["loaded"] >= 1 and font["check"], f"{url}: the bundled Nastaliq font is loaded from the app: {font}"
            clipped = app.driver.execute_script(CLIPPED_JS)
            problems += [f"ur {step}: clipped {c}" for c in clipped]
    app.lock()
    app.unlock_as(ADMIN, GENERATED_PASSPHRASE)
    open_page(app, "users.html", "user-table")
    check_page(app, lang, "users", problems)
    assert problems == [], "every page fits its boxes:\n" + "\n".join(problems)


def test_numbers_and_latin_values_in_urdu_sentences_go_through_intl_and_isolates(app):
    app.wait_for_page("first-run.html", "create-form")
    app.switch_language("rtl")
    shown = app.driver.execute_async_script(
        """
        const done = arguments[arguments.length - 1];
        import('./js/i18n.js').then((i18n) => done({
          locale: i18n.currentLocale(),
          number: i18n.formatNumber(1234567),
          day: i18n.formatDate('2026-03-15'),
          sentence: i18n.t('drafts.edit_case', { number: 'HW-7F3A-2026-0013' }),
          count: i18n.t('districts.count', { count: 4000 }),
        }), (error) => done({ error: String(error) }));
        """
    )
    assert "error" not in shown, shown
    expected_number = app.driver.execute_script("return new Intl.NumberFormat('ur-PK').format(1234567)")
    assert shown["locale"] == "ur-PK", "numbers and dates follow the catalog's language.locale"
    assert shown["number"] == expected_number
    assert "2026" in shown["day"] and "مارچ" in shown["day"], f"a day is written the Urdu way: {shown['day']!r}"
    assert "\u2068HW-7F3A-2026-0013\u2069" in shown["sentence"], f"a case number sits isolated: {shown['sentence']!r}"
    assert shown["count"] == app.driver.execute_script("return new Intl.NumberFormat('ur-PK').format(4000)")


# Visible texts holding an ISO day (YYYY-MM-DD) outside form fields, and the
# shown texts with an Urdu month name: { iso: [selector: text], months: [text] }.
DAYS_JS = """
const ISO = /\\b\\d{4}-\\d{2}-\\d{2}\\b/;
const months = arguments[0];
function name(el) {
  const parts = [];
  for (let e = el; e && e !== document.body && parts.length < 4; e = e.parentElement) {
    let part = e.tagName.toLowerCase();
    if (e.id) { parts.unshift(part + '#' + e.id); break; }
    if (e.classList && e.classList.length) part += '.' + [...e.classList].join('.');
    parts.unshift(part);
  }
  return parts.join(' > ');
}
const iso = [];
const shown = [];
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
for (let node = walker.nextNode(); node; node = walker.nextNode()) {
  const el = node.parentElement;
  if (!el || el.closest('input, textarea, select, option, script, style, [hidden]')) continue;
  if (!el.getClientRects().length) continue;
  const text = node.textContent;
  if (ISO.test(text)) iso.push(`${name(el)}: ${text.trim().slice(0, 80)}`);
  if (months.some((m) => text.includes(m))) shown.push(text.trim());
}
return { iso, months: shown };
"""


def urdu_months(app) -> list[str]:
    return app.driver.execute_script(
        "return [...Array(12).keys()].map((m) => new Intl.DateTimeFormat('ur-PK', { month: 'long', timeZone: 'UTC' })"
        ".format(new Date(Date.UTC(2026, m, 1))))"
    )


def months_in(text: str, months: list[str]) -> bool:
    return any(month in text for month in months)


def test_calendar_days_are_written_the_urdu_way_in_urdu_and_stay_iso_in_english(world):
    def work_with_days(tariq):
        # The demo's case work holds no dated record: a contact and an incident give it days.
        worker = ("--user", "sana.caseworker")
        world.cli(*worker, "contact", "add", tariq, "--on", "2026-11-20", "--kind", "phone", "--minutes", "10")
        world.cli(*worker, "incident", "add", tariq, "--on", "2026-11-18", "--kind", "media", "--severity", "low")

    app, pages = demo_app(world, work_with_days)
    # The pages that show calendar days in the demo; the others must show none as ISO either.
    with_days = {"home", "case", "case-work", "plan", "review", "agreement", "print-plan", "print-agreement"}
    app.wait_for_page("unlock.html", "unlock-form")
    app.switch_language("rtl")
    months = urdu_months(app)
    assert len(set(months)) == 12 and all(ARABIC.search(m) for m in months), months
    app.unlock_as(SUPERVISOR, GENERATED_PASSPHRASE)
    for step, url, ready in pages:
        open_page(app, url, ready)
        found = app.driver.execute_script(DAYS_JS, months)
        assert found["iso"] == [], f"ur {step}: calendar days go through Intl, not ISO:\n" + "\n".join(found["iso"])
        if step in with_days:
            assert found["months"], f"ur {step}: at least one day is written with an Urdu month name"
        app.shot(f"ur-{step}", scroll="top")
        # A switch re-writes the days in place: ISO in English, Intl again in Urdu.
        app.switch_language("ltr")
        english = app.driver.execute_script(DAYS_JS, months)
        assert english["months"] == [], f"en {step}: no Urdu month after the switch: {english['months']}"
        if step in with_days:
            assert english["iso"], f"en {step}: calendar days are shown as typed, YYYY-MM-DD"
        app.shot(f"en-{step}", scroll="top")
        app.switch_language("rtl")
        again = app.driver.execute_script(DAYS_JS, months)
        assert again["iso"] == [] and len(again["months"]) == len(found["months"]), (step, again)
    # The needs chart's column days fit their columns in Urdu, where they are longest.
    open_page(app, pages[2][1], pages[2][2])
    fit = app.driver.execute_script(
        """
        const chart = document.querySelector('#needs-chart svg');
        chart.scrollIntoView({ block: 'start' });
        window.scrollBy(0, -120);
        const cell = chart.querySelector('.cell rect').width.baseVal.value + 4;
        return { cell, days: [...chart.querySelectorAll('.column-date')].map((d) => [d.textContent, d.getBBox().width]) };
        """
    )
    assert fit["days"], "the case page draws its needs chart"
    for text, width in fit["days"]:
        assert months_in(text, months) and width <= fit["cell"] - 4, f"chart day {text!r} is {width} px in a {fit['cell']} px column"
    app.shot("ur-needs-chart")
    # formatDay rewrites only real days; day() puts one in a sentence, isolated.
    shown = app.driver.execute_async_script(
        """
        const done = arguments[arguments.length - 1];
        import('./js/i18n.js').then((i18n) => done({
          iso: i18n.formatDay('2026-10-25'),
          wrong: i18n.formatDay('2026-02-30'),
          text: i18n.formatDay('soon'),
          sentence: i18n.t('home.due_on', { date: i18n.day('2026-10-25') }),
        }), (error) => done({ error: String(error) }));
        """
    )
    assert "error" not in shown, shown
    expected = app.driver.execute_script(
        "return new Intl.DateTimeFormat('ur-PK', { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(Date.UTC(2026, 9, 25)))"
    )
    assert shown["iso"] == expected and "2026" in expected and months[9] in expected, shown
    assert shown["wrong"] == "2026-02-30" and shown["text"] == "soon", "only real days are re-written"
    assert f"\u2068{expected}\u2069" in shown["sentence"], f"a day in a sentence sits isolated: {shown['sentence']!r}"
    # A moment (a draft's time) shown with showTime() or in a sentence with time()
    # is written again in the other language after a switch.
    app.driver.execute_async_script(
        """
        const done = arguments[arguments.length - 1];
        import('./js/i18n.js').then((i18n) => {
          const moment = '2026-10-25T10:30:00Z';
          document.body.append(i18n.showTime(document.createElement('p'), moment));
          const line = document.createElement('p');
          i18n.translate(line, 'drafts.offer_text', { when: i18n.time(moment) });
          document.body.append(line);
          for (const [id, element] of [['moment-probe', document.body.lastChild.previousSibling], ['moment-line', line]]) {
            element.id = id;
          }
          done(true);
        });
        """
    )
    intl = "return new Intl.DateTimeFormat(arguments[0], { dateStyle: 'medium', timeStyle: 'short' }).format(new Date('2026-10-25T10:30:00Z'))"
    for code, direction in (("ur-PK", "rtl"), ("en-GB", "ltr")):
        if direction == "ltr":
            app.switch_language("ltr")
        written = app.driver.execute_script(intl, code)
        assert app.el("moment-probe").text == written, (code, app.el("moment-probe").text, written)
        assert written in app.el("moment-line").text, (code, app.el("moment-line").text, written)


def test_the_language_control_offers_each_catalog_by_its_own_name(app):
    app.wait_for_page("first-run.html", "create-form")
    codes = sorted(path.stem for path in I18N.glob("*.json"))
    offered = app.driver.execute_script(
        """
        const c = document.getElementById('language');
        const items = c.tagName === 'SELECT' ? [...c.options] : [c];
        return { tag: c.tagName, html: c.outerHTML, items: items.map((o) => [o.value || o.dataset.language, o.textContent, o.lang]),
                 label: c.getAttribute('aria-label') };
        """
    )
    if len(codes) == 2:
        other = catalog("ur")
        assert offered["tag"] == "BUTTON", "two languages: a button naming the other one"
        assert offered["items"] == [["ur", other["language.name"], "ur"]], offered
    else:
        assert offered["tag"] == "SELECT", "three or more languages: a choice of each"
        assert offered["label"] == catalog("en")["language.label"]
        names = [[code, catalog(code)["language.name"], code] for code in ["en", *[c for c in codes if c != "en"]]]
        assert offered["items"] == names, "each language by its own name, English first"


# --- the pseudo-locale stage --------------------------------------------------------------

# A visible text outside every ⟦…⟧ wrap: [selector, the text outside].
UNWRAPPED_JS = """
const LETTER = /\\p{L}/u;
function name(el) {
  const parts = [];
  for (let e = el; e && e !== document.body && parts.length < 4; e = e.parentElement) {
    let part = e.tagName.toLowerCase();
    if (e.id) { parts.unshift(part + '#' + e.id); break; }
    if (e.classList.length) part += '.' + [...e.classList].join('.');
    parts.unshift(part);
  }
  return parts.join(' > ');
}
function depthBefore(container, node) {
  const range = document.createRange();
  range.setStart(container, 0);
  range.setEnd(node, 0);
  const before = range.toString();
  return (before.match(/⟦/g) || []).length - (before.match(/⟧/g) || []).length;
}
function outside(text, depth) {
  let out = '';
  for (const ch of text) {
    if (ch === '⟦') depth += 1;
    else if (ch === '⟧') depth = Math.max(0, depth - 1);
    else if (depth === 0) out += ch;
  }
  return out;
}
const found = [];
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
for (let node = walker.nextNode(); node; node = walker.nextNode()) {
  const el = node.parentElement;
  if (!el || !LETTER.test(node.data) || el.closest('script, style, template, #language')) continue;
  if (!el.getClientRects().length || getComputedStyle(el).visibility === 'hidden') continue;
  let depth = 0;
  for (let a = el, i = 0; a && i < 4; a = a.parentElement, i += 1) depth = Math.max(depth, depthBefore(a, node));
  const left = outside(node.data, depth).replace(/\\s+/g, ' ').trim();
  if (LETTER.test(left)) found.push([name(el), left]);
}
for (const el of document.querySelectorAll('[placeholder]')) {
  const text = el.getAttribute('placeholder');
  if (el.getClientRects().length && LETTER.test(outside(text, 0))) found.push([name(el) + '[placeholder]', text]);
}
for (const select of document.querySelectorAll('select:not(#language)')) {
  if (!select.getClientRects().length) continue;
  for (const option of select.options) {
    const left = outside(option.textContent, 0).trim();
    if (LETTER.test(left)) found.push([name(select) + ' option', left]);
  }
}
return found;
"""
CASE_NUMBER = re.compile(r"^HW-[A-Z0-9]+-\d{4}-\d+$")
# What Intl writes in en-GB (the pseudo catalog's locale): days, times, sizes.
INTL_TEXT = re.compile(
    r"^(\d{1,2} [A-Z][a-z]{2,8} \d{4}(, \d{1,2}:\d{2})?|\d{1,2}:\d{2}|[\d.,]+ ?(byte|bytes|B|kB|MB|GB))$"
)


def demo_data() -> list[str]:
    """Every text the demo vault is written from (string literals of seed/demo.rs), line by line."""
    source = DEMO_SOURCE.read_text("utf-8")
    texts = []
    for literal in re.findall(r'"((?:[^"\\]|\\.)*)"', source):
        texts += [line for line in literal.replace("\\n", "\n").split("\n") if len(line) >= 2]
    return texts


def is_data(text: str, data: list[str]) -> bool:
    return bool(CASE_NUMBER.match(text) or INTL_TEXT.match(text) or any(text in item for item in data))


if PSEUDO_STAGE:

    def test_pseudo_locale_every_page_is_wrapped_and_fits(world):
        pseudo = I18N / "qps.json"
        assert pseudo.is_file(), "the pseudo stage writes ui/i18n/qps.json (scripts/pseudo-locale.py) before this test"
        assert sorted(catalog("qps")) == sorted(catalog("en")), "the pseudo catalog has every key"
        # A language is offered by its own name (the report's language choice).
        data = demo_data() + [catalog(path.stem)["language.name"] for path in I18N.glob("*.json")]
        app, pages = demo_app(world)
        app.wait_for_page("unlock.html", "unlock-form")
        control = app.el("language")
        assert control.tag_name.lower() == "select", "three languages: the control offers each"
        names = [option.text for option in Select(control).options]
        assert "Pseudo" in names, f"the rebuilt app offers the new catalog with no other change: {names}"
        app.switch_language("ltr", "qps")
        unwrapped: list[str] = []
        overflow: list[str] = []

        def check(step: str) -> None:
            # Longer texts may wrap the top bar onto two lines; nothing may run wider than the window.
            wider = app.driver.execute_script("return document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert wider <= 0, f"qps {step}: the page is {wider} px wider than the window"
            for where, text in app.driver.execute_script(UNWRAPPED_JS):
                if not is_data(text, data):
                    unwrapped.append(f"{step}: {where}: {text[:80]!r}")
            overflow.extend(f"{step}: {offender}" for offender in overflowing(app))
            app.shot(f"qps-{step}", scroll="top")

        check("unlock")
        app.unlock_as(SUPERVISOR, GENERATED_PASSPHRASE)
        for step, url, ready in pages:
            open_page(app, url, ready)
            assert app.driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "qps"
            check(step)
        app.lock()
        app.unlock_as(ADMIN, GENERATED_PASSPHRASE)
        open_page(app, "users.html", "user-table")
        check("users")
        assert (unwrapped, overflow) == ([], []), (
            "every visible text comes from a catalog:\n" + "\n".join(unwrapped)
            + "\nno element's content is wider than its box:\n" + "\n".join(overflow)
        )
