"""A working session in the real window: the whole day end to end (first
run, a case worker added, a case registered and edited, Ctrl+L in the middle
of the edit, the draft offered after unlock and saved); the lock blanking
the page before the core answers; after lock every granted command answering
`locked`, no file of the database left open, Back showing no case; the idle
lock on time; and a long operation (the vault check) not blocking a ping."""

import json
import time
from pathlib import Path

from conftest import CHANNEL, GENERATED_PASSPHRASE
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC

REPO = Path(__file__).resolve().parents[2]
EN = json.loads((REPO / "ui" / "i18n" / "en.json").read_text("utf-8"))
ADMIN, ADMIN_PASS = "data.officer", "amber lantern quietly 71"
WORKER, WORKER_PASS = "sana.worker", "river stone orchard 42 kites"
TYPED_ALIAS = "Bibi Noor of the orchard"
TYPED_ADDRESS = "House 12, Street 4, Satellite Town"


def register_case(app, latin_name):
    app.go_to("case-form.html", "case-form")
    app.type_text("name-latin", latin_name)
    app.choose("gender", "female")
    app.choose("district", "Quetta")
    app.choose("referral-source", "court")
    app.choose("custody-track", "in_custody")
    app.el("submit").click()
    app.wait_for_page("case.html", "case-title")
    return app.el("case-number").text


def test_a_day_end_to_end_with_a_lock_in_the_middle_of_an_edit(app):
    app.create_admin(ADMIN, ADMIN_PASS)
    app.import_districts("province,district\nBA,Quetta")
    app.add_user(WORKER, "case_worker", WORKER_PASS, "Quetta")
    app.lock()

    app.unlock_as(WORKER, WORKER_PASS)
    case_number = register_case(app, "Farida Noorzai")
    app.el("edit").click()
    app.wait_for_page("case-form.html", "case-form")
    app.wait().until(lambda d: app.el("name-latin").get_property("value") == "Farida Noorzai")
    app.type_text("alias", TYPED_ALIAS)
    app.type_text("address", TYPED_ADDRESS)
    app.el("interpreter-needed").click()
    app.shot("01-editing")
    app.press_lock_shortcut()
    app.wait_for_page("unlock.html", "unlock-form")
    assert app.invoke("app_status")["value"]["unlocked"] is False, "Ctrl+L locked the vault"
    app.shot("02-locked")

    app.unlock_as(WORKER, WORKER_PASS)
    app.wait().until(EC.visibility_of_element_located((By.ID, "drafts")))
    offered = app.driver.find_elements(By.CSS_SELECTOR, "#draft-list li")
    assert len(offered) == 1, "the edit cut short by the lock is offered on the home page"
    assert case_number in offered[0].text, "the draft names the case it belongs to"
    app.shot("03-draft-offered")
    offered[0].find_element(By.CSS_SELECTOR, "a").click()
    app.wait_for_page("case-form.html", "case-form")
    app.wait().until(lambda d: app.el("alias").get_property("value") == TYPED_ALIAS)
    assert app.el("address").get_property("value") == TYPED_ADDRESS, "every typed field is back"
    assert app.el("interpreter-needed").is_selected(), "a ticked box is back"
    assert app.el("name-latin").get_property("value") == "Farida Noorzai"
    app.shot("04-draft-resumed")
    app.el("submit").click()
    app.wait_for_page("case.html", "case-title")
    app.wait().until(lambda d: TYPED_ADDRESS in app.el("case-sections").text)
    assert TYPED_ALIAS in app.el("case-sections").text
    app.shot("05-saved")
    assert app.invoke("draft_list")["value"] == [], "a saved draft is discarded"
    app.go_to("home.html", "signed-in-user")
    assert not app.el("drafts").is_displayed(), "nothing is offered once saved"


def test_the_form_itself_offers_a_draft_and_discard_drops_it(generated):
    app = generated
    app.unlock_as("quetta.caseworker", GENERATED_PASSPHRASE)
    app.go_to("case-form.html", "case-form")
    app.type_text("name-latin", "Zarmina Khattak")
    # The draft is kept about 2 s after the last keystroke, without a lock.
    app.wait(10).until(lambda d: app.invoke("draft_list")["value"] != [])
    app.go_to("home.html", "signed-in-user")
    assert EN["drafts.new_case"] in app.el("draft-list").text
    app.go_to("case-form.html", "case-form")
    app.wait().until(EC.visibility_of_element_located((By.ID, "draft-offer")))
    assert app.el("name-latin").get_property("value") == "", "nothing is filled in before Resume"
    app.shot("01-form-offers-draft")
    app.el("draft-discard").click()
    app.wait().until(lambda d: not app.el("draft-offer").is_displayed())
    assert app.invoke("draft_list")["value"] == [], "Discard drops the draft"


def test_the_lock_blanks_the_page_before_the_core_answers(generated):
    app = generated
    app.unlock_as("quetta.caseworker", GENERATED_PASSPHRASE)
    app.go_to("cases.html", "search")
    hidden = app.driver.execute_script(
        """
        document.dispatchEvent(new KeyboardEvent('keydown', { key: 'l', code: 'KeyL', ctrlKey: true, bubbles: true }));
        return getComputedStyle(document.querySelector('main')).visibility;
        """
    )
    assert hidden == "hidden", "the page is hidden in the same task as the key press"
    app.wait_for_page("unlock.html", "unlock-form")


# Commands that answer without a session, and why they are not expected to say `locked`.
ANSWER_WHILE_LOCKED = {
    "app_status": "reports the state",
    "languages": "lists the catalogs, for the unlock page too",
    "ui_zoom": "zooms the window, never touches the vault",
    "ping": "never touches the vault",
    "vault_create": "answers vault_exists",
    "vault_unlock": "is how one gets in",
    "vault_lock": "locking a locked vault is fine",
    "cancel_operation": "only raises a flag",
    "session_watch": "only keeps a channel",
    "instance_raise": "talks to another window (and would quit this one)",
    "app_quit": "would quit the app",
    "ui_drawn": "the start-up probe, which answers null unless HOMEWARD_STARTUP_PROBE=1",
    "backup_list": "lists the backup files' plain headers, for the damaged screen",
    "backup_verify": "checks a backup file with its own credentials (locked or not)",
    "backup_newest_good": "finds a good backup with its own credentials, for the damaged screen",
    "backup_restore": "restores only while locked",
}
CASE_INPUT = {
    "name_latin": "Canary Lockedcase", "name_urdu": "", "alias": "", "date_of_birth": None,
    "approx_age": None, "gender": "female", "languages": "", "interpreter_needed": False,
    "phone": "", "address": "", "female_practitioner_required": False, "district": "Quetta",
    "custody_track": "community", "custody_since": None, "referral_source": "court",
    "referral_date": "2026-01-05", "assigned_worker": None, "mentor": None,
    "religion": "", "sect": "", "ethnicity": "",
}


def arguments_for(command, case_id):
    strong = "copper kettle meadow 88 swans"
    return {
        "activity": {},
        "ui_zoom": {"percent": 100},
        "idle_lock_set": {"seconds": 60},
        "draft_save": {"input": {"form": "case:new", "payload": {"fields": {}}}},
        "draft_list": {},
        "draft_get": {"form": "case:new"},
        "draft_discard": {"form": "case:new"},
        "vault_check": {"onProgress": CHANNEL},
        "user_add": {"input": {"username": "x.user", "role": "mentor", "districts": ["Quetta"], "passphrase": strong}},
        "user_list": {},
        "user_colleagues": {},
        "user_deactivate": {"input": {"username": "quetta.mentor"}},
        "passphrase_change": {"input": {"current": GENERATED_PASSPHRASE, "new": strong}},
        "district_add": {"province": "BA", "name": "Gwadar"},
        "district_import": {"csv": "province,district\nBA,Gwadar"},
        "district_list": {},
        "case_register": {"input": CASE_INPUT},
        "case_update": {"input": {"id": case_id, "version": 1, "case": CASE_INPUT}},
        "case_open": {"id": case_id},
        "case_list": {"query": {"page": 0}},
        "case_search": {"query": "noorz"},
        # Intake and the needs assessment.
        "consent_record": {"input": {"case_id": case_id, "purpose": "mentoring", "wording_version": "v1",
                                     "language": "Urdu", "method": "signed", "given_by": "participant",
                                     "given_on": "2026-11-01"}},
        "consent_withdraw": {"consentId": "none"},
        "legal_basis_record": {"input": {"case_id": case_id, "kind": "court_order", "reference": "r"}},
        "legal_basis_countersign": {"legalBasisId": "none"},
        "safety_screen_record": {"input": {"case_id": case_id, "screened_on": "2026-11-01",
                                           "threats_to_participant": "none", "risks_to_staff": "none",
                                           "female_practitioner_required": False}},
        "case_intake": {"caseId": case_id},
        "case_gate": {"caseId": case_id},
        "case_transition": {"input": {"case_id": case_id, "transition": "start_assessment"}},
        "assessment_start": {"caseId": case_id},
        "assessment_save": {"input": {"assessment_id": "none", "assessed_on": "2026-11-01"}},
        "assessment_sign_off": {"assessmentId": "none"},
        "assessment_correct": {"assessmentId": "none"},
        "specialist_record": {"input": {"case_id": case_id, "tool": "t", "assessed_on": "2026-11-01",
                                        "assessor": "a", "summary_band": "b"}},
        "case_assessments": {"caseId": case_id},
        # The service map and case work.
        "organisation_save": {"input": {"district": "Quetta", "name": "o", "org_type": "health",
                                        "level": "district"}},
        "organisation_list": {},
        "service_save": {"input": {"organisation_id": "none", "name": "s", "domain": "family",
                                   "modality": "outreach"}},
        "service_get": {"id": "none"},
        "service_verify": {"id": "none"},
        "service_find": {"query": {}},
        "service_export": {},
        "service_import": {"csv": "organisation_id\n"},
        "referral_add": {"input": {"case_id": case_id, "service_id": "none", "domain": "family", "reason": "r"}},
        "referral_status": {"input": {"referral_id": "none", "status": "sent"}},
        "case_referrals": {"caseId": case_id},
        "action_add": {"input": {"case_id": case_id, "domain": "family", "description": "d"}},
        "action_status": {"actionId": "none", "status": "done"},
        "contact_add": {"input": {"case_id": case_id, "contact_on": "2026-11-01", "kind": "phone",
                                  "duration_minutes": 5}},
        "case_contacts": {"caseId": case_id},
        "incident_add": {"input": {"case_id": case_id, "occurred_on": "2026-11-01", "kind": "media",
                                   "severity": "low"}},
        "case_incidents": {"caseId": case_id},
        "disclosure_add": {"input": {"case_id": case_id, "disclosed_on": "2026-11-01", "organisation": "o",
                                     "recipient_kind": "partner", "information_kinds": "k", "purpose": "p"}},
        "disclosure_countersign": {"disclosureId": "none"},
        "case_disclosures": {"caseId": case_id},
        # The plan, the review and the mentoring agreement.
        "plan_draft": {"caseId": case_id},
        "plan_goal_save": {"input": {"plan_id": "none", "description": "d", "domains": ["family"]}},
        "plan_action_save": {"input": {"goal_id": "none", "description": "d", "responsible_org": "o"}},
        "plan_item_remove": {"item": "goal", "id": "none"},
        "plan_agreement": {"input": {"plan_id": "none", "agreement": "agreed", "on": "2026-11-01"}},
        "plan_sign": {"planId": "none"},
        "plan_sign_off": {"planId": "none"},
        "plan_action_status": {"input": {"action_id": "none", "status": "done"}},
        "case_plans": {"caseId": case_id},
        "plan_compare": {"caseId": case_id, "from": 1, "to": 2},
        "review_start": {"caseId": case_id},
        "review_save": {"input": {"review_id": "none"}},
        "review_sign": {"reviewId": "none"},
        "case_reviews": {"caseId": case_id},
        "reviews_due": {},
        "agreement_draft": {"caseId": case_id},
        "agreement_save": {"input": {"agreement_id": "none"}},
        "agreement_goal_save": {"input": {"agreement_id": "none", "goal": "g"}},
        "agreement_member_add": {"input": {"agreement_id": "none", "name": "n", "relation": "r",
                                           "positive": True}},
        "agreement_acknowledge": {"input": {"agreement_id": "none", "party": "mentor", "on": "2026-11-01"}},
        "agreement_revise": {"input": {"agreement_id": "none", "revised_on": "2026-11-01", "satisfaction": 3,
                                       "outcomes": []}},
        "case_agreements": {"caseId": case_id},
        "revisions_due": {},
        "home": {},
        "report_preview": {"request": {"period": "2026Q3"}, "onProgress": CHANNEL},
        "report_export": {"input": {"request": {"period": "2026Q3"}, "approver": "x",
                                    "approver_passphrase": "y", "folder": ""}, "onProgress": CHANNEL},
        "report_exports": {},
        "document_save_pdf": {"path": "document-locked.pdf"},
        # Backups.
        "backup_list": {},
        "backup_targets": {},
        "backup_create": {"input": {"folder": "/nonexistent"}, "onProgress": CHANNEL},
        "backup_verify": {"input": {"path": "/nonexistent.hwb", "username": "admin", "passphrase": "x"}},
        "backup_newest_good": {"input": {"path": "", "username": "admin", "passphrase": "x"}},
        "backup_restore": {"input": {"path": "/nonexistent.hwb", "username": "admin", "passphrase": "x",
                                     "confirm": False}, "onProgress": CHANNEL},
    }[command]


def granted_commands():
    capability = json.loads((REPO / "src-tauri" / "homeward" / "capabilities" / "main.json").read_text("utf-8"))
    return [p.removeprefix("allow-").replace("-", "_") for p in capability["permissions"]]


def test_after_lock_every_command_answers_locked_and_no_database_file_stays_open(generated):
    app = generated
    app.unlock_as("quetta.caseworker", GENERATED_PASSPHRASE)
    app.go_to("cases.html", "search")
    app.wait_for_results()
    link = app.driver.find_element(By.CSS_SELECTOR, "#case-rows a.case-link")
    name = link.text
    link.click()
    app.wait_for_page("case.html", "case-title")
    case_id = app.driver.current_url.split("id=")[1]
    assert app.open_vault_files(), "while unlocked the app holds the database open"
    app.press_lock_shortcut()
    app.wait_for_page("unlock.html", "unlock-form")

    assert app.open_vault_files() == [], "after lock no file of the database is open"
    answers = {}
    for command in granted_commands():
        if command in ANSWER_WHILE_LOCKED:
            continue
        answer = app.invoke(command, arguments_for(command, case_id))
        answers[command] = answer
    wrong = {c: a for c, a in answers.items() if a.get("ok") or '"kind":"locked"' not in a["error"]}
    assert wrong == {}, "every command that needs the vault answers `locked` after lock"
    assert len(answers) >= 18, "the granted commands were all tried"

    app.driver.back()
    app.wait_for_page("unlock.html", "unlock-form")
    assert name not in app.driver.page_source, "Back after lock shows no case"
    app.shot("01-back-after-lock")


def set_idle_seconds(app, seconds):
    app.go_to("settings.html", "idle-form")
    app.type_into("idle-seconds", str(seconds))
    app.el("idle-submit").click()
    app.wait().until(EC.visibility_of_element_located((By.ID, "idle-done")))
    app.shot("01-idle-set")
    # A fresh page: its activity reports follow the new idle time.
    app.go_to("home.html", "signed-in-user")


def test_idle_lock_comes_within_two_seconds_of_the_deadline_and_keeps_what_was_typed(generated):
    app = generated
    app.unlock_as("admin", GENERATED_PASSPHRASE)
    set_idle_seconds(app, 5)
    before = time.monotonic()
    assert app.invoke("activity")["ok"], "the page reports activity"
    after = time.monotonic()
    while app.page() != "unlock.html" and time.monotonic() < after + 15:
        time.sleep(0.05)
    locked_at = time.monotonic()
    assert app.page() == "unlock.html", "the idle lock came"
    assert locked_at >= before + 5 - 0.1, "not before the idle time has passed"
    assert locked_at <= after + 5 + 2, f"the unlock screen came {locked_at - after - 5:.2f} s after the deadline"
    app.wait_for_page("unlock.html", "unlock-form")
    app.shot("02-idle-locked")
    assert app.invoke("app_status")["value"]["unlocked"] is False

    # What a case worker was typing when the idle lock came is offered again.
    app.unlock_as("quetta.caseworker", GENERATED_PASSPHRASE)
    app.go_to("case-form.html", "case-form")
    app.type_text("name-latin", "Typed Before Idle")
    app.wait(15).until(lambda d: app.page() == "unlock.html")
    app.unlock_as("quetta.caseworker", GENERATED_PASSPHRASE)
    app.wait().until(EC.visibility_of_element_located((By.ID, "drafts")))
    app.driver.find_element(By.CSS_SELECTOR, "#draft-list a").click()
    app.wait_for_page("case-form.html", "case-form")
    app.wait().until(lambda d: app.el("name-latin").get_property("value") == "Typed Before Idle")


def run_check_and_ping(app):
    """Starts vault_check, pings once its first step is reported, and
    returns the times (ms since the check started) of both answers."""
    return app.driver.execute_async_script(
        """
        const done = arguments[arguments.length - 1];
        const { invoke, Channel } = window.__TAURI__.core;
        const started = performance.now();
        const times = { steps: 0 };
        const progress = new Channel();
        let pinged = false;
        progress.onmessage = (event) => {
          times.steps += 1;
          if (!pinged) {
            pinged = true;
            times.pingSent = performance.now() - started;
            invoke('ping').then((answer) => {
              times.ping = performance.now() - started;
              times.pingAnswer = answer;
            });
          }
        };
        invoke('vault_check', { onProgress: progress }).then(
          (view) => { times.check = performance.now() - started; times.intact = view.intact; },
          (error) => { times.check = performance.now() - started; times.error = error; },
        ).finally(() => setTimeout(() => done(times), 50));
        """
    )


def test_the_page_answers_a_ping_while_the_vault_check_runs(world):
    world.generate(20000)
    app = world.launch()
    app.unlock_as("admin", GENERATED_PASSPHRASE)
    app.go_to("settings.html", "check-start")
    times = run_check_and_ping(app)
    print(f"vault check {times['check']:.0f} ms; ping sent at {times['pingSent']:.0f} ms, answered at {times['ping']:.0f} ms")
    assert times.get("intact") is True, f"the check ran to the end: {times}"
    assert times["pingAnswer"] == "pong"
    assert times["ping"] < times["check"], "ping answered while the check was still running"
    assert times["ping"] - times["pingSent"] < 0.5 * (times["check"] - times["pingSent"]), times

    cancelled = app.driver.execute_async_script(
        """
        const done = arguments[arguments.length - 1];
        const { invoke, Channel } = window.__TAURI__.core;
        const progress = new Channel();
        let asked = false;
        progress.onmessage = () => {
          if (!asked) {
            asked = true;
            invoke('cancel_operation');
          }
        };
        invoke('vault_check', { onProgress: progress }).then(() => done('finished'), (error) => done(error.kind));
        """
    )
    assert cancelled == "cancelled", "Cancel during the check stops it"
    assert app.invoke("app_status")["value"]["unlocked"] is True, "a cancelled check leaves the session as it was"
    app.el("check-start").click()
    app.wait(30).until(EC.visibility_of_element_located((By.ID, "check-result")))
    assert app.el("check-summary").text.startswith("The vault is intact"), app.el("check-summary").text
    app.shot("01-vault-checked", scroll="bottom")
