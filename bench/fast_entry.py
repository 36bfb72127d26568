"""How long a trained user takes to type in a typical paper 探访记录: the figure of the issue.

    uv run python bench/fast_entry.py [--persons 3000] [--rounds 5]

Runs the scripted keyboard-only entry of tests/ui/fast_entry_script.py in the real visit
dialog, offscreen, on a temporary demo township: 留守儿童探访记录 and 特殊困难老年人探访记录,
each finalised with Ctrl+S and followed by the hop to the next person of the day's plan (Enter
on 下一位). `--rounds` visits of each form are typed one after the other in one dialog, as a
day's plan is worked through, in two scenarios:

- `full_transcription`: every field that applies is typed from the sheet, one key per choice;
  the KLM counts one M per field answered (each is read off the sheet and decided), plus one
  for finalising and one for going on;
- `typical_sheet`: a sheet that says what most sheets say except in two answers (by phone
  rather than 入户; the caretaker chronically ill, or the elder lonely — see TYPICAL_SHEETS in
  the script). The user types what differs and the facts of the person that have no usual
  answer (who the child lives with, the caretaker's name …), passes usual answers on the way
  with Enter (or types one that later questions depend on), presses F2 once past the last
  difference (其余按通常情况填: the usual answers fill every open question, the keyboard jumps
  to the first question still open), types the note, and finalises. The KLM counts one M per
  field typed, ONE M for checking that the sheet's remaining answers are the usual ones (they
  are read as one chunk, not decided one by one: the filled answers are tinted on screen),
  and one each for finalising and going on. Enter and F2 presses are keystrokes (K), no M.

Printed: one JSON object with, per scenario and form:

- `key_presses` (as the script presses them; Ctrl+S is one), `fields_answered` (answers the
  visit holds), `fields_typed` (answers the user typed), `app_ms` (median over the rounds)
  from the first key to `finalised` heard — the app's own time: every key handled, the draft
  saves, the finalising write on the writer thread —,
  `next_person_ms` (median) from Enter on 下一位 to the next person's form on screen, and the
  first round's of both apart (`first_*`: the form's first build, cold caches);
- the Keystroke-Level Model (Card, Moran & Newell, *The Psychology of Human-Computer
  Interaction*, 1983) estimate of the user's own time: K = 0.28 s per keystroke for an
  average skilled typist (0.20 s for a good one; Ctrl+S counts as two keystrokes), and
  M = 1.35 s of mental preparation as counted per scenario above, no pointing (keyboard
  only). `estimate_s` = (app + next person) + K·keys + M·M-count, with
  `estimate_good_typist_s` for K = 0.20 s; `target_s` is the issue's 30 s.

Text fields receive `--note` (default the pinyin keys of 情况良好 and the space that picks it in
an input method): a short note, as a typical sheet carries. Reading the paper sheet is in
the M operators; a long free-text summary is not typical and takes as long as its typing.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
# The entry script and the demo's persons by category live with the UI tests.
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

K_AVERAGE_S = 0.28  # keystroke, average skilled typist (KLM)
K_GOOD_S = 0.20  # keystroke, good typist (KLM)
M_S = 1.35  # mental preparation (KLM)
TARGET_S = 30.0
NOTE = "qingkuanglianghao "  # 情况良好 by pinyin, the space picks the first candidate
TOWNSHIP = "431023113"
ADMIN, PASSWORD = "admin", "Bench-2026-entry"


def klm_seconds(keystrokes: int, mental: int, keystroke_s: float) -> float:
    """The Keystroke-Level Model's time of a keyboard-only task."""
    return keystrokes * keystroke_s + mental * M_S


def keystrokes(keys: tuple[str, ...]) -> int:
    """KLM keystrokes of the keys pressed: a chord such as Ctrl+S is two."""
    return sum(len(key.split("+")) if len(key) > 1 else 1 for key in keys)


def figures(runs: list[Any]) -> dict[str, Any]:
    """One form's figures: medians over the rounds after the first (cold, reported apart).

    The persons differ from round to round, so the fields that apply (and the keys) may too:
    a child under 6 is not asked about school."""
    first, *rest = runs
    typical = rest or [first]

    def median(values: Any) -> float:
        return float(statistics.median(values))

    app_s = median(run.typed_to_final_s for run in typical)
    hop_s = median(run.next_person_s for run in typical)
    klm_average = median(
        klm_seconds(keystrokes(run.keys), run.decisions, K_AVERAGE_S) for run in typical
    )
    klm_good = median(klm_seconds(keystrokes(run.keys), run.decisions, K_GOOD_S) for run in typical)
    return {
        "key_presses": median(len(run.keys) for run in typical),
        "key_presses_range": [min(len(r.keys) for r in runs), max(len(r.keys) for r in runs)],
        "klm_keystrokes": median(keystrokes(run.keys) for run in typical),
        "fields_answered": median(run.fields_answered for run in typical),
        "fields_typed": median(run.fields_typed for run in typical),
        "klm_mental_operators": median(run.decisions for run in typical),
        "app_ms": round(app_s * 1000, 1),
        "app_ms_max": round(max(run.typed_to_final_s for run in typical) * 1000, 1),
        "next_person_ms": round(hop_s * 1000, 1),
        "first_app_ms": round(first.typed_to_final_s * 1000, 1),
        "first_next_person_ms": round(first.next_person_s * 1000, 1),
        "klm_user_s": round(klm_average, 1),
        "estimate_s": round(app_s + hop_s + klm_average, 1),
        "estimate_good_typist_s": round(app_s + hop_s + klm_good, 1),
        "under_target": app_s + hop_s + klm_average < TARGET_S,
    }


SCENARIOS = ("full_transcription", "typical_sheet")


def entry_chain(
    session: Any, category: str, chain: list[str], note: str, scenario: str
) -> list[Any]:
    """Type a visit of each person of `chain` but the last in one dialog, 下一位 after each."""
    from tests.ui.fast_entry_script import enter_and_go_on
    from tests.ui.visit_entry import open_visit_dialog

    dialog = open_visit_dialog(
        session, chain[0], category, queue=[(p, category) for p in chain[1:]]
    )
    runs = []
    for expected in chain[1:]:
        run = enter_and_go_on(dialog, note, typical=scenario == "typical_sheet")
        if run.next_person_id != expected:
            raise SystemExit(f"{category}: the next person did not open")
        runs.append(run)
    dialog.close()
    dialog.deleteLater()
    return runs


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--note", default=NOTE, help="Latin keys typed into each text field")
    args = parser.parse_args()

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    scratch = Path(tempfile.mkdtemp(prefix="bench-fast-entry-"))
    # The app's per-machine preferences must not touch the user's own.
    os.environ["XDG_CONFIG_HOME"] = str(scratch / "config")

    from tests.ui.conftest import make_ui_session
    from tests.ui.visit_entry import wait_for
    from tests.ui.visit_fixtures import children_of, elders

    from minzheng_field.services.demo import generate_demo_township
    from minzheng_field.store.keyfile import KdfParams
    from minzheng_field.store.vault import Vault
    from minzheng_field.ui.app import create_application

    app = create_application(sys.argv[:1])
    vault = Vault.create(
        scratch / "vault",
        township_code=TOWNSHIP,
        admin_username=ADMIN,
        admin_display_name="乡镇管理员",
        admin_password=PASSWORD,
        kdf=KdfParams(n=2**12, r=8, p=1),  # unlocking is not what is measured here
    )
    generate_demo_township(vault, persons=args.persons, seed=args.seed)
    session = make_ui_session(vault, ADMIN)
    result: dict[str, Any] = {
        "command": shlex.join(["uv", "run", "python", "bench/fast_entry.py", *sys.argv[1:]]),
        "persons": args.persons,
        "rounds": args.rounds,
        "note_keys": args.note,
        "klm": {
            "source": "Card, Moran & Newell 1983, Keystroke-Level Model",
            "K_s": K_AVERAGE_S,
            "K_good_typist_s": K_GOOD_S,
            "M_s": M_S,
            "M_per": {
                "full_transcription": "field answered, finalising, going on to the next person",
                "typical_sheet": "field typed, one check that the other answers are the usual"
                " ones, finalising, going on to the next person",
            },
        },
        "target_s": TARGET_S,
    }
    try:
        for form_id, category, persons in (
            ("left_behind_child_visit", "left_behind", children_of(vault, "left_behind", 99)),
            ("special_elder_visit", "elder", elders(vault, 99)),
        ):
            if len(persons) < 2 * (args.rounds + 1):
                raise SystemExit(f"too few persons of {category}: give more --persons")
            for position, scenario in enumerate(SCENARIOS):
                chain = persons[position * (args.rounds + 1) :][: args.rounds + 1]
                runs = entry_chain(session, category, chain, args.note, scenario)
                result.setdefault(scenario, {})[form_id] = figures(runs)
    finally:
        wait_for(session.database.all_closed, "the database threads", session.database.close)
        session.database.wait_closed()
        vault.lock()
        app.processEvents()
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
