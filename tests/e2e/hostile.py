"""Hostile text for the WebKit tests of every form (issue 11): the payloads,
filling a form with them, and the checks that what comes back is inert.

Used by test_hostile_intake.py and test_hostile_casework.py. A screen is
checked with `check_screen(app, expected)`: the sentinel global
`window.__hostile` is unset, no payload became markup (no img[src=x], no
iframe, no on* attribute, no javascript: link, no script or svg the page
did not build), no `securitypolicyviolation` was heard since
`watch_csp(app)`, the page is no wider than the window, and every expected
value is shown exactly (an element's or text node's whole text, or a
field's value) and stays inside its own box.
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By

REPO = Path(__file__).resolve().parents[2]
_LIMITS_RS = REPO / "src-tauri" / "homeward-core" / "src" / "domain" / "limits.rs"
_CATALOGS = {lang: json.loads((REPO / "ui" / "i18n" / f"{lang}.json").read_text("utf-8")) for lang in ("en", "ur")}


def _field_limits() -> dict[str, int]:
    """Each text field's maximum from the core's table (domain/limits.rs FIELDS)."""
    source = _LIMITS_RS.read_text("utf-8")
    consts = {name: int(value.replace("_", "")) for name, value in re.findall(r"pub const (MAX_\w+): usize = ([\d_]+);", source)}
    kinds = {
        "LINE": consts["MAX_LINE"], "TEXT": consts["MAX_TEXT"], "Path": consts["MAX_PATH"], "Id": consts["MAX_ID"],
        # A search line or a filter object (its text is held to a line).
        "Query": consts["MAX_LINE"],
    }
    limits = {}
    for name, kind in re.findall(r'\("(\w+)",\s*(\w+(?:\([\w_]+\))?)\)', source):
        sized = re.fullmatch(r"(?:Line|Text)\(([\w_]+)\)", kind)
        if sized:
            size = sized.group(1)
            limits[name] = consts[size] if size in consts else int(size.replace("_", ""))
        elif kind in kinds:
            limits[name] = kinds[kind]
    return limits


FIELD_LIMITS = _field_limits()
# A single-line field's usual limit (a name, a reference).
TEXT_LIMIT = FIELD_LIMITS["name"]


def limit_of(field: str) -> int:
    """The core's limit of `field` (snake_case, as the core names it)."""
    return FIELD_LIMITS[field]

# One unbroken run of 10,000 characters: it must wrap inside its box.
LONG = ("Hostile" + "0123456789" + "ڈاکٹر") * 455
LONG = LONG[:10_000]
assert len(LONG) == 10_000

SCRIPT_PAYLOADS = [
    '<img src=x onerror="window.__hostile=1">',
    '<a href="javascript:window.__hostile=1">x</a>',
    "</textarea><script>window.__hostile=1</script>",
    '<svg onload="window.__hostile=1"><script>window.__hostile=1</script></svg>',
    '"><iframe srcdoc="<script>parent.__hostile=1</script>">',
    "{{constructor.constructor('window.__hostile=1')()}}",
    "'); DROP TABLE cases;--",
    "%s%n",
]

PLAIN_PAYLOADS = [
    "ڈاکٹر عائشہ",
    "محمد علي",
    "👩🏽\u200d⚕️👨\u200d👩\u200d👧",
    "\u202eevil.exe txt",
    "zero\u200bwidth\u200cjoin\u200dmark\u200fend",
]

PAYLOADS = SCRIPT_PAYLOADS + PLAIN_PAYLOADS


def hostile_values(count: int, tag: str) -> list[str]:
    """`count` single-line values (each at most 200 characters), one per
    field: each is a payload followed by a short tag (so every field's
    value is told apart on screen) and, cycling, the plain hostile text.
    Every payload is used when count >= len(PAYLOADS)."""
    values = []
    for index in range(count):
        payload = PAYLOADS[index % len(PAYLOADS)]
        plain = PLAIN_PAYLOADS[index % len(PLAIN_PAYLOADS)]
        value = f"{payload} {tag}{index} {plain}"
        assert len(value) <= TEXT_LIMIT, value
        values.append(value)
    return values


def short_values(count: int, tag: str, limit: int) -> list[str]:
    """Like hostile_values, for a field the core holds to fewer characters
    (a version, a language): payloads that fit in `limit` with their tag."""
    fitting = [p for p in PAYLOADS if len(p) + len(tag) + 4 <= limit]
    values = [f"{fitting[i % len(fitting)]} {tag}{i}" for i in range(count)]
    assert all(len(v) <= limit for v in values), values
    return values


def value_for(field: str, tag: str, index: int = 0) -> str:
    """A single-line hostile value that fits the core's limit of `field`."""
    limit = limit_of(field)
    if limit >= 120:
        return hostile_values(index + 1, tag)[index]
    return short_values(index + 1, tag, limit)[index]


def long_text(tag: str) -> str:
    """A long-text value: every payload, one per line, then the 10,000-character run."""
    return "\n".join([f"{tag}", *PAYLOADS, LONG])


def set_value(app, element, text: str) -> None:
    """Puts `text` into a field as a paste would (fast for 10,000 characters),
    firing input and change, and checks the field holds it whole."""
    app.driver.execute_script(
        """
        const [box, text] = arguments;
        box.focus();
        box.value = text;
        box.dispatchEvent(new Event('input', { bubbles: true }));
        box.dispatchEvent(new Event('change', { bubbles: true }));
        """,
        element,
        text,
    )
    assert element.get_property("value") == text, "the field holds the whole text (no maxlength cut it)"


def fill(app, element_id: str, text: str) -> None:
    set_value(app, app.el(element_id), text)


def type_keys(app, element_id: str, text: str) -> None:
    """Types `text` with the keyboard (send_keys), as a person would."""
    box = app.el(element_id)
    box.clear()
    box.send_keys(text)
    assert box.get_property("value") == text, f"#{element_id} holds what was typed"


def no_maxlength(app) -> None:
    """No text field of the page cuts text off."""
    cut = app.driver.execute_script(
        "return [...document.querySelectorAll('input[maxlength], textarea[maxlength]')].map((e) => e.id || e.name || e.outerHTML.slice(0, 60));"
    )
    assert cut == [], f"fields with a maxlength (it truncates pasted text silently): {cut}"


def watch_csp(app) -> None:
    """Starts recording securitypolicyviolation events on the page shown."""
    app.driver.execute_script(
        """
        window.__cspHeard = window.__cspHeard || [];
        if (!window.__cspWatching) {
          window.__cspWatching = true;
          document.addEventListener('securitypolicyviolation', (event) => {
            window.__cspHeard.push(`${event.violatedDirective} ${event.blockedURI} ${event.sample || ''}`);
          });
        }
        """
    )


_INERT_JS = """
const [expected, longIds] = arguments;
const problems = [];
if (window.__hostile !== undefined || window.parent.__hostile !== undefined) {
  problems.push('the sentinel window.__hostile was set: a payload ran');
}
for (const heard of window.__cspHeard || []) {
  problems.push(`content security policy violation: ${heard}`);
}
if (document.querySelector('img[src="x"]')) problems.push('an img[src=x] was made from a payload');
if (document.querySelector('iframe, object, embed, frame')) problems.push('an iframe/object/embed is in the page');
if (document.querySelector('a[href^="javascript" i]')) problems.push('a javascript: link is in the page');
for (const script of document.querySelectorAll('script')) {
  if (!script.src) problems.push('a script element without src is in the page');
}
for (const svg of document.querySelectorAll('svg')) {
  if (svg.querySelector('script') || svg.outerHTML.includes('__hostile')) problems.push('an svg from a payload is in the page');
}
const DANGEROUS = new Set(['href', 'src', 'srcdoc', 'xlink:href', 'action', 'formaction', 'data', 'style']);
for (const element of document.querySelectorAll('*')) {
  for (const attribute of element.attributes) {
    const name = attribute.name.toLowerCase();
    if (name.startsWith('on')) problems.push(`<${element.tagName.toLowerCase()}> has an ${name} attribute`);
    if (DANGEROUS.has(name) && /__hostile|javascript:/i.test(attribute.value)) {
      problems.push(`<${element.tagName.toLowerCase()}> ${name} holds a payload`);
    }
  }
}
const root = document.documentElement;
if (root.scrollWidth > root.clientWidth + 1) {
  // Name the innermost elements that reach past the window, to say what to fix.
  const wide = [...document.body.querySelectorAll('*')].filter((e) => {
    const box = e.getBoundingClientRect();
    return box.width > 0 && (box.right > root.clientWidth + 1 || box.left < -1);
  }).filter((e, _, all) => !all.some((other) => other !== e && e.contains(other)));
  const named = wide.slice(0, 5).map((e) => `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}.${[...e.classList].join('.')}`);
  problems.push(`the page is wider than the window: ${root.scrollWidth} > ${root.clientWidth} (${named.join(', ')})`);
}
function boxOf(node) {
  let element = node.nodeType === Node.TEXT_NODE ? node.parentElement : node;
  while (element && getComputedStyle(element).display.startsWith('inline') && element.parentElement) {
    element = element.parentElement;
  }
  return element;
}
function scrollsSideways(node) {
  for (let element = node.parentElement; element && element !== document.body; element = element.parentElement) {
    const overflow = getComputedStyle(element).overflowX;
    if ((overflow === 'auto' || overflow === 'scroll') && element.scrollWidth > element.clientWidth + 1) {
      return `${element.tagName.toLowerCase()}.${[...element.classList].join('.')} ${element.scrollWidth}>${element.clientWidth}`;
    }
  }
  return null;
}
function escapes(node) {
  const sideways = scrollsSideways(node);
  if (sideways) return `scrolls sideways in ${sideways}`;
  const box = boxOf(node);
  if (!box) return null;
  const style = getComputedStyle(box);
  if (style.overflowX === 'hidden' || style.overflowX === 'clip') return null;
  if (style.overflowX === 'auto' || style.overflowX === 'scroll') return null;
  return box.scrollWidth > box.clientWidth + 1 ? `${box.tagName.toLowerCase()}#${box.id} ${box.scrollWidth}>${box.clientWidth}` : null;
}
const textNodes = [];
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
while (walker.nextNode()) textNodes.push(walker.currentNode);
const fields = [...document.querySelectorAll('input, textarea, select')];
const missing = [];
for (const value of expected) {
  const nodes = textNodes.filter((node) => node.data === value);
  const elements = [...document.body.querySelectorAll('*')].filter(
    (element) => element.children.length > 0 && element.textContent === value);
  const inFields = fields.filter((field) => field.value === value);
  const shown = [...nodes, ...elements].filter((node) => {
    const element = node.nodeType === Node.TEXT_NODE ? node.parentElement : node;
    return element.getClientRects().length > 0 || element.tagName === 'OPTION';
  });
  if (shown.length === 0 && inFields.length === 0) {
    missing.push(value.length > 80 ? `${value.slice(0, 80)}… (${value.length} characters)` : value);
    continue;
  }
  for (const node of shown) {
    const escaped = escapes(node);
    if (escaped) problems.push(`a value escapes its box (${escaped}): ${value.slice(0, 40)}`);
  }
}
if (missing.length) problems.push(`not shown exactly as typed: ${JSON.stringify(missing)}`);
return problems;
"""


def check_screen(app, expected: list[str] = (), where: str = "") -> None:
    """Asserts the shown page is inert, holds its layout, and shows every
    value of `expected` exactly (see the module's doc)."""
    problems = app.driver.execute_script(_INERT_JS, list(expected), [])
    assert problems == [], f"{where or app.page()}: " + "\n".join(problems)


def shown_exactly(app, value: str) -> bool:
    """True when `value` is a whole text node, an element's whole text or a field's value."""
    return app.driver.execute_script(
        """
        const [value] = arguments;
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        while (walker.nextNode()) if (walker.currentNode.data === value) return true;
        for (const field of document.querySelectorAll('input, textarea, select')) if (field.value === value) return true;
        return [...document.body.querySelectorAll('*')].some((e) => e.textContent === value);
        """,
        value,
    )


def error_beside(app, element_id: str) -> str:
    """The text of the role=alert error beside #element_id (empty when hidden)."""
    try:
        found = app.driver.find_elements(By.ID, f"{element_id}-error")
        return found[0].text if found and found[0].is_displayed() else ""
    except StaleElementReferenceException:
        # The form was redrawn (or closed once saved) while it was read.
        return ""


def too_long_limit(app, element_id: str) -> int | None:
    """The limit a too_long refusal beside #element_id names, or None when none is shown."""
    shown = error_beside(app, element_id)
    for catalog in _CATALOGS.values():
        pattern = re.escape(catalog["error.too_long"]).replace(re.escape("{max}"), r"([\d,٬]+)")
        found = re.fullmatch(pattern, shown)
        if found:
            return int(re.sub(r"[,٬]", "", found.group(1)))
    return None


def save_shortening(app, submit, saved, fields: dict[str, str], limits: dict[str, int] | None = None,
                    timeout: float = 15) -> dict[str, str]:
    """Submits with `submit()` until `saved(driver)` holds. A field of `fields`
    (element id -> value typed) refused as too long must say its limit
    beside itself (at most the core table's limit in `limits`, by element
    id, when given: a call may hold a field to less) and keep the whole
    text; it is then cut to that limit and the form submitted again.
    Returns the values finally saved."""
    fields = dict(fields)
    refusals = []
    for attempt in range(2 * len(fields) + 1):
        submit()
        deadline = time.monotonic() + timeout
        refused = None
        while time.monotonic() < deadline:
            try:
                if saved(app.driver):
                    return fields
            except StaleElementReferenceException:
                pass
            refused = next(((f, n) for f in fields if (n := too_long_limit(app, f)) is not None), None)
            if refused:
                break
            time.sleep(0.1)
        assert refused, "neither saved nor refused as too long: " + str(app.driver.execute_script(
            "return [...document.querySelectorAll('[role=alert]')].filter((e) => e.getClientRects().length)"
            ".map((e) => `${e.id}: ${e.textContent}`)"))
        field, limit = refused
        typed = fields[field]
        refusals.append((field, limit, len(typed)))
        assert len(typed) > limit, f"#{field} refused at {limit} but holds only {len(typed)} characters"
        if limits and field in limits:
            assert limit <= limits[field], f"#{field} says its limit is {limit}, over the core table's {limits[field]}"
        assert app.el(field).get_property("value") == typed, f"#{field} keeps the whole text after the refusal"
        check_screen(app, [], f"the form with #{field} refused as too long")
        fields[field] = typed[:limit].rstrip()
        fill(app, field, fields[field])
    raise AssertionError(f"still not saved after shortening (field, limit, length): {refusals}")
