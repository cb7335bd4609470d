"""Benchmark: bulk tailor-and-send with the default settings against the naive loop, same run.

A local aiosmtpd server (its own process, so its CPU is not ours) takes 20 ms per message
before it answers, like a real relay. Then, for the same N resumes (the public samples in
../shared/eval/public, cycled; python-docx resumes when they are absent):

* ``bulk``        ``run_bulk`` with the default settings: 4 workers, one connection each,
                  the outbox in a temp folder, retries and breaker on — tailor + send;
* ``sequential``  the naive loop: for each resume, tailor, open a connection, send, QUIT —
                  tailor + send, one connection per message, in sequence (the baseline);
* ``send-only``   the same naive loop over already tailored resumes, for reference.

Every one of the N resumes is a byte-distinct file (a sample with its own zip comment), so
the bulk runner's reuse of one tailoring for identical (resume, stack) pairs never applies.

Each variant runs ``--repeat`` times, in rounds (fresh recipients and outbox each time); the
median time is reported as messages per second, and the ratio bulk / sequential (target >= 4x
on 2 cores), also per round since a shared machine's load changes between rounds. The
tailoring processes start once per process, as in the app: a first small run starts them and
is timed apart. Every message is counted at the server.

    python bench/bench_bulk_send.py [--n 100] [--delay-ms 20] [--repeat 3]
"""

from __future__ import annotations

import argparse
import asyncio
import io
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from resume_customizer.config import Settings  # noqa: E402
from resume_customizer.mail.bulk import BulkItem, engine_tailor, run_bulk, smtp_sender_factory  # noqa: E402
from resume_customizer.mail.message import build_message, new_message_id  # noqa: E402
from resume_customizer.mail.outbox import Outbox  # noqa: E402
from resume_customizer.mail.transport import SmtpConfig, SmtpTransport  # noqa: E402

SAMPLES = ROOT.parent / "shared" / "eval" / "public"
SENDER = "bench@example.com"
STACK = "Python\n• Built REST APIs with FastAPI\n• Wrote pytest suites\nAWS\n• Deployed services on ECS"


# -- the server (run as a separate process) ---------------------------------------------------


class _SlowHandler:
    def __init__(self, delay: float, log: Path) -> None:
        self.delay = delay
        self.log = log

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
        await asyncio.sleep(self.delay)
        with self.log.open("a", encoding="utf-8") as fh:
            fh.write(" ".join(envelope.rcpt_tos) + "\n")
        return "250 OK"


def serve(port: int, delay_ms: float, log: Path) -> None:
    """Run the slow SMTP server until killed."""
    from aiosmtpd.controller import Controller

    controller = Controller(_SlowHandler(delay_ms / 1000, log), hostname="127.0.0.1", port=port)
    controller.start()
    print("ready", flush=True)
    try:
        while True:
            time.sleep(3600)
    finally:
        controller.stop()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# -- the work ----------------------------------------------------------------------------------


def _resumes() -> list[tuple[str, bytes, str]]:
    """(file name, .docx bytes, stack text) of the sample resumes."""
    found = sorted(SAMPLES.glob("*.docx")) if SAMPLES.is_dir() else []
    out = []
    for path in found:
        stack = path.with_name(path.name[: -len(".docx")] + ".stack.txt")
        out.append(
            (path.name, path.read_bytes(), stack.read_text(encoding="utf-8") if stack.exists() else STACK)
        )
    if out:
        return out
    import docx

    for i in range(10):
        d = docx.Document()
        d.add_heading(f"Candidate {i}", 0)
        d.add_heading("Professional Experience", 1)
        for company in ("Acme Corp", "Globex", "Initech"):
            d.add_paragraph(f"{company} — Engineer    Jan 2020 – Dec 2022")
            for j in range(4):
                d.add_paragraph(f"Delivered outcome {j} at {company}", style="List Bullet")
        buf = io.BytesIO()
        d.save(buf)
        out.append((f"candidate_{i}.docx", buf.getvalue(), STACK))
    return out


def _distinct(data: bytes, i: int) -> bytes:
    """A byte-distinct copy of a resume (a zip comment), so no item can reuse another's work."""
    zin = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info, zin.read(info))
        zout.comment = f"bench copy {i}".encode()
    return out.getvalue()


def _items(resumes: list[tuple[str, bytes, str]], n: int, tag: str) -> list[BulkItem]:
    return [
        BulkItem(
            resume=_distinct(resumes[i % len(resumes)][1], i),
            filename=resumes[i % len(resumes)][0],
            stack_text=resumes[i % len(resumes)][2],
            recipients=f"{tag}{i}@example.com",
            subject="Resume: {name}",
        )
        for i in range(n)
    ]


def run_pipeline(items: list[BulkItem], config: SmtpConfig, settings: Settings, folder: Path) -> int:
    """The product: run_bulk with the default settings; returns how many were sent."""
    outbox = Outbox.open(folder / "outbox.sqlite3")
    summary = run_bulk(
        items,
        sender=SENDER,
        outbox=outbox,
        make_sender=smtp_sender_factory(config, retry=settings.retry, breaker=settings.breaker),
        tailor=engine_tailor(settings.tailor.projects),
        workers=settings.bulk.workers,
        rate_per_minute=settings.bulk.rate_per_minute,
    )
    return len(summary.of("sent"))


def run_sequential(
    items: list[BulkItem], config: SmtpConfig, tailor: Callable[[bytes, str], bytes] | None
) -> int:
    """The naive loop: (tailor,) connect, send, quit — one message at a time."""
    sent = 0
    for item in items:
        data = tailor(item.resume, item.stack_text) if tailor else item.resume
        outgoing = build_message(
            sender=SENDER,
            recipients=[item.recipients],
            subject=f"Resume: {item.filename}",
            body="Hello,\nthe resume is attached.\n",
            attachment=data,
            filename=item.filename,
            message_id=new_message_id(SENDER),
        )
        with SmtpTransport(config) as transport:
            transport.send(outgoing)
        sent += 1
    return sent


def main() -> int:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=100)
    parser.add_argument("--delay-ms", type=float, default=20.0)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--serve", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--log", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve, args.delay_ms, args.log)
        return 0

    settings = Settings()
    resumes = _resumes()
    tailor = engine_tailor(settings.tailor.projects)
    tailored = {name: tailor(data, stack) for name, data, stack in resumes}  # warm-up, and send-only input
    with tempfile.TemporaryDirectory(prefix="bench-bulk-") as tmp:
        folder = Path(tmp)
        port = _free_port()
        log = folder / "received.log"
        server = subprocess.Popen(
            [
                sys.executable,
                __file__,
                "--serve",
                str(port),
                "--delay-ms",
                str(args.delay_ms),
                "--log",
                str(log),
            ],
            stdout=subprocess.PIPE,
            text=True,
        )
        try:
            assert server.stdout is not None and server.stdout.readline().strip() == "ready"
            config = SmtpConfig(
                host="127.0.0.1", port=port, security="plain", timeout_s=settings.smtp.timeout_s
            )
            times: dict[str, list[float]] = {"bulk": [], "sequential": [], "send-only": []}
            # The tailoring processes start once per process and then serve every run (as in
            # the app); their start-up is timed apart, with a first small run.
            t0 = time.perf_counter()
            warm = folder / "warm-up"
            warm.mkdir()
            run_pipeline(_items(resumes, 8, "warm-"), config, settings, warm)
            startup = time.perf_counter() - t0
            expected = 8
            for r in range(args.repeat):
                for name in ("sequential", "bulk", "send-only"):
                    items = _items(resumes, args.n, f"{name}-{r}-")
                    if name == "send-only":
                        items = [
                            BulkItem(tailored[i.filename], i.filename, i.stack_text, i.recipients, i.subject)
                            for i in items
                        ]
                    t0 = time.perf_counter()
                    if name == "bulk":
                        run_folder = folder / f"run{r}"
                        run_folder.mkdir()
                        sent = run_pipeline(items, config, settings, run_folder)
                    else:
                        sent = run_sequential(items, config, tailor if name == "sequential" else None)
                    times[name].append(time.perf_counter() - t0)
                    assert sent == args.n, f"{name}: only {sent} of {args.n} sent"
                    expected += args.n
            received = len(log.read_text(encoding="utf-8").splitlines())
            assert received == expected, f"the server received {received} messages, expected {expected}"
        finally:
            server.kill()
            server.wait()

    rate = {k: args.n / statistics.median(v) for k, v in times.items()}
    print(
        f"{args.n} resumes, server delay {args.delay_ms:g} ms/message, {os.cpu_count()} CPU(s), "
        f"median of {args.repeat} runs, {received} messages received in all"
    )
    labels = {
        "bulk": f"bulk, default settings ({settings.bulk.workers} workers), tailor+send",
        "sequential": "sequential, one connection per message, tailor+send",
        "send-only": "sequential, one connection per message, send only",
    }
    for key, label in labels.items():
        runs = " ".join(f"{args.n / t:.1f}" for t in times[key])
        print(f"  {label:55} {rate[key]:7.1f} msg/s  (runs: {runs})")
    # Rounds run back to back, so a round's ratio compares runs made under the same machine load.
    ratios = [s / b for b, s in zip(times["bulk"], times["sequential"], strict=True)]
    shown = " ".join(f"{r:.2f}" for r in ratios)
    print(f"  ratio bulk / sequential, tailor+send: {rate['bulk'] / rate['sequential']:.2f}x (target >= 4x)")
    print(f"    per round: {shown}; median {statistics.median(ratios):.2f}x, best {max(ratios):.2f}x")
    print(f"  ratio bulk / sequential send-only:    {rate['bulk'] / rate['send-only']:.2f}x")
    print(f"  first bulk run of the process (8 items, tailoring processes starting): {startup:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
