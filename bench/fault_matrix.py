"""The delivery fault matrix (issue 12): the real CLI against a real, misbehaving SMTP server.

Each scenario starts the aiosmtpd test server of ``tests/mail/smtp_server.py`` on 127.0.0.1,
gives it a fault, and runs ``python -m resume_customizer bulk MANIFEST --send …`` as a
subprocess (the way a user runs it) over N rows of small generated resumes with distinct
recipients, with a fresh outbox and data directory. While jobs are left pending (or failed,
which a rerun retries) it reruns the CLI, at most 3 times. Then it compares what the server
received with what the outbox says (``outbox list --json``):

* duplicates: recipients that got more than one message;
* lost: recipients that got nothing while the outbox says sent;
* reported correctly: every job's final state matches the server — sent ⇔ received once,
  failed/pending ⇔ received none; ``unknown`` is accepted only where the fault makes the
  outcome unknowable (a connection lost after the data: kill, drop after DATA, a hang after
  DATA) or where the README says so (a full disk: the rerun reports the unrecorded ones
  unknown);
* wall time of the first run.

    .venv/bin/python bench/fault_matrix.py [--rows 40] [--only NAME ...]

Default settings of the product (retry, breaker, 4 workers), except the scenarios that set
the SMTP timeout short (``RESUME_CUSTOMIZER_SMTP_TIMEOUT_S``). Needs root for the full-disk
scenario (a tmpfs); it is reported "not run" otherwise.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import signal
import ssl
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.mail.smtp_server import PASSWORD, STACK, USER, Certs, MailServer, make_resume  # noqa: E402

SENDER = "recruiter@example.com"
RUN_TIMEOUT_S = 120
MAX_RERUNS = 3


def recipient(i: int) -> str:
    return f"client{i}@example.com"


def index_of(address: str) -> int:
    try:
        return int(address.split("@")[0].removeprefix("client"))
    except ValueError:
        return -1


def make_manifest(folder: Path, rows: int) -> Path:
    (folder / "resumes").mkdir(parents=True)
    (folder / "python.txt").write_text(STACK, encoding="utf-8")
    path = folder / "manifest.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["resume", "stack", "recipient", "subject", "body"])
        for i in range(rows):
            name = f"resumes/Candidate_{i}.docx"
            (folder / name).write_bytes(make_resume(f"Candidate Number{i}"))
            writer.writerow(
                [name, "python.txt", recipient(i), "Profile: {name}", "Dear client,\nsee {filename}."]
            )
    return path


def make_certs(folder: Path) -> Certs:
    import trustme

    ca = trustme.CA()
    cert = ca.issue_cert("127.0.0.1", "localhost")
    server = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    cert.configure_cert(server)
    client = ssl.create_default_context()
    ca.configure_trust(client)
    pem = folder / "ca.pem"
    ca.cert_pem.write_to_path(str(pem))
    return Certs(server, client, pem)


@dataclass
class Ctx:
    """One scenario's world: server, folders, the command line and the environment."""

    server: MailServer
    manifest: Path
    work: Path
    outbox: Path
    data: Path
    env: dict[str, str]
    extra: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def command(self) -> list[str]:
        return [
            sys.executable, "-m", "resume_customizer", "bulk", str(self.manifest), "--send",
            "--smtp-host", "127.0.0.1", "--smtp-port", str(self.server.port),
            "--security", self.server.mode, "--sender", SENDER, "--outbox", str(self.outbox),
            *self.extra,
        ]  # fmt: skip

    def popen(self) -> subprocess.Popen[str]:
        return subprocess.Popen(
            self.command(),
            env=self.env,
            cwd=self.work,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def run(self) -> tuple[int | None, str, str]:
        proc = self.popen()
        try:
            out, err = proc.communicate(timeout=RUN_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            os.kill(proc.pid, signal.SIGKILL)
            out, err = proc.communicate()
            self.notes.append(f"a run exceeded {RUN_TIMEOUT_S}s and was killed")
            return None, out, err
        return proc.returncode, out, err

    def jobs(self) -> list[dict[str, object]]:
        done = subprocess.run(
            [sys.executable, "-m", "resume_customizer", "outbox", "list", "--json",
             "--outbox", str(self.outbox)],
            env=self.env, cwd=self.work, capture_output=True, text=True, timeout=60,
        )  # fmt: skip
        if done.returncode != 0:
            self.notes.append(f"outbox list failed: {done.stderr.strip()[:200]}")
            return []
        return json.loads(done.stdout or "[]")


def wait_for(cond: Callable[[], bool], timeout: float = RUN_TIMEOUT_S) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if cond():
            return True
        time.sleep(0.01)
    return False


# --- scenarios: each sets faults, does the first run, returns its wall time ------------------


def first_run_plain(ctx: Ctx) -> float:
    t0 = time.monotonic()
    code, out, err = ctx.run()
    ctx.notes.append(f"run 1 exit {code}: {out.splitlines()[0] if out else err.strip()[-200:]}")
    return time.monotonic() - t0


def every(k: int, reply: object, stage: str, attempts: int = 1) -> Callable[[str, str, int], object]:
    def fault(st: str, address: str, attempt: int) -> object:
        if st == stage and index_of(address) % k == k - 1 and attempt <= attempts:
            return reply
        return None

    return fault


def s_baseline(ctx: Ctx) -> float:
    return first_run_plain(ctx)


def s_421(ctx: Ctx) -> float:
    ctx.server.fault(every(5, "421 4.7.0 Try again later, closing connection", "MAIL"))
    return first_run_plain(ctx)


def s_451(ctx: Ctx) -> float:
    ctx.server.fault(every(5, "451 4.3.0 Temporary local problem", "RCPT", attempts=2))
    return first_run_plain(ctx)


def s_drop_before_data(ctx: Ctx) -> float:
    ctx.server.fault(every(7, "drop", "RCPT"))
    return first_run_plain(ctx)


def s_drop_after_data(ctx: Ctx) -> float:
    ctx.server.fault(every(10, "accept-drop", "DATA"))
    return first_run_plain(ctx)


def s_550(ctx: Ctx) -> float:
    def fault(stage: str, address: str, attempt: int) -> object:
        return "550 5.1.1 No such user" if stage == "RCPT" and address == recipient(3) else None

    ctx.server.fault(fault)
    return first_run_plain(ctx)


def s_535(ctx: Ctx) -> float:
    ctx.env["SMTP_PW"] = "not-the-password"
    t = first_run_plain(ctx)
    ctx.notes.append(f"AUTH commands in run 1: {ctx.server.auth_attempts}")
    ctx.env["SMTP_PW"] = PASSWORD  # fixed before the reruns
    return t


def s_hang_before_data(ctx: Ctx) -> float:
    ctx.env["RESUME_CUSTOMIZER_SMTP_TIMEOUT_S"] = "2"
    ctx.server.fault(every(8, ("sleep", 5.0), "MAIL"))
    return first_run_plain(ctx)


def s_hang_after_data(ctx: Ctx) -> float:
    ctx.env["RESUME_CUSTOMIZER_SMTP_TIMEOUT_S"] = "2"
    ctx.server.fault(every(10, ("accept-sleep", 5.0), "DATA"))
    return first_run_plain(ctx)


def s_restart(ctx: Ctx, rows: int) -> float:
    server = ctx.server
    server.handler.data_delay = 0.05  # a relay's answer time, so the restart lands mid-run
    down: list[float] = []

    def restarter() -> None:
        if wait_for(lambda: len(server.received) >= rows // 3):
            down.append(server.restart(3.0))

    thread = threading.Thread(target=restarter, daemon=True)
    thread.start()
    t = first_run_plain(ctx)
    thread.join(timeout=30)
    ctx.notes.append(f"server down {down[0]:.1f}s" if down else "the restart never happened")
    server.handler.data_delay = 0.0
    return t


def s_kill(ctx: Ctx, rows: int) -> float:
    server = ctx.server
    server.handler.data_delay = 0.3  # accepted, then 0.3 s before the reply: the kill lands in DATA
    t0 = time.monotonic()
    proc = ctx.popen()
    wait_for(lambda: len(server.received) >= rows // 3 or proc.poll() is not None)
    os.kill(proc.pid, signal.SIGKILL)
    proc.communicate(timeout=30)
    t = time.monotonic() - t0
    ctx.notes.append(f"killed (rc {proc.returncode}) after {len(server.received)} received")
    server.handler.data_delay = 0.0
    return t


def s_concurrent(ctx: Ctx) -> float:
    ctx.server.handler.data_delay = 0.02
    t0 = time.monotonic()
    procs = [ctx.popen(), ctx.popen()]
    for n, proc in enumerate(procs, 1):
        try:
            out, err = proc.communicate(timeout=RUN_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            os.kill(proc.pid, signal.SIGKILL)
            out, err = proc.communicate()
        ctx.notes.append(
            f"run 1.{n} exit {proc.returncode}: {out.splitlines()[0] if out else err.strip()[-200:]}"
        )
        ctx.notes += [
            f"run 1.{n} said: {line.strip()[:160]}" for line in out.splitlines() if "unknown" in line[:12]
        ]
    ctx.server.handler.data_delay = 0.0
    return time.monotonic() - t0


def s_full_disk(ctx: Ctx, rows: int, disk: Path) -> float:
    from tests.full_disk import fill

    filler: list[Path] = []
    lock = threading.Lock()
    accepted = {"n": 0}

    def fault(stage: str, address: str, attempt: int) -> object:
        if stage == "DATA":
            with lock:
                accepted["n"] += 1
                if accepted["n"] == rows // 2:
                    filler.append(fill(disk))
        return None

    ctx.server.fault(fault)
    t = first_run_plain(ctx)
    if filler:
        filler[0].unlink()  # room again for the reruns
        ctx.notes.append(f"disk filled at the {rows // 2}th message; freed before the rerun")
    else:
        ctx.notes.append("the disk was never filled")
    ctx.server.handler.faults.clear()
    return t


# --- the runner ---------------------------------------------------------------------------


@dataclass
class Row:
    name: str
    delivered: int = 0
    duplicates: int = 0
    lost: int = 0
    correct: str = ""
    wall: float = 0.0
    reruns: int = 0
    states: str = ""
    notes: list[str] = field(default_factory=list)
    not_run: str = ""


def base_env(data: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RESUME_CUSTOMIZER_")}
    env["PYTHONPATH"] = str(REPO)
    env["RESUME_CUSTOMIZER_DATA_DIR"] = str(data)
    return env


def judge(ctx: Ctx, row: Row, rows: int, unknown_ok: bool) -> None:
    received = Counter(r for got in ctx.server.received for r in got.rcpt_tos)
    jobs = ctx.jobs()
    states: dict[str, str] = {}
    for job in jobs:
        for r in job.get("recipients", []):  # type: ignore[union-attr]
            address = str(r)
            if "<" in address:
                address = address.split("<", 1)[1].rstrip(">")
            states[address] = str(job["state"])
    row.delivered = sum(1 for i in range(rows) if received[recipient(i)] >= 1)
    row.duplicates = sum(1 for i in range(rows) if received[recipient(i)] > 1)
    row.lost = sum(
        1 for i in range(rows) if received[recipient(i)] == 0 and states.get(recipient(i)) == "sent"
    )
    wrong: list[str] = []
    for i in range(rows):
        a, n, s = recipient(i), received[recipient(i)], states.get(recipient(i), "absent")
        ok = (
            (s == "sent" and n == 1)
            or (s in ("failed", "pending") and n == 0)
            or (s == "unknown" and unknown_ok and n <= 1)
        )
        if not ok:
            wrong.append(f"{a}: {s}, received {n}")
    unknown = [i for i in range(rows) if states.get(recipient(i)) == "unknown"]
    if unknown:
        got = sum(received[recipient(i)] for i in unknown)
        row.notes.append(f"of the {len(unknown)} unknown, {got} had reached the server")
    row.states = ", ".join(f"{k} {v}" for k, v in sorted(Counter(states.values()).items()))
    row.correct = "yes" if not wrong else f"NO ({len(wrong)})"
    if wrong:
        row.notes.append("wrong: " + "; ".join(wrong[:6]) + (" …" if len(wrong) > 6 else ""))


def run_scenario(name: str, rows: int, manifest: Path, certs: Certs | None, root: Path) -> Row:
    row = Row(name)
    work = Path(tempfile.mkdtemp(prefix=f"{name}-", dir=root))
    disk_cm = None
    place = work
    if name == "full disk":
        from tests.full_disk import small_filesystem

        disk_cm = small_filesystem(8 * 1024)
        try:
            place = disk_cm.__enter__()
        except BaseException as exc:  # pytest.skip raises a BaseException subclass
            row.not_run = f"no tmpfs: {exc}"
            return row
    mode = "starttls" if name == "535 wrong password" else "plain"
    server = MailServer(mode, certs if mode == "starttls" else None).start()
    ctx = Ctx(server, manifest, work, place / "outbox.sqlite3", place / "data", base_env(place / "data"))
    if mode == "starttls":
        assert certs is not None
        ctx.extra += ["--ca-file", str(certs.ca_pem), "--user", USER, "--password-env", "SMTP_PW"]
    unknown_ok = name in ("drop after DATA", "hang after DATA", "SIGKILL mid-run", "full disk")
    try:
        if name == "baseline":
            row.wall = s_baseline(ctx)
        elif name == "421 transient":
            row.wall = s_421(ctx)
        elif name == "451 transient":
            row.wall = s_451(ctx)
        elif name == "drop before DATA":
            row.wall = s_drop_before_data(ctx)
        elif name == "drop after DATA":
            row.wall = s_drop_after_data(ctx)
        elif name == "550 one recipient":
            row.wall = s_550(ctx)
        elif name == "535 wrong password":
            row.wall = s_535(ctx)
        elif name == "hang before DATA":
            row.wall = s_hang_before_data(ctx)
        elif name == "hang after DATA":
            row.wall = s_hang_after_data(ctx)
        elif name == "3 s restart":
            row.wall = s_restart(ctx, rows)
        elif name == "SIGKILL mid-run":
            row.wall = s_kill(ctx, rows)
        elif name == "2 runs, 1 outbox":
            row.wall = s_concurrent(ctx)
        elif name == "full disk":
            row.wall = s_full_disk(ctx, rows, place)
        before_reruns = len(server.received)
        for n in range(1, MAX_RERUNS + 1):
            jobs = ctx.jobs()
            left = [j for j in jobs if j["state"] in ("pending", "sending", "failed")]
            if len(jobs) == rows and not left:
                break
            if n > 1 and all(j["state"] == "failed" for j in left) and name == "550 one recipient":
                break  # a permanent failure: one rerun is enough to see it is not retried forever
            code, out, err = ctx.run()
            row.reruns = n
            ctx.notes.append(f"rerun {n} exit {code}: {out.splitlines()[0] if out else err.strip()[-200:]}")
        if name == "535 wrong password":
            ctx.notes.append(f"AUTH commands in all: {server.auth_attempts}")
        if len(server.received) > before_reruns:
            ctx.notes.append(f"reruns delivered {len(server.received) - before_reruns}")
        judge(ctx, row, rows, unknown_ok)
    finally:
        server.stop()
        row.notes[:0] = ctx.notes
        if disk_cm is not None:
            disk_cm.__exit__(None, None, None)
    return row


SCENARIOS = [
    "baseline",
    "421 transient",
    "451 transient",
    "drop before DATA",
    "drop after DATA",
    "550 one recipient",
    "535 wrong password",
    "hang before DATA",
    "hang after DATA",
    "3 s restart",
    "SIGKILL mid-run",
    "2 runs, 1 outbox",
    "full disk",
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=40)
    parser.add_argument("--only", action="append", help="run only scenarios whose name contains this")
    args = parser.parse_args()
    rows = args.rows
    root = Path(tempfile.mkdtemp(prefix="fault-matrix-"))
    try:
        manifest = make_manifest(root / "job", rows)
        certs = make_certs(root)
        results: list[Row] = []
        for name in SCENARIOS:
            if args.only and not any(o in name for o in args.only):
                continue
            print(f"… {name}", file=sys.stderr, flush=True)
            t0 = time.monotonic()
            row = run_scenario(name, rows, manifest, certs, root)
            print(f"  done in {time.monotonic() - t0:.1f}s: {row}", file=sys.stderr, flush=True)
            results.append(row)
    finally:
        shutil.rmtree(root, ignore_errors=True)

    print(f"\nFault matrix, {rows} rows, real CLI subprocesses against aiosmtpd on 127.0.0.1\n")
    print(
        "| scenario | delivered | duplicates | lost | reported correctly "
        "| wall time (run 1) | reruns | final states |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for r in results:
        if r.not_run:
            print(f"| {r.name} | not run | | | | | | {r.not_run} |")
            continue
        print(
            f"| {r.name} | {r.delivered}/{rows} | {r.duplicates} | {r.lost} | {r.correct} | "
            f"{r.wall:.1f} s | {r.reruns} | {r.states} |"
        )
    print("\nNotes:")
    for r in results:
        for note in r.notes:
            print(f"- {r.name}: {note}")
    bad = [r for r in results if not r.not_run and (r.duplicates or r.lost or r.correct != "yes")]
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
