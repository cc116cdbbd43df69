"""The app's own benchmark (issue 9): start-up time and resident memory of
the real release app in real WebKit, on a vault of any size.

Start-up: each run launches the app binary on the vault with
HOMEWARD_STARTUP_PROBE=1 and a fresh HOME; `date +%s%3N` is taken just
before the binary is exec'd, and the app itself prints
`homeward-startup drawn_unix_ms=<ms>` once the unlock page has painted its
form (the page calls the shell-only command `ui_drawn` two animation
frames after rendering it), then quits. Start-up is the difference.
Because a fresh HOME also means an empty Mesa shader cache
(~/.cache/mesa_shader_cache), these are first launches; a second series
(`startup_warm_ms`) shares one filled shader cache between fresh HOMEs,
as a practitioner's later launches would.

Memory: the app is driven through tauri-driver and WebKitWebDriver as the
end-to-end suite does (tests/e2e/conftest.py): unlocked as the user, the
home screen waited for, then `--cases` different cases opened one after
another on case.html, each waited for until its details are shown. At
each point the RSS (and PSS, anonymous and file-backed parts) of the
homeward process and of every process it started (WebKitWebProcess,
WebKitNetworkProcess, found as its descendants in /proc) is read, after
SETTLE_SECONDS of quiet; VmHWM of homeward is its peak.

Run it through scripts/bench-app.sh (virtual X server, private D-Bus):
  HOMEWARD_PASSPHRASE=... bash scripts/bench-app.sh --vault DIR --user supervisor \\
      [--runs 10] [--cases 50] [--json]
The vault is used in place and changed (unlocks and case openings are
audited): point it at a copy.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "e2e"))

# The end-to-end harness: folders, drivers, waits.
from conftest import APP, CLI, Homeward, make_world  # noqa: E402
from selenium.common.exceptions import TimeoutException  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

PROBE_PREFIX = "homeward-startup drawn_unix_ms="
STARTUP_TIMEOUT_SECONDS = 60
# Unlocking and the home screen of a large vault can take a while.
HOME_TIMEOUT_SECONDS = 180
CASE_TIMEOUT_SECONDS = 60
# Quiet time before memory is read, so what a page started has finished.
SETTLE_SECONDS = 2.0
MB = 1024 * 1024


class BenchError(RuntimeError):
    pass


# --- start-up ---------------------------------------------------------------


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile (p95 of 10 runs is the slowest)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def startup_once(vault: Path, root: Path, shader_cache: Path | None = None) -> int:
    """One launch to the unlock screen drawn, in ms, with a fresh HOME under
    `root`; Mesa's shader cache is in that HOME too unless `shader_cache`
    names a folder shared between launches."""
    world = make_world("startup", root)
    env = {**world.env, "HOMEWARD_STARTUP_PROBE": "1"}
    env.pop("MESA_SHADER_CACHE_DIR", None)
    if shader_cache is not None:
        env["MESA_SHADER_CACHE_DIR"] = str(shader_cache)
    log = root / "app.log"
    with open(log, "wb") as errors:
        process = subprocess.Popen(
            ["bash", "-c", 'date +%s%3N; exec "$@"', "homeward-startup", str(APP), "--vault", str(vault)],
            env=env,
            cwd=root,
            stdout=subprocess.PIPE,
            stderr=errors,
            start_new_session=True,
        )
        try:
            out, _ = process.communicate(timeout=STARTUP_TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, 9)
            process.wait()
            raise BenchError(f"the app did not report its unlock screen within {STARTUP_TIMEOUT_SECONDS} s; see {log}")
    lines = out.decode().splitlines()
    drawn = [line.removeprefix(PROBE_PREFIX) for line in lines if line.startswith(PROBE_PREFIX)]
    if not lines or not drawn:
        raise BenchError(f"no start-up probe line (exit {process.returncode}): {lines!r}; see {log}")
    return int(drawn[0]) - int(lines[0])


def measure_startup(vault: Path, runs: int, work: Path, warm: bool = False) -> dict:
    """`runs` launches, each with a fresh HOME. With `warm`, the launches
    share one Mesa shader cache, filled first by a launch that is not
    counted: the GL shaders WebKit's compositor needs are then compiled
    once, as for a practitioner's second launch, instead of every time."""
    shader_cache = work / "mesa-shader-cache" if warm else None
    name = "warm" if warm else "startup"
    if warm:
        startup_once(vault, work / f"{name}-first", shader_cache)
    each = [startup_once(vault, work / f"{name}-{run}", shader_cache) for run in range(runs)]
    return {
        "p50": statistics.median(each),
        "p95": percentile(each, 0.95),
        "runs": runs,
        "each": each,
    }


# --- memory -----------------------------------------------------------------


def proc_status(pid: int) -> dict[str, int]:
    """The kB fields of /proc/<pid>/status, in bytes."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        parts = value.split()
        if len(parts) == 2 and parts[1] == "kB":
            fields[name] = int(parts[0]) * 1024
    return fields


def proc_pss(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def proc_name(pid: int) -> str:
    """The program's file name (comm is cut at 15 characters); "" once gone."""
    try:
        return Path(os.readlink(f"/proc/{pid}/exe")).name
    except OSError:
        pass
    try:
        return Path(f"/proc/{pid}/comm").read_text().strip()
    except OSError:
        return ""


def descendants(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            after_name = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(after_name[1]), []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return sorted(found)


def mb(value: int) -> float:
    return round(value / MB, 1)


def snapshot(app_pid: int) -> dict:
    """RSS of the app, of the WebKit processes it started, and their sum, in MB,
    with each process's detail."""
    processes = []
    for pid in [app_pid, *descendants(app_pid)]:
        try:
            status = proc_status(pid)
            name = proc_name(pid)
        except OSError:
            continue
        processes.append(
            {
                "pid": pid,
                "name": name,
                "rss": mb(status.get("VmRSS", 0)),
                "pss": mb(proc_pss(pid)),
                "anon": mb(status.get("RssAnon", 0)),
                "file": mb(status.get("RssFile", 0)),
                "shmem": mb(status.get("RssShmem", 0)),
                "hwm": mb(status.get("VmHWM", 0)),
            }
        )
    app = processes[0]
    webkit = [p for p in processes[1:] if p["name"].startswith("WebKit")]
    return {
        "app": app["rss"],
        "webkit": round(sum(p["rss"] for p in webkit), 1),
        "total": round(app["rss"] + sum(p["rss"] for p in webkit), 1),
        "total_pss": round(app["pss"] + sum(p["pss"] for p in webkit), 1),
        "processes": processes,
    }


def wait_until(world: Homeward, timeout: float, script: str, *args, what: str) -> None:
    try:
        WebDriverWait(world.driver, timeout, poll_frequency=0.05).until(
            lambda driver: driver.execute_script(script, *args)
        )
    except TimeoutException as error:
        seen = world.driver.execute_script(PAGE_STATE)
        raise BenchError(f"{what} did not happen within {timeout} s; the window showed {seen}") from error


PAGE_STATE = """
const text = (id) => document.getElementById(id)?.textContent ?? null;
return {
  url: location.href,
  body: document.body?.className,
  user: text('signed-in-user'),
  busy: document.getElementById('work-lists')?.getAttribute('aria-busy') ?? null,
  error: text('page-error'),
  form_error: text('form-error'),
};
"""


PAGE_SETTLED = """
const [page] = arguments;
const name = location.pathname.split('/').pop() || 'index.html';
const body = document.body;
return name === page && body !== null && !body.classList.contains('loading') && !body.classList.contains('pending');
"""

HOME_READY = """
const [user] = arguments;
const body = document.body;
const refused = document.getElementById('form-error');
if (location.pathname.endsWith('/unlock.html') && refused && !refused.hidden) {
  return true;
}
return location.pathname.endsWith('/home.html') && !body.classList.contains('loading')
  && !body.classList.contains('pending')
  && document.getElementById('signed-in-user').textContent === user
  && (document.getElementById('work-lists').getAttribute('aria-busy') === 'false'
      || !document.getElementById('page-error').hidden);
"""

CASE_READY = """
const [id, number] = arguments;
const body = document.body;
const here = location.pathname.endsWith('/case.html') && new URLSearchParams(location.search).get('id') === id;
return here && !body.classList.contains('loading') && !body.classList.contains('pending')
  && document.getElementById('page-error').hidden
  && document.getElementById('case-number').textContent === number
  && document.getElementById('case-sections').children.length > 0;
"""


LIST_PAGE_SIZE = 200  # the most case_list gives at once
LIST_PAGES = 10


def case_sample(world: Homeward, user: str, passphrase: str, count: int) -> tuple[int, list[dict]]:
    """`count` different cases spread over the user's whole case list (from
    up to LIST_PAGES pages spaced evenly along it), read with homeward-cli
    before the app starts. Returns the list's total too."""

    def page(number: int) -> dict:
        return json.loads(
            world.cli(
                "case", "list", "--json", "--page-size", str(LIST_PAGE_SIZE), "--page", str(number),
                "--user", user, passphrase=passphrase,
            )
        )

    first = page(0)
    total = first["total"]
    if total < count:
        raise BenchError(f"{user} sees {total} cases, fewer than the {count} to open")
    last_page = (total - 1) // LIST_PAGE_SIZE
    numbers = sorted({round(i * last_page / max(1, LIST_PAGES - 1)) for i in range(LIST_PAGES)})
    items = {0: first["items"]}
    for number in numbers:
        if number not in items:
            items[number] = page(number)["items"]
    pool = [case for number in sorted(items) for case in items[number]]
    if len(pool) < count:
        raise BenchError(f"the case list gave {len(pool)} cases, fewer than the {count} to open")
    step = len(pool) / count
    chosen = [pool[int(i * step)] for i in range(count)]
    if len({c["id"] for c in chosen}) != count:
        raise BenchError("the sample of cases holds a case twice")
    return total, [{"id": c["id"], "case_number": c["case_number"]} for c in chosen]


def settled_snapshot(world: Homeward) -> dict:
    time.sleep(SETTLE_SECONDS)
    (pid,) = world.app_pids()
    return snapshot(pid)


def end_processes(pids: list[int]) -> None:
    """Waits up to 10 s for the app processes `pids` to end, then kills them."""
    deadline = time.monotonic() + 10
    alive = list(pids)
    while alive and time.monotonic() < deadline:
        alive = [pid for pid in alive if proc_name(pid) == APP.name]
        if alive:
            time.sleep(0.1)
    for pid in alive:
        try:
            os.kill(pid, 9)
        except OSError:
            pass


def measure_memory(vault: Path, user: str, passphrase: str, cases: int, work: Path, shot=None) -> dict:
    """Memory at the unlock screen, at home after unlocking as `user`, and
    after opening `cases` cases; `shot(world, step)` may save screenshots."""
    world = dataclasses.replace(make_world("bench-app", work / "memory"), vault=vault)
    # The harness's quit() kills every process naming the vault in its
    # arguments; here that would be this script and its X server too. The
    # app is ended by its pid instead.
    world.owns_app = False
    total_cases, sample = case_sample(world, user, passphrase, cases)
    app_pids: list[int] = []
    try:
        world.launch()
        app_pids = world.app_pids()
        wait_until(world, HOME_TIMEOUT_SECONDS, PAGE_SETTLED, "unlock.html", what="the unlock screen")
        unlock_screen = settled_snapshot(world)
        world.submit_unlock(user, passphrase)
        wait_until(world, HOME_TIMEOUT_SECONDS, HOME_READY, user, what=f"{user}'s home screen")
        if world.page() == "unlock.html":
            raise BenchError(
                f"the unlock was refused: {world.el('form-error').text} (a wrong passphrase? or an app "
                "binary older than the CLI, which has moved the vault to a newer schema: rebuild both)"
            )
        failure = world.el("page-error")
        if failure.is_displayed():
            raise BenchError(f"{user}'s home screen says: {failure.text}")
        if shot:
            shot(world, "home")
        home = settled_snapshot(world)
        for case in sample:
            world.driver.execute_script(
                "window.location.assign('case.html?id=' + encodeURIComponent(arguments[0]))", case["id"]
            )
            wait_until(
                world, CASE_TIMEOUT_SECONDS, CASE_READY, case["id"], case["case_number"],
                what=f"case {case['case_number']} shown",
            )
        if shot:
            shot(world, "last-case")
        after = settled_snapshot(world)
        after["cases_opened"] = len(sample)
    finally:
        world.quit()
        end_processes(app_pids)
    return {
        "unlock_screen": unlock_screen,
        "home": home,
        "after_cases": after,
        "app_peak": after["processes"][0]["hwm"],
        "cases_in_vault": total_cases,
    }


# --- the whole run ------------------------------------------------------------


def run(vault: Path, user: str, passphrase: str, runs: int = 10, cases: int = 50, work: Path | None = None, shot=None) -> dict:
    for binary in (APP, CLI):
        if not binary.is_file():
            raise BenchError(f"no binary at {binary}; build with: cargo build --release -p homeward -p homeward-cli")
    vault = Path(vault).resolve()
    if not (vault / "vault.db").is_file():
        raise BenchError(f"no vault at {vault} (vault.db is missing)")
    environment = {
        "load_average": [round(load, 2) for load in os.getloadavg()],
        "cpus": os.cpu_count(),
        # WebKit's own switches (e.g. WEBKIT_DISABLE_DMABUF_RENDERER) reach the app.
        "webkit_variables": {k: v for k, v in os.environ.items() if k.startswith("WEBKIT_")},
    }
    with tempfile.TemporaryDirectory(prefix="homeward-bench-", dir=work) as folder:
        scratch = Path(folder)
        startup = measure_startup(vault, runs, scratch)
        startup_warm = measure_startup(vault, runs, scratch, warm=True)
        memory = measure_memory(vault, user, passphrase, cases, scratch, shot=shot)
    return {
        "vault": str(vault),
        "user": user,
        "environment": environment,
        "startup_ms": startup,
        "startup_warm_ms": startup_warm,
        "memory_mb": memory,
    }


def table(result: dict) -> str:
    startup, warm, memory = result["startup_ms"], result["startup_warm_ms"], result["memory_mb"]
    environment = result["environment"]
    switches = " ".join(f"{k}={v}" for k, v in environment["webkit_variables"].items()) or "none"
    lines = [
        f"vault {result['vault']} ({memory['cases_in_vault']} cases seen by {result['user']})",
        f"{environment['cpus']} CPUs, load average {environment['load_average'][0]} at the start; "
        f"WebKit switches: {switches}",
        f"start-up to the unlock screen drawn, {startup['runs']} runs, each a first launch: "
        f"p50 {startup['p50']:.0f} ms, p95 {startup['p95']:.0f} ms (each: {', '.join(map(str, startup['each']))})",
        f"  the same with a shared, filled Mesa shader cache: "
        f"p50 {warm['p50']:.0f} ms, p95 {warm['p95']:.0f} ms (each: {', '.join(map(str, warm['each']))})",
        "",
        f"{'resident memory (MB)':<34}{'app':>8}{'webkit':>8}{'total':>8}{'PSS':>8}",
    ]
    stages = [
        ("unlock screen", memory["unlock_screen"]),
        ("home, unlocked", memory["home"]),
        (f"after {memory['after_cases']['cases_opened']} cases", memory["after_cases"]),
    ]
    for title, stage in stages:
        lines.append(f"{title:<34}{stage['app']:>8.1f}{stage['webkit']:>8.1f}{stage['total']:>8.1f}{stage['total_pss']:>8.1f}")
    lines.append(f"{'homeward peak (VmHWM)':<34}{memory['app_peak']:>8.1f}")
    lines.append("")
    lines.append(f"{'after the cases, per process':<34}{'RSS':>8}{'anon':>8}{'file':>8}{'shmem':>8}{'PSS':>8}")
    for process in memory["after_cases"]["processes"]:
        name = f"{process['name']} ({process['pid']})"
        lines.append(
            f"{name:<34}{process['rss']:>8.1f}{process['anon']:>8.1f}{process['file']:>8.1f}"
            f"{process['shmem']:>8.1f}{process['pss']:>8.1f}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Start-up time and resident memory of the Homeward app.")
    parser.add_argument("--vault", required=True, type=Path, help="the vault folder (a copy: it is changed)")
    parser.add_argument("--user", required=True, help="who unlocks (passphrase in HOMEWARD_PASSPHRASE)")
    parser.add_argument("--runs", type=int, default=10, help="start-up runs (default 10)")
    parser.add_argument("--cases", type=int, default=50, help="cases to open (default 50)")
    parser.add_argument("--json", action="store_true", help="print one JSON document")
    parser.add_argument("--work", type=Path, default=None, help="where the runs' HOME folders go (default TMPDIR)")
    parser.add_argument(
        "--shots", action="store_true", help="save target/e2e-shots/bench-app-{home,last-case}.png"
    )
    args = parser.parse_args(argv)
    passphrase = os.environ.get("HOMEWARD_PASSPHRASE")
    if not passphrase:
        parser.error("set HOMEWARD_PASSPHRASE to the user's passphrase")
    if args.runs < 1 or args.cases < 1:
        parser.error("--runs and --cases must be at least 1")
    try:
        shot = (lambda world, step: world.shot(step)) if args.shots else None
        result = run(args.vault, args.user, passphrase, args.runs, args.cases, args.work, shot=shot)
    except (BenchError, AssertionError) as error:
        print(f"bench-app: {error}", file=sys.stderr)
        return 1
    print(json.dumps(result, indent=2) if args.json else table(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
