"""The app's benchmark (scripts/bench-app.sh, whose work is
tests/bench/app_bench.py) runs end to end on a small generated vault: the
start-up probe reports the unlock screen drawn, and memory is read at home
and after opening cases. Only the JSON report's shape is checked (every key
there, every number positive), never a time or a size: those are the
benchmark's findings, not pass or fail."""

import json
import sys
from pathlib import Path

from conftest import GENERATED_PASSPHRASE, SHOTS

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

import app_bench  # noqa: E402

STAGE_KEYS = {"app", "webkit", "total"}


def positive(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0


def check_stage(stage: dict, where: str) -> None:
    assert STAGE_KEYS <= stage.keys(), f"{where} has app, webkit and total"
    for key in STAGE_KEYS:
        assert positive(stage[key]), f"{where}.{key} is a positive number of MB: {stage[key]!r}"
    assert abs(stage["total"] - stage["app"] - stage["webkit"]) < 0.2, f"{where}.total is app + webkit"
    names = [process["name"] for process in stage["processes"]]
    assert names[0] == "homeward", f"{where} measures the homeward process first: {names}"
    assert "WebKitWebProcess" in names, f"{where} counts the web process the app started: {names}"


def test_the_app_benchmark_reports_start_up_and_memory_on_a_generated_vault(world, monkeypatch, capsys):
    world.generate(300)
    monkeypatch.setenv("HOMEWARD_PASSPHRASE", GENERATED_PASSPHRASE)
    for stale in ("home", "last-case"):
        (SHOTS / f"bench-app-{stale}.png").unlink(missing_ok=True)

    status = app_bench.main(
        ["--vault", str(world.vault), "--user", "supervisor", "--runs", "2", "--cases", "3",
         "--json", "--shots", "--work", str(world.tmp)]
    )
    out, err = capsys.readouterr()
    assert status == 0, f"the benchmark failed: {err}"
    report = json.loads(out)

    for series in ("startup_ms", "startup_warm_ms"):
        startup = report[series]
        assert startup["runs"] == 2 and len(startup["each"]) == 2, f"{series}: two launches were timed"
        assert positive(startup["p50"]) and positive(startup["p95"]), f"{series} are positive: {startup}"
        assert startup["p50"] <= startup["p95"]

    memory = report["memory_mb"]
    check_stage(memory["home"], "home")
    check_stage(memory["after_cases"], "after_cases")
    assert memory["after_cases"]["cases_opened"] == 3, "three cases were opened"
    assert positive(memory["app_peak"]), "the app's peak is reported"
    assert memory["app_peak"] >= memory["after_cases"]["app"], "the peak is at least the last reading"
    assert memory["cases_in_vault"] == 300, "the supervisor sees the whole generated vault"
    for step in ("home", "last-case"):
        assert (SHOTS / f"bench-app-{step}.png").is_file(), f"the {step} screenshot was saved"
