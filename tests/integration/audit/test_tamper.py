"""Tampering with a stopped service's database by raw SQL, as someone with access to it could, and `procure audit
verify` naming each change by its kind and first seq. The attacker here knows the specification: where a forged row
needs a valid hash, it gets one (computed below from the README's rules, with hashlib and json alone)."""

import base64
import hashlib
import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from typer.testing import CliRunner

from procure.cli import app
from tests.integration.audit.conftest import ENTRIES, FilledLog

runner = CliRunner()


def verify(*arguments: str) -> tuple[int, dict[str, Any]]:
    result = runner.invoke(app, ["audit", "verify", "--json", *arguments])
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, json.loads(result.stdout)


def verify_log(log: FilledLog, *extra: str) -> tuple[int, dict[str, Any]]:
    return verify("--database-url", log.url, "--public-key", str(log.public_key), *extra)


def canonical(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def header_of(row: sqlite3.Row, seq: int) -> bytes:
    def hashed_time(stored: str) -> str:  # SQLite keeps `YYYY-MM-DD HH:MM:SS.ffffff`, UTC
        return stored.replace(" ", "T") + "Z"

    return canonical(
        {
            "seq": seq,
            "event_id": row["event_id"],
            "event_type": row["event_type"],
            "tender_id": row["tender_id"],
            "actor": json.loads(row["actor"]),
            "occurred_at": hashed_time(row["occurred_at"]),
            "recorded_at": hashed_time(row["recorded_at"]),
            "payload_sha256": row["payload_sha256"],
        }
    )


def rechain(db: sqlite3.Connection, from_seq: int) -> None:
    """What an attacker does to hide a change: re-compute every hash from `from_seq` on."""
    db.row_factory = sqlite3.Row
    before = db.execute("SELECT entry_hash FROM audit_entry WHERE seq = ?", (from_seq - 1,)).fetchone()
    previous = bytes.fromhex(before["entry_hash"]) if before else bytes(32)
    for row in db.execute("SELECT * FROM audit_entry WHERE seq >= ? ORDER BY seq", (from_seq,)).fetchall():
        entry_hash = hashlib.sha256(previous + header_of(row, row["seq"])).hexdigest()
        db.execute("UPDATE audit_entry SET entry_hash = ? WHERE seq = ?", (entry_hash, row["seq"]))
        previous = bytes.fromhex(entry_hash)


def tamper(log: FilledLog, change: Callable[[sqlite3.Connection], None]) -> None:
    with sqlite3.connect(log.database) as db:
        change(db)


def modify_payload(db: sqlite3.Connection) -> None:
    db.execute("UPDATE audit_entry SET payload = replace(payload, 'officer-anne', 'officer-bent') WHERE seq = 7")


def modify_actor(db: sqlite3.Connection) -> None:
    db.execute(
        """UPDATE audit_entry SET actor = '{"kind": "user", "id": "someone-else", "role": "officer"}' WHERE seq = 9"""
    )


def modify_time(db: sqlite3.Connection) -> None:
    db.execute("UPDATE audit_entry SET occurred_at = '2026-11-26 11:59:59.000000' WHERE seq = 4")


def modify_payload_and_its_hash(db: sqlite3.Connection) -> None:
    db.row_factory = sqlite3.Row
    payload = db.execute("SELECT payload FROM audit_entry WHERE seq = 16").fetchone()["payload"]
    forged = payload.replace("officer-anne", "officer-bent")
    digest = hashlib.sha256(forged.encode()).hexdigest()
    db.execute("UPDATE audit_entry SET payload = ?, payload_sha256 = ? WHERE seq = 16", (forged, digest))


def delete_row(db: sqlite3.Connection) -> None:
    db.execute("DELETE FROM audit_entry WHERE seq = 12")


def insert_row(db: sqlite3.Connection) -> None:
    """Make room at seq 8 and put a forged entry there, its hash chained properly from entry 7."""
    db.row_factory = sqlite3.Row
    db.execute("UPDATE audit_entry SET seq = -seq WHERE seq >= 8")
    db.execute("UPDATE audit_entry SET seq = 1 - seq WHERE seq < 0")
    template = dict(db.execute("SELECT * FROM audit_entry WHERE seq = 9").fetchone())
    payload = template["payload"].replace(template["event_id"], "forged-event")
    forged = {**template, "seq": 8, "event_id": "forged-event", "payload": payload}
    forged["payload_sha256"] = hashlib.sha256(payload.encode()).hexdigest()
    previous = db.execute("SELECT entry_hash FROM audit_entry WHERE seq = 7").fetchone()["entry_hash"]
    forged["entry_hash"] = hashlib.sha256(bytes.fromhex(previous) + header_of(forged, 8)).hexdigest()  # type: ignore[arg-type]
    columns = ", ".join(forged)
    db.execute(f"INSERT INTO audit_entry ({columns}) VALUES ({', '.join('?' * len(forged))})", list(forged.values()))


def swap_rows(db: sqlite3.Connection) -> None:
    db.execute("UPDATE audit_entry SET seq = -1 WHERE seq = 13")
    db.execute("UPDATE audit_entry SET seq = 13 WHERE seq = 14")
    db.execute("UPDATE audit_entry SET seq = 14 WHERE seq = -1")


def cut_tail(db: sqlite3.Connection) -> None:
    db.execute("DELETE FROM audit_entry WHERE seq > 17")


@pytest.mark.parametrize(
    ("change", "seq", "kind"),
    [
        (modify_payload, 7, "payload-modified"),
        (modify_actor, 9, "header-modified"),
        (modify_time, 4, "header-modified"),
        (modify_payload_and_its_hash, 16, "header-modified"),
        (delete_row, 12, "deleted"),
        (insert_row, 8, "inserted"),
        (swap_rows, 13, "reordered"),
        (cut_tail, 18, "tail-truncated"),
    ],
    ids=lambda value: getattr(value, "__name__", str(value)),
)
def test_verify_names_each_change_with_its_first_seq(
    filled_log: FilledLog, change: Callable[[sqlite3.Connection], None], seq: int, kind: str
) -> None:
    tamper(filled_log, change)

    exit_code, report = verify_log(filled_log)

    assert exit_code == 1
    assert report["first_problem"]["seq"] == seq, report["findings"]
    assert report["first_problem"]["kind"] == kind, report["findings"]
    assert len(report["findings"]) == 1, f"one change, one finding: {report['findings']}"


def test_the_untouched_log_verifies_as_a_separate_process(filled_log: FilledLog) -> None:
    import subprocess
    import sys

    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "procure",
            "audit",
            "verify",
            "--database-url",
            filled_log.url,
            "--public-key",
            str(filled_log.public_key),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "INTACT" in done.stdout
    assert f"Verified {ENTRIES} entries (seq 1–{ENTRIES})" in done.stdout
    assert "vouch for entries up to seq 20" in done.stdout
    assert "entries 21–23 are after the latest checkpoint" in done.stdout


def test_a_cut_after_the_latest_checkpoint_cannot_be_detected_and_the_output_says_so(filled_log: FilledLog) -> None:
    tamper(filled_log, lambda db: db.execute("DELETE FROM audit_entry WHERE seq > 21"))

    exit_code, report = verify_log(filled_log)

    assert exit_code == 0
    assert report["checkpoints"]["vouched_up_to"]["seq"] == 20
    assert any("entries 21–21 are after the latest checkpoint" in note for note in report["notes"])


def resign_with(key: Ed25519PrivateKey) -> Callable[[sqlite3.Connection], None]:
    """Rebuild the chain from a modified entry on, and replace every checkpoint with one signed by `key`."""

    def rewrite(db: sqlite3.Connection) -> None:
        modify_payload_and_its_hash_at(db, 13)
        rechain(db, 13)
        db.row_factory = sqlite3.Row
        for checkpoint in db.execute("SELECT seq FROM audit_checkpoint").fetchall():
            seq = checkpoint["seq"]
            row = db.execute("SELECT entry_hash FROM audit_entry WHERE seq = ?", (seq,)).fetchone()
            signed = {"seq": seq, "entry_hash": row["entry_hash"], "count": seq, "time": "2026-11-26T14:00:00.000000Z"}
            signature = base64.b64encode(key.sign(canonical(signed))).decode()
            db.execute(
                "UPDATE audit_checkpoint SET entry_hash = ?, time = ?, signature = ?, key_id = 'other' WHERE seq = ?",
                (signed["entry_hash"], signed["time"], signature, seq),
            )

    return rewrite


def modify_payload_and_its_hash_at(db: sqlite3.Connection, seq: int) -> None:
    db.row_factory = sqlite3.Row
    payload = db.execute("SELECT payload FROM audit_entry WHERE seq = ?", (seq,)).fetchone()["payload"]
    forged = payload.replace("officer-anne", "officer-bent")
    digest = hashlib.sha256(forged.encode()).hexdigest()
    db.execute("UPDATE audit_entry SET payload = ?, payload_sha256 = ? WHERE seq = ?", (forged, digest, seq))


def test_a_chain_rebuilt_and_re_signed_with_another_key_is_a_rewritten_chain(filled_log: FilledLog) -> None:
    attacker = Ed25519PrivateKey.generate()
    tamper(filled_log, resign_with(attacker))

    exit_code, report = verify_log(filled_log)
    assert exit_code == 1
    assert [(f["seq"], f["kind"]) for f in report["findings"]] == [(1, "rewritten-chain")], report["findings"]
    assert "not signed by the pinned key" in report["first_problem"]["detail"]

    # Held to the checkpoints the service wrote to its file (anchored elsewhere), the rewrite is located.
    exit_code, report = verify_log(filled_log, "--checkpoints", str(filled_log.checkpoints))
    assert exit_code == 1
    assert [(f["seq"], f["kind"]) for f in report["findings"]] == [(11, "rewritten-chain")], report["findings"]
    assert "rewritten at a seq in 11–15" in report["first_problem"]["detail"]


def test_without_the_pinned_key_the_chain_is_checked_and_the_output_says_the_checkpoints_were_not(
    filled_log: FilledLog,
) -> None:
    tamper(filled_log, resign_with(Ed25519PrivateKey.generate()))

    exit_code, report = verify("--database-url", filled_log.url)

    assert exit_code == 0, "the links all hold: only a signature can tell"
    assert report["checkpoints"]["checked"] is False
    assert "no public key was given" in report["notes"][0]


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--database-url", "sqlite+aiosqlite:///{tmp}/missing.db"], "no such database file"),
        (["--from-export", "{tmp}/missing.jsonl"], "No such file"),
        (["--public-key", "{tmp}/audit-checkpoints.jsonl"], "not an Ed25519 public key"),
        (["--database-url", "{url}", "--checkpoints", "{tmp}/audit.db"], "codec can't decode"),
    ],
)
def test_bad_input_exits_2_with_a_clear_error(filled_log: FilledLog, arguments: list[str], message: str) -> None:
    tmp = filled_log.database.parent
    result = runner.invoke(app, ["audit", "verify", *(a.format(tmp=tmp, url=filled_log.url) for a in arguments)])
    assert result.exit_code == 2
    assert message in result.stderr


def test_sqlite_file_is_left_alone(filled_log: FilledLog, tmp_path: Path) -> None:
    missing = tmp_path / "nothing-here.db"
    runner.invoke(app, ["audit", "verify", "--database-url", f"sqlite:///{missing}"])
    assert not missing.exists(), "verify never creates a database"


def test_a_large_log_is_walked_in_segments_on_every_cpu_with_the_same_answer(filled_log: FilledLog) -> None:
    from services.audit.keys import read_public_key
    from services.audit.offline.verify import verify_database

    key = read_public_key(filled_log.public_key.read_text(), source="pinned")
    one = verify_database(filled_log.url, key, None, workers=1)
    segments = verify_database(filled_log.url, key, None, workers=3, parallel_from=0)
    assert segments.document() == one.document()
    assert segments.intact

    tamper(filled_log, swap_rows)
    one = verify_database(filled_log.url, key, None, workers=1)
    segments = verify_database(filled_log.url, key, None, workers=3, parallel_from=0)
    assert segments.document() == one.document(), "a finding in any segment: walked again in one piece"
    assert [(f.seq, str(f.kind)) for f in segments.findings] == [(13, "reordered")]


def test_a_log_without_a_checkpoint_table_verifies_and_says_nothing_vouches_for_it(filled_log: FilledLog) -> None:
    tamper(filled_log, lambda db: db.execute("DROP TABLE audit_checkpoint"))

    exit_code, report = verify_log(filled_log)
    assert exit_code == 0
    assert report["checkpoints"]["applying"] == 0
    assert "no checkpoint signed by the pinned key vouches for any entry" in report["notes"][0]

    exit_code, report = verify_log(filled_log, "--checkpoints", str(filled_log.checkpoints))
    assert exit_code == 0, "the anchored copy vouches for it all the same"
    assert report["checkpoints"]["vouched_up_to"]["seq"] == 20
