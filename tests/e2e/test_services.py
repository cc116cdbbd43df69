"""The service map and a case's work on it, in the real window. The CLI sets
up two districts' maps (in Quetta exactly one housing service has female
staff, another has none; Peshawar has one with female staff too) and a case
in service mapping whose signed-off assessment scores housing urgent (4).
The case worker finds the female-staffed service in Quetta with its risks
of access; a CSV import with a bad line is refused naming the line and
imports nothing; on the case-work page a referral without any basis is
refused with the consent message, a sharing consent for the organisation
is recorded from the refer form, the urgent domain is referred, moved to
sent and recorded as not used with a barrier and a note: checked in the
page and through `homeward-cli referral list`. Screenshots in English at
each step, and the map and the case-work page in Urdu."""

import json
import subprocess
import time
from datetime import date, timedelta
from pathlib import Path

from conftest import CLI
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC

REPO = Path(__file__).resolve().parents[2]
EN = json.loads((REPO / "ui" / "i18n" / "en.json").read_text("utf-8"))

PASS = "harbour willow copper 58 lanterns"
WORKER, SUPERVISOR = "sana.worker", "amina.supervisor"
DOMAINS = [
    "mental_health", "physical_health", "trauma", "substance_use", "coping", "identity_belonging",
    "ideological_understanding", "attitudes_to_violence", "social_relations", "family",
    "community_acceptance", "education", "vocational_skills", "employment", "financial", "housing",
    "legal_documents", "safety_retaliation", "social_skills", "spiritual_wellbeing", "recreation",
    "children", "online_exposure", "civic_participation",
]
URGENT = "housing"
FEMALE_SERVICE = "Safe shelter desk"
FEMALE_ORG = "Quetta Women's Aid"
MITIGATION = "Enter through the clinic's side door"
BARRIER_NOTE = "Two buses each way; no money for the fare"


def cli(world, *args, user=None):
    env = {**world.env, "HOMEWARD_PASSPHRASE": PASS, "HOMEWARD_NEW_PASSPHRASE": PASS}
    command = [str(CLI), "--vault", str(world.vault)] + (["--user", user] if user else []) + list(args)
    deadline = time.monotonic() + 15
    while True:
        done = subprocess.run(command, env=env, cwd=world.root, capture_output=True, text=True, timeout=300)
        if "vault_in_use" not in done.stderr or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert done.returncode == 0, f"homeward-cli {' '.join(args)} failed: {done.stderr}"
    return done.stdout


def cli_json(world, *args, user):
    return json.loads(cli(world, "--json", *args, user=user))


def add_service(world, org_id, name, female, risks=()):
    spec = {
        "organisation_id": org_id, "name": name, "domain": URGENT, "modality": "outreach",
        "female_staff": female, "languages": "Urdu, Pashto", "cost": "free", "waiting_days": 7,
        "quality": 3, "quality_how": "visit by the district team", "risks": list(risks),
    }
    path = world.root / f"service-{len(list(world.root.glob('service-*.json')))}.json"
    path.write_text(json.dumps(spec), encoding="utf-8")
    cli(world, "service", "save", str(path), user=WORKER if "Peshawar" not in name else "admin")


def set_up(world) -> str:
    world.vault.mkdir(mode=0o700, parents=True, exist_ok=True)
    cli(world, "init")
    districts = world.root / "districts.csv"
    districts.write_text("BA,Quetta\nKP,Peshawar\n", encoding="utf-8")
    cli(world, "district", "import", str(districts), user="admin")
    cli(world, "user", "add", "--role", "case_worker", "--district", "Quetta", WORKER, user="admin")
    cli(world, "user", "add", "--role", "supervisor", "--district", "Quetta", SUPERVISOR, user="admin")
    women = cli_json(world, "service", "org-add", "--district", "Quetta", "--name", FEMALE_ORG,
                     "--type", "civil_society", "--level", "district", user=WORKER)
    hostel = cli_json(world, "service", "org-add", "--district", "Quetta", "--name", "Quetta City Hostels",
                      "--type", "local_authority", "--level", "district", user=WORKER)
    peshawar = cli_json(world, "service", "org-add", "--district", "Peshawar", "--name", "Peshawar Housing Trust",
                        "--type", "civil_society", "--level", "district", user="admin")
    add_service(world, women["id"], FEMALE_SERVICE, True,
                [{"kind": "being_seen", "level": "high", "mitigation": MITIGATION},
                 {"kind": "stigma", "level": "low", "mitigation": ""}])
    add_service(world, hostel["id"], "Men's hostel beds", False)
    add_service(world, peshawar["id"], "Peshawar family shelter", True)

    case = cli_json(
        world, "case", "add", "--name-latin", "Imran Baloch", "--gender", "male", "--district", "Quetta",
        "--custody-track", "released", "--referral-source", "prison_or_probation",
        "--referral-date", (date.today() - timedelta(days=40)).isoformat(), "--age", "29", user=WORKER,
    )
    given = (date.today() - timedelta(days=30)).isoformat()
    for purpose in ("participation", "assessment"):
        cli(world, "consent", "add", "--purpose", purpose, "--method", "signed", "--given-on", given,
            "--language", "Urdu", case["id"], user=WORKER)
    cli(world, "safety", "add", "--on", given, "--threats", "none", "--staff-risk", "none", case["id"], user=WORKER)
    cli(world, "case", "move", "--to", "start_assessment", case["id"], user=WORKER)
    draft = cli_json(world, "assessment", "start", case["id"], user=WORKER)
    scores = [
        {"domain": d, "score": 4 if d == URGENT else 1, "evidence_source": "self_report"}
        for d in DOMAINS
    ]
    form = world.root / "assessment.json"
    form.write_text(json.dumps({
        "assessment_id": draft["assessment"]["id"], "assessed_on": date.today().isoformat(), "scores": scores,
        "profile": {"stage": "doubting", "behaviour": "yes", "ties": "partly", "views": "partly"},
    }), encoding="utf-8")
    cli(world, "assessment", "save", str(form), user=WORKER)
    cli(world, "assessment", "sign-off", draft["assessment"]["id"], user=SUPERVISOR)
    cli(world, "case", "move", "--to", "start_service_mapping", case["id"], user=WORKER)
    assert cli_json(world, "case", "gate", case["id"], user=WORKER)["phase"] == 2, "the case is in service mapping"
    return case["id"]


def click(app, element):
    app.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
    element.click()


def cards(app):
    return app.driver.find_elements(By.CSS_SELECTOR, "#svc-results .svc-card")


def import_csv(app, path: Path):
    """Hands the file to the page's file input as a person choosing it would."""
    app.driver.execute_script(
        """
        const [input, name, text] = arguments;
        const box = new DataTransfer();
        box.items.add(new File([text], name, { type: 'text/csv' }));
        input.files = box.files;
        input.dispatchEvent(new Event('change', { bubbles: true }));
        """,
        app.el("import-file"),
        path.name,
        path.read_text("utf-8"),
    )


def all_services(app):
    answer = app.invoke("service_find", {"query": {}})
    assert answer["ok"], answer
    return answer["value"]


def referral_status(app):
    """The status of the first referral row, read in one go (the table is redrawn after each save)."""
    return app.driver.execute_script(
        "return document.querySelector('#work-referrals tr[data-referral]')?.dataset.status ?? null"
    )


def referral_row(app):
    return app.driver.find_element(By.CSS_SELECTOR, "#work-referrals tr[data-referral]")


def test_find_refer_and_record_a_service_not_used(world):
    case_id = set_up(world)
    exported = world.root / "quetta.csv"
    cli(world, "service", "export", "--district", "Quetta", "--out", str(exported), user=WORKER)
    world.export_header = exported.read_text("utf-8").splitlines()[0]
    app = world.launch()
    app.unlock_as(WORKER, PASS)

    # The service map from the top bar: Quetta, female staff.
    app.go_to("services.html", "filters")
    app.choose("filter-district", "Quetta")
    app.el("filter-female").click()
    app.el("filter-apply").click()
    app.wait().until(lambda d: len(cards(app)) == 1)
    card = cards(app)[0]
    assert card.find_element(By.CSS_SELECTOR, ".svc-name").text == FEMALE_SERVICE
    risk = card.find_element(By.CSS_SELECTOR, '.svc-risk[data-kind="being_seen"]')
    assert "risk-high" in risk.get_attribute("class"), "a high risk of access is marked"
    assert risk.find_element(By.CSS_SELECTOR, ".risk-level").text == EN["services.risk_level.high"]
    assert risk.find_element(By.CSS_SELECTOR, ".risk-mitigation").text == MITIGATION
    assert "Peshawar" not in app.el("svc-results").text, "only the chosen district's services"
    app.shot("1-map-female-staff")
    # Without the female-staff filter both Quetta housing services show.
    app.el("filter-female").click()
    app.el("filter-apply").click()
    app.wait().until(lambda d: len(cards(app)) == 2)

    # A CSV with a bad third line is refused naming it, and nothing is imported.
    services_before = len(all_services(app))
    header = world.export_header
    columns = header.split(",")
    good = dict.fromkeys(columns, "")
    good.update(district="Quetta", organisation="Quetta Learning Hub", org_type="education", level="district",
                service="Evening literacy", domain="education", modality="outpatient")
    bad = dict(good, service="Night school", modality="teleport")
    lines = [header] + [",".join(row[c] for c in columns) for row in (good, bad)]
    csv_file = world.root / "map.csv"
    csv_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    import_csv(app, csv_file)
    problem = app.el("import-error")
    app.wait().until(lambda d: problem.is_displayed())
    assert "Line 3" in problem.text, problem.text
    assert problem.get_attribute("role") == "alert"
    assert len(all_services(app)) == services_before, "nothing half-imported"
    app.shot("2-import-refused", scroll="top")

    # The case-work page, from the case page.
    app.driver.execute_script("window.location.assign(arguments[0])", f"case.html?id={case_id}")
    app.wait_for_page("case.html", "case-title")
    app.driver.execute_script("window.location.assign(arguments[0])", f"case-work.html?case={case_id}")
    app.wait_for_page("case-work.html", "work-needs")
    need = app.driver.find_element(By.CSS_SELECTOR, f'.need-row[data-domain="{URGENT}"]')
    assert "uncovered" in need.get_attribute("class")
    assert need.find_element(By.CSS_SELECTOR, ".score-badge").text == EN["work.score.4"]
    app.shot("3-case-work")

    # Refer: the case's district by default; female staff narrows to one.
    click(app, need.find_element(By.CSS_SELECTOR, ".refer-button"))
    app.wait().until(EC.visibility_of_element_located((By.ID, "refer-form")))
    app.wait().until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#refer-candidates .candidate")) == 2)
    click(app, app.el("refer-female"))
    click(app, app.el("refer-find"))
    app.wait().until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#refer-candidates .candidate")) == 1)
    candidate = app.driver.find_element(By.CSS_SELECTOR, "#refer-candidates .candidate")
    assert FEMALE_SERVICE in candidate.text and MITIGATION in candidate.text
    click(app, candidate.find_element(By.CSS_SELECTOR, "input[type=radio]"))
    app.wait().until(EC.visibility_of_element_located((By.ID, "refer-no-basis")))
    assert FEMALE_ORG in app.el("refer-no-basis").text
    app.type_text("refer-reason", "Needs a safe place to stay near his mother")
    click(app, app.driver.find_element(By.CSS_SELECTOR, "#refer-form .work-submit button[type=submit]"))
    refusal = app.driver.find_element(By.CSS_SELECTOR, "#refer-form > .work-submit .form-error")
    app.wait().until(lambda d: refusal.is_displayed())
    assert refusal.text == EN["work.error.consent_required"]
    assert refusal.get_attribute("role") == "alert"
    app.shot("4-refused-without-basis")

    # Record a sharing consent for that organisation from the form, then refer.
    click(app, app.el("refer-record-consent"))
    app.wait().until(EC.visibility_of_element_located((By.ID, "sharing-consent-form")))
    assert app.el("sc-organisation").get_property("value") == FEMALE_ORG
    app.type_text("sc-kinds", "name, housing need")
    app.type_text("sc-language", "Urdu")
    app.shot("5-sharing-consent")
    click(app, app.driver.find_element(By.CSS_SELECTOR, "#sharing-consent-form button[type=submit]"))
    app.wait().until(lambda d: len(d.find_elements(By.ID, "sharing-consent-form")) == 0)
    app.wait().until(lambda d: app.el("refer-basis").get_property("value").startswith("consent:"))
    assert app.el("refer-reason").get_property("value") != "", "what was typed stays"
    click(app, app.driver.find_element(By.CSS_SELECTOR, "#refer-form > .work-submit button[type=submit]"))
    app.wait().until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#work-referrals tr[data-referral]")) == 1)
    assert referral_status(app) == "proposed"
    need = app.driver.find_element(By.CSS_SELECTOR, f'.need-row[data-domain="{URGENT}"]')
    assert "covered" in need.get_attribute("class").split(), "a proposed referral covers the domain"
    app.shot("6-referred")

    # Move it to sent.
    click(app, referral_row(app).find_element(By.CSS_SELECTOR, ".update-referral"))
    app.wait().until(EC.visibility_of_element_located((By.ID, "referral-update")))
    offered = [o.get_attribute("value") for o in app.el("update-status").find_elements(By.TAG_NAME, "option")]
    assert offered == ["proposed", "sent", "accepted", "dropped"], "only the moves the core allows"
    app.choose("update-status", "sent")
    click(app, app.driver.find_element(By.CSS_SELECTOR, "#referral-update button[type=submit]"))
    app.wait().until(lambda d: referral_status(app) == "sent")

    # Not used, and why.
    click(app, referral_row(app).find_element(By.CSS_SELECTOR, ".update-referral"))
    app.wait().until(EC.visibility_of_element_located((By.ID, "referral-update")))
    app.choose("update-used", "no")
    app.wait().until(EC.visibility_of_element_located((By.ID, "update-barrier")))
    app.choose("update-barrier", "distance_or_transport")
    app.type_text("update-note", BARRIER_NOTE)
    app.shot("7-not-used-form")
    click(app, app.driver.find_element(By.CSS_SELECTOR, "#referral-update button[type=submit]"))
    app.wait().until(lambda d: len(d.find_elements(By.ID, "referral-update")) == 0)
    used = referral_row(app).find_element(By.CSS_SELECTOR, ".ref-used").text
    assert EN["work.used_no"] in used and EN["work.barrier.distance_or_transport"] in used and BARRIER_NOTE in used
    app.shot("8-not-used")

    # Urdu: the case-work page and the map.
    app.switch_language("rtl")
    app.shot("9-case-work-urdu", scroll="top")
    app.go_to("services.html", "filters")
    app.wait().until(lambda d: len(cards(app)) == 2)  # the worker's own district first
    app.shot("10-map-urdu")

    # The vault agrees, once the window has let go of it.
    app.lock()
    world.quit()
    listed = cli_json(world, "referral", "list", case_id, user=WORKER)["referrals"]
    assert len(listed) == 1
    assert listed[0]["status"] == "sent"
    assert listed[0]["used"] == 0
    assert listed[0]["barrier"] == "distance_or_transport"
    assert listed[0]["barrier_note"] == BARRIER_NOTE
