"""Benchmark: what open tabs cost the server, idle and all at once, against one session alone.

Starts the real app (``streamlit run app.py`` on 127.0.0.1, a private data directory) and
drives it with Playwright and Debian's chromium (one browser, one context per session).
Measured in one run:

* idle: the server process's CPU (% of one core, psutil) over ``--idle`` seconds with 0, 1
  and 4 tabs open and untouched; per tab = (4 tabs - 0 tabs) / 4
  (goal: at most 0.5 % of a core per idle tab);
* load: one session alone, then ``--sessions`` (8) at once, each with its own resume (the
  public samples, so no session is served from another's cache): page load (until the
  uploader's prompt shows), upload verdict (until "1 ready" shows), preview (from the click
  until the highlighted bullets show); medians, and the server's CPU seconds for the round
  (goal: preview median under 1 s with 8 at once).

Each step is timed twice: as the recruiter sees it (until the page shows the result), and as
the server answers it (from the browser's rerun request to the server's "script finished",
both read off the websocket by the browser's network layer). Here the browsers share the
machine with the server — eight chromium renderers on two cores — so the first includes
their own work; they run at a lower priority (nice 10), standing in for the recruiters' own
machines, and the figures of the machine's CPU (server, browsers, anything else) are printed.

    python bench/bench_sessions.py [--idle 15] [--sessions 8]

Needs /usr/bin/chromium and Playwright for Python. Takes about two minutes.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SAMPLES = ROOT.parent / "shared" / "eval" / "public"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
BROWSER_NICE = 10
IDLE_GOAL_PCT = 0.5
PREVIEW_GOAL_S = 1.0
SETTLE_S = 3.0  # after tabs open, before the idle window: their first runs are not idling
ANSWER_GRACE_S = 2.0  # how long to wait for the websocket frames of a step already seen
TIMEOUT_MS = 120_000
STACK = """Kafka
• Built streaming pipelines for claims events.
• Tuned consumer lag alerts on the claims topics.
Terraform:
- Wrote Terraform modules for the data platform.
- Automated drift checks in CI."""


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def resumes(n: int, samples: Path) -> list[tuple[Path, str]]:
    """``n`` distinct (docx path, stack text): the public samples, else built layouts."""
    found = sorted(samples.glob("*.docx"))
    if len(found) >= n:
        out = []
        for path in found[:n]:
            stack = path.with_suffix(".stack.txt")
            out.append((path, stack.read_text() if stack.exists() else STACK))
        return out
    from tests.resume.layouts import ALL_LAYOUTS

    folder = Path(tempfile.mkdtemp(prefix="bench-sessions-resumes-"))
    built = []
    for i in range(n):
        layout = ALL_LAYOUTS[i % len(ALL_LAYOUTS)]()
        path = folder / f"{layout.name}-{i}.docx"
        # A different name per copy keeps the page's content caches apart.
        path.write_bytes(layout.docx)
        built.append((path, STACK))
    return built


def cpu_s(processes: list[psutil.Process]) -> float:
    """CPU seconds (user + system) of these processes so far (those that have ended count 0)."""
    total = 0.0
    for p in processes:
        try:
            t = p.cpu_times()
        except psutil.Error:
            continue
        total += t.user + t.system
    return total


def machine_cpu_s() -> float:
    """CPU seconds the whole machine has spent so far (every core, every process)."""
    t = psutil.cpu_times()
    return float(sum(t) - t.idle - getattr(t, "iowait", 0.0))


def browser_processes() -> list[psutil.Process]:
    """This benchmark's descendants but the server: Playwright's driver and chromium's processes."""
    found = psutil.Process().children(recursive=True)
    servers = {p.pid for p in found if "streamlit" in " ".join(_cmdline(p))}
    for p in list(found):
        try:
            if p.pid in servers or any(a.pid in servers for a in p.parents()):
                found.remove(p)
        except psutil.Error:
            found.remove(p)
    return found


def _cmdline(p: psutil.Process) -> list[str]:
    try:
        return p.cmdline()
    except psutil.Error:
        return []


def lower_browser_priority() -> None:
    """Nice the browsers, so that they take only the CPU the server leaves."""
    for p in browser_processes():
        try:
            if p.nice() < BROWSER_NICE:
                p.nice(BROWSER_NICE)
        except psutil.Error:
            pass


class Server:
    """``streamlit run app.py`` in a subprocess, and its CPU time."""

    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.work = Path(tempfile.mkdtemp(prefix="bench-sessions-"))
        self.log = self.work / "streamlit.log"
        env = {
            **os.environ,
            "RESUME_CUSTOMIZER_DATA_DIR": str(self.work / "data"),
            "RESUME_CUSTOMIZER_LOG_CONSOLE": "false",
            # Every tab comes from 127.0.0.1: the per-address limits would count them as one user.
            "RESUME_CUSTOMIZER_RATELIMIT_PREVIEW": "10000 per minute",
        }
        command = [
            sys.executable, "-m", "streamlit", "run", "app.py",
            "--server.headless", "true",
            "--server.address", "127.0.0.1",
            "--server.port", str(self.port),
            "--browser.gatherUsageStats", "false",
            # Other work on the tree must not reload the app in the middle of a measurement.
            "--server.fileWatcherType", "none",
        ]  # fmt: skip
        with self.log.open("wb") as out:
            self.proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
        self.ps = psutil.Process(self.proc.pid)

    def wait_healthy(self, timeout: float = 60.0) -> None:
        """Until /_stcore/health says ok."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"streamlit exited: {self.log.read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as answer:
                    if answer.read().strip() == b"ok":
                        return
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.2)
        raise RuntimeError(f"streamlit did not start: {self.log.read_text()[-2000:]}")

    def cpu_s(self) -> float:
        """CPU seconds (user + system) of the server and its live children so far."""
        try:
            return cpu_s([self.ps, *self.ps.children(recursive=True)])
        except psutil.Error:
            return 0.0

    def rss_mb(self) -> float:
        """The server's resident memory, in MB."""
        return float(self.ps.memory_info().rss / (1024 * 1024))

    def stop(self) -> None:
        """Terminate the server, then kill it if it lingers."""
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=10)


@dataclass
class Frames:
    """The websocket frames of one page, as its browser's network layer saw them (CDP)."""

    seen: list[tuple[float, str]] = field(default_factory=list)  # (browser clock, "rerun" / "finished")

    def take(self, direction: str, event: dict[str, Any]) -> None:
        """Keep a rerun request sent, or a full script run's end received."""
        from streamlit.proto.BackMsg_pb2 import BackMsg
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        response = event["response"]
        if response.get("opcode") != 2:  # binary frames only
            return
        payload = base64.b64decode(response["payloadData"])
        if direction == "sent":
            back = BackMsg()
            back.ParseFromString(payload)
            if back.WhichOneof("type") == "rerun_script":
                self.seen.append((event["timestamp"], "rerun"))
            return
        if len(payload) > 64:  # a script_finished message is a few bytes; skip the deltas unread
            return
        forward = ForwardMsg()
        forward.ParseFromString(payload)
        if forward.WhichOneof("type") == "script_finished":
            self.seen.append((event["timestamp"], "finished"))

    def mark(self) -> int:
        """Where the next step's frames begin."""
        return len(self.seen)

    async def answer(self, since: int) -> float:
        """From the step's first rerun request to its last run's end, in seconds (nan if none)."""
        deadline = time.monotonic() + ANSWER_GRACE_S
        while True:
            step = self.seen[since:]
            reruns = [t for t, kind in step if kind == "rerun"]
            ends = [t for t, kind in step if kind == "finished" and reruns and t >= reruns[0]]
            if ends or time.monotonic() > deadline:
                return ends[-1] - reruns[0] if ends else float("nan")
            await asyncio.sleep(0.05)


@dataclass
class Round:
    """One session's timings in seconds: seen in the browser, and the server's answer."""

    load: float
    verdict: float
    preview: float
    load_answer: float = float("nan")
    verdict_answer: float = float("nan")
    preview_answer: float = float("nan")


async def open_tab(browser: Any, url: str) -> tuple[Any, Frames, float, float]:
    """A new context and page at the app: its frames, the load time seen and answered."""
    context = await browser.new_context(viewport={"width": 1400, "height": 1000})
    page = await context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    frames = Frames()
    cdp = await context.new_cdp_session(page)
    await cdp.send("Network.enable")
    cdp.on("Network.webSocketFrameSent", lambda e: frames.take("sent", e))
    cdp.on("Network.webSocketFrameReceived", lambda e: frames.take("received", e))
    lower_browser_priority()  # the new context's renderer
    t0 = time.perf_counter()
    await page.goto(url)
    await page.get_by_text("Upload one or more resumes").wait_for()
    seen = time.perf_counter() - t0
    return context, frames, seen, await frames.answer(0)


async def timed_step(
    frames: Frames, act: Callable[[], Awaitable[None]], shown: Callable[[], Awaitable[None]]
) -> tuple[float, float]:
    """Do ``act``, wait until ``shown``: the time seen, and the server's answer time."""
    since = frames.mark()
    t0 = time.perf_counter()
    await act()
    await shown()
    return time.perf_counter() - t0, await frames.answer(since)


async def session_round(browser: Any, url: str, docx: Path, stack: str) -> Round:
    """Load the page, upload one resume, paste its stack, press Preview: each step timed."""
    context, frames, load, load_answer = await open_tab(browser, url)
    page = context.pages[0]
    uploader = page.locator('[data-testid="stFileUploader"] input[type="file"]')
    verdict, verdict_answer = await timed_step(
        frames,
        lambda: uploader.set_input_files([str(docx)]),
        lambda: page.get_by_text(re.compile(r"^1 ready, 0 refused")).wait_for(),
    )
    box = page.get_by_role("textbox", name="Tech stack with bullet points")
    await box.fill(stack)
    await box.press("Control+Enter")
    await page.get_by_text(re.compile(r"✓ Read \d+ tech")).first.wait_for()
    preview, preview_answer = await timed_step(
        frames,
        lambda: page.get_by_role("button", name="Preview", exact=True).click(),
        lambda: page.locator("mark.rc-inserted").first.wait_for(),
    )
    await context.close()
    return Round(load, verdict, preview, load_answer, verdict_answer, preview_answer)


async def idle_cpu(server: Server, browser: Any, counts: list[int], idle_s: float) -> dict[int, float]:
    """The server's CPU % of one core over ``idle_s`` with each count of untouched tabs open."""
    contexts: list[Any] = []
    out: dict[int, float] = {}
    for n in counts:
        while len(contexts) < n:
            contexts.append((await open_tab(browser, server.url))[0])
        await asyncio.sleep(SETTLE_S)
        c0, t0 = server.cpu_s(), time.perf_counter()
        await asyncio.sleep(idle_s)
        out[n] = (server.cpu_s() - c0) / (time.perf_counter() - t0) * 100
        print(f"  idle, {n} tab(s): {out[n]:6.2f} % of a core", flush=True)
    for context in contexts:
        await context.close()
    return out


class BrowserCpu:
    """CPU seconds of the browser's processes over a while, renderers that end meanwhile included.

    A context's renderer takes its CPU time with it when it ends, so the processes are read
    every ``every`` seconds and each one's last reading counts.
    """

    def __init__(self, every: float = 0.5) -> None:
        self.every = every
        self.first: dict[int, float] = {}
        self.last: dict[int, float] = {}
        self.task: asyncio.Task[None] | None = None

    def read(self) -> None:
        """Read every browser process once."""
        for p in browser_processes():
            try:
                t = p.cpu_times()
            except psutil.Error:
                continue
            self.last[p.pid] = t.user + t.system
            self.first.setdefault(p.pid, self.last[p.pid] if self.task is None else 0.0)

    async def _loop(self) -> None:
        while True:
            await asyncio.sleep(self.every)
            self.read()

    def start(self) -> None:
        """The readings before the round: what the processes alive now had already spent."""
        self.read()
        self.task = asyncio.get_running_loop().create_task(self._loop())

    def stop(self) -> float:
        """Stop reading; the CPU seconds spent since ``start``."""
        assert self.task is not None
        self.task.cancel()
        self.read()
        return sum(self.last[pid] - self.first.get(pid, 0.0) for pid in self.last)


@dataclass
class LoadRound:
    """Sessions at once: each one's timings, and the CPU seconds spent meanwhile."""

    rounds: list[Round]
    wall_s: float
    server_s: float
    browser_s: float
    machine_s: float


async def load_round(server: Server, browser: Any, files: list[tuple[Path, str]]) -> LoadRound:
    """Every file's session at once."""
    browsers = BrowserCpu()
    browsers.start()
    s0, m0, t0 = server.cpu_s(), machine_cpu_s(), time.perf_counter()
    rounds = await asyncio.gather(*(session_round(browser, server.url, d, s) for d, s in files))
    wall, server_s, machine_s = time.perf_counter() - t0, server.cpu_s() - s0, machine_cpu_s() - m0
    return LoadRound(list(rounds), wall, server_s, browsers.stop(), machine_s)


def median(values: list[float]) -> float:
    """The median of the values that were measured (nan if none was)."""
    found = [v for v in values if v == v]
    return statistics.median(found) if found else float("nan")


def print_round(alone: LoadRound, many: LoadRound, sessions: int) -> None:
    """The figures of one session alone beside ``sessions`` at once, with their ratios."""

    def line(label: str, a: float, b: float) -> None:
        ratio = b / a if a > 0 else float("inf")
        print(f"{label:34} {a:9.2f} {b:11.2f} {ratio:6.1f}x")

    def step(attr: str) -> tuple[float, float]:
        return median([getattr(r, attr) for r in alone.rounds]), median(
            [getattr(r, attr) for r in many.rounds]
        )

    print(f"{'':34} {'1 alone':>9} {f'{sessions} at once':>11} {'ratio':>7}")
    for label, attr in (("page load", "load"), ("upload verdict", "verdict"), ("preview", "preview")):
        line(f"{label}, seen, median s", *step(attr))
        line(f"{label}, server answer, median s", *step(f"{attr}_answer"))
    line("server CPU s (round)", alone.server_s, many.server_s)
    line("server CPU s per session", alone.server_s, many.server_s / sessions)
    line("browser CPU s per session", alone.browser_s, many.browser_s / sessions)
    rest = many.machine_s - many.server_s - many.browser_s
    print(
        f"{sessions} at once took {many.wall_s:.1f} s, the machine spent {many.machine_s:.1f} CPU s in it: "
        f"server {many.server_s:.1f}, browsers {many.browser_s:.1f}, anything else {rest:.1f}"
    )


async def run(idle_s: float, sessions: int, samples: Path) -> int:
    """Start the app, measure, print; 0 when both goals are met."""
    from playwright.async_api import async_playwright

    files = resumes(sessions + 1, samples)
    server = Server()
    try:
        server.wait_healthy()
        async with async_playwright() as pw:
            browser = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            lower_browser_priority()
            # Warm-up: the first script run imports the package; no session should pay for it.
            await (await open_tab(browser, server.url))[0].close()
            print(f"idle tabs, {idle_s:.0f} s each:")
            idle = await idle_cpu(server, browser, [0, 1, 4], idle_s)
            alone = await load_round(server, browser, files[:1])
            many = await load_round(server, browser, files[1 : sessions + 1])
            rss = server.rss_mb()
            await browser.close()
    finally:
        server.stop()

    per_tab = (idle[4] - idle[0]) / 4
    print()
    print(f"idle server, no tab:       {idle[0]:6.2f} % of a core")
    print(f"idle, 1 tab:               {idle[1]:6.2f} %   (+{idle[1] - idle[0]:.2f})")
    print(f"idle, 4 tabs:              {idle[4]:6.2f} %   (+{idle[4] - idle[0]:.2f})")
    print(f"idle, per tab:             {per_tab:6.2f} %   (goal <= {IDLE_GOAL_PCT} %)")
    print()
    print_round(alone, many, sessions)
    print(f"server memory at the end: {rss:.0f} MB")
    idle_ok = per_tab <= IDLE_GOAL_PCT
    seen = median([r.preview for r in many.rounds])
    answered = median([r.preview_answer for r in many.rounds])
    print()
    print(f"goal idle tab <= {IDLE_GOAL_PCT} % of a core: {'met' if idle_ok else 'NOT met'}")
    for how, value in (("seen", seen), ("server answer", answered)):
        verdict = "met" if value < PREVIEW_GOAL_S else "NOT met"
        print(f"goal {sessions} at once, preview median < {PREVIEW_GOAL_S:.0f} s ({how}): {verdict}")
    return 0 if idle_ok and answered < PREVIEW_GOAL_S else 1


def main() -> int:
    """Parse the arguments and run the benchmark."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--idle", type=float, default=15.0, help="seconds of each idle window")
    ap.add_argument("--sessions", type=int, default=8, help="sessions at once")
    ap.add_argument("--samples", type=Path, default=SAMPLES, help="folder of .docx (+ .stack.txt)")
    args = ap.parse_args()
    if not Path(CHROMIUM).exists():
        print(f"{CHROMIUM} is missing (apt-get install -y chromium)", file=sys.stderr)
        return 2
    return asyncio.run(run(args.idle, args.sessions, args.samples))


if __name__ == "__main__":
    raise SystemExit(main())
