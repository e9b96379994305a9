"""Benchmark: sending the seed issue to 1,000 recipients through a local aiosmtpd server.

jianbao (`jianbao send 2008-06 --yes`) against mailmerge (PyPI, `mailmerge --no-dry-run --no-limit`)
sending the same messages (same sender, subject, body text, attachment, recipients) to the same
server, alternately, in the same run. Both are timed as whole processes (start-up included).
After each jianbao run the ledger is checked: WAL journal, synchronous=FULL on the connection the
sender uses, every row `sent`, three committed events per recipient (pending, attempting, sent).
Finally jianbao is killed (os._exit) just after the ledger committed `sent` for the middle recipient
and run again: the ledger must have held exactly what the server had, and the rerun must complete
with exactly one copy per recipient.

    .venv/bin/python bench/send_bench.py              # 1,000 recipients, 5 rounds
    .venv/bin/python bench/send_bench.py -n 200 -r 1  # quicker
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from send_smtpd import CountingServer  # noqa: E402
from send_workload import make_mailmerge_inputs, make_workspace, people  # noqa: E402


def _exe(name: str) -> str:
    candidate = Path(sys.executable).with_name(name)
    found = str(candidate) if candidate.exists() else shutil.which(name)
    if not found:
        sys.exit(f"{name} not installed: .venv/bin/pip install -e '.[bench]'")
    return found


def render(workspace: Path) -> Path:
    from jianbao_cli.workspace import Workspace

    ws = Workspace(workspace)
    try:
        from jianbao_cli.render import render_issue
    except ImportError:
        docx = ws.rendered_docx("2008-06")
        docx.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ws.template_path, docx)
        os.utime(docx, (time.time() + 3600,) * 2)
        print("note: jianbao_cli.render not available; attaching the template as a stand-in .docx")
        return docx
    return Path(render_issue(ws, "2008-06"))


def check_ledger(workspace: Path, count: int) -> dict:
    from jianbao_cli.delivery.ledger import Ledger

    path = workspace / ".jianbao" / "ledger.sqlite3"
    with Ledger(path) as ledger:  # the same connection set-up the sender uses
        synchronous = ledger.synchronous
    db = sqlite3.connect(path)
    journal = db.execute("PRAGMA journal_mode").fetchone()[0]
    states = dict(db.execute("SELECT state, COUNT(*) FROM deliveries GROUP BY state").fetchall())
    events = db.execute("SELECT COUNT(*) FROM events").fetchone()[0]
    db.close()
    ok = synchronous == 2 and journal == "wal" and states == {"sent": count} and events == 3 * count
    return {"synchronous": {2: "FULL"}.get(synchronous, synchronous), "journal": journal, "states": states,
            "events": events, "ok": ok}


def run_jianbao(server: CountingServer, base: Path, template_ws: Path, count: int) -> tuple[float, dict]:
    workspace = base / f"ws-{time.monotonic_ns()}"
    shutil.copytree(template_ws, workspace, ignore=shutil.ignore_patterns(".jianbao", "outbox"))
    env = {**os.environ, "JIANBAO_SMTP_HOST": "127.0.0.1", "JIANBAO_SMTP_PORT": str(server.port),
           "JIANBAO_SMTP_SECURITY": "none", "JIANBAO_SMTP_RATE_PER_MINUTE": "0"}
    env.pop("JIANBAO_WORKSPACE", None)
    env.pop("JIANBAO_TEST_CRASH_AT", None)
    server.handler.reset()
    start = time.perf_counter()
    done = subprocess.run([_exe("jianbao"), "send", "2008-06", "--yes"], cwd=workspace, env=env,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"jianbao failed ({done.returncode}): {done.stderr[-2000:]}")
    return elapsed, check_ledger(workspace, count)


def crash_and_resume(server: CountingServer, base: Path, template_ws: Path, count: int) -> dict:
    """Kill jianbao (os._exit) right after the ledger committed `sent` for the middle recipient, rerun,
    and check that the server then holds exactly one copy per recipient and the ledger agrees."""
    workspace = base / "ws-crash"
    shutil.copytree(template_ws, workspace, ignore=shutil.ignore_patterns(".jianbao", "outbox"))
    env = {**os.environ, "JIANBAO_SMTP_HOST": "127.0.0.1", "JIANBAO_SMTP_PORT": str(server.port),
           "JIANBAO_SMTP_SECURITY": "none"}
    env.pop("JIANBAO_WORKSPACE", None)
    server.handler.reset()
    middle = count // 2
    first = subprocess.run([_exe("jianbao"), "send", "2008-06", "--yes"], cwd=workspace,
                           env={**env, "JIANBAO_TEST_CRASH_AT": f"after_sent:{middle}"},
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    db = sqlite3.connect(workspace / ".jianbao" / "ledger.sqlite3")
    sent_at_crash = db.execute("SELECT COUNT(*) FROM deliveries WHERE state = 'sent'").fetchone()[0]
    db.close()
    received_at_crash = sum(server.handler.by_rcpt.values())
    second = subprocess.run([_exe("jianbao"), "send", "2008-06", "--yes"], cwd=workspace, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    check_server(server, count, "jianbao after crash")
    ledger = check_ledger(workspace, count)
    ok = first.returncode == 86 and second.returncode == 0 and sent_at_crash == received_at_crash == middle
    return {"killed_at": middle, "sent_in_ledger_at_kill": sent_at_crash, "received_at_kill": received_at_crash,
            "rerun_status": second.returncode, "ok": ok and ledger["states"] == {"sent": count}}


def run_mailmerge(server: CountingServer, folder: Path, args: list[str]) -> float:
    server.handler.reset()
    start = time.perf_counter()
    done = subprocess.run([_exe("mailmerge"), *args], cwd=folder, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True, stdin=subprocess.DEVNULL)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"mailmerge failed ({done.returncode}): {done.stderr[-2000:]}")
    return elapsed


def check_server(server: CountingServer, count: int, who: str) -> None:
    expected = {email for _, email in people(count)}
    got = server.handler.by_rcpt
    if set(got) != expected or any(n != 1 for n in got.values()):
        sys.exit(f"{who}: server did not receive exactly one message per recipient "
                 f"({len(got)} addresses, {sum(got.values())} messages)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--recipients", type=int, default=1000)
    parser.add_argument("-r", "--rounds", type=int, default=5)
    args = parser.parse_args()
    count = args.recipients
    with tempfile.TemporaryDirectory(prefix="send-bench-") as tmp, CountingServer() as server:
        base = Path(tmp)
        template_ws = make_workspace(base / "template-ws", count)
        docx = render(template_ws)
        mm_folder = base / "mailmerge"
        mm_args = make_mailmerge_inputs(mm_folder, template_ws, server.port, count, docx)
        ours, theirs, ledgers, sizes = [], [], [], {}
        for round_number in range(args.rounds):
            order = ("jianbao", "mailmerge") if round_number % 2 == 0 else ("mailmerge", "jianbao")
            for who in order:
                if who == "jianbao":
                    elapsed, ledger = run_jianbao(server, base, template_ws, count)
                    ours.append(elapsed)
                    ledgers.append(ledger)
                else:
                    theirs.append(run_mailmerge(server, mm_folder, mm_args))
                check_server(server, count, who)
                sizes[who] = server.handler.bytes / count
                print(f"round {round_number + 1} {who:9s} {(ours if who == 'jianbao' else theirs)[-1]:7.2f} s")
        ours_rate = count / statistics.median(ours)
        theirs_rate = count / statistics.median(theirs)
        print()
        print(f"recipients: {count}, rounds: {args.rounds}, attachment: {docx.stat().st_size} bytes")
        print(f"{'tool':10s} {'median s':>9s} {'min s':>7s} {'msg/s':>8s} {'avg msg bytes':>14s}")
        print(f"{'jianbao':10s} {statistics.median(ours):9.2f} {min(ours):7.2f} {ours_rate:8.1f} {sizes['jianbao']:14.0f}")
        print(f"{'mailmerge':10s} {statistics.median(theirs):9.2f} {min(theirs):7.2f} {theirs_rate:8.1f} "
              f"{sizes['mailmerge']:14.0f}")
        print(f"ratio jianbao/mailmerge (msg/s): {ours_rate / theirs_rate:.2f}")
        last = ledgers[-1]
        print(f"ledger: journal={last['journal']} synchronous={last['synchronous']} states={last['states']} "
              f"events={last['events']} -> {'durable, all sent' if all(l['ok'] for l in ledgers) else 'NOT OK'}")
        crash = crash_and_resume(server, base, template_ws, count)
        print(f"kill -9 style stop after message {crash['killed_at']}: ledger had {crash['sent_in_ledger_at_kill']} "
              f"sent, server had {crash['received_at_kill']}; rerun exit {crash['rerun_status']}, then exactly one "
              f"copy per recipient -> {'OK' if crash['ok'] else 'NOT OK'}")
        if not all(l["ok"] for l in ledgers) or not crash["ok"]:
            sys.exit(1)


if __name__ == "__main__":
    main()
