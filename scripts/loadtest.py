"""Many users at once, and one user for a long time: ``make loadtest``.

Loopback only, bounded in count and time. Starts one real Streamlit server and drives it
from headless Chromium (Playwright), then writes its figures into BENCHMARKS.md between the
``loadtest:begin``/``loadtest:end`` markers (text outside them is kept).

Load: SESSIONS browser sessions at once for DURATION seconds. Each session has its own
search word and keeps choosing stops and stepping playback; after every action it checks
that the page still shows *its* filter result, *its* markers and *its* selected stop (one
session's state never leaks into another's). Server memory (VmRSS) is read after the first
session has drawn its map and at the end; the server log must hold no error.

Soak: SOAK_CHANGES consecutive filter changes in one session (search text alternating
between two words), checking each result, with server memory before and after.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import random
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from playwright.async_api import Page, async_playwright, expect

from itinerary.filtering import StopFilter, filter_stops
from itinerary.format.loader import load_journey

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data" / "kim-russia-2023.yaml"
MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
BEGIN, END = "<!-- loadtest:begin -->", "<!-- loadtest:end -->"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]  # fmt: skip
# Each session searches its own word; the expected result comes from the package's filter.
# Every word finds at least two stops: with one, both playback buttons are disabled at once.
SEARCHES = ("Kozlov", "Shoigu", "train", "Kozhemyako")
JOURNEY = load_journey(DATA)


def expected_count(word: str) -> int:
    return len(filter_stops(JOURNEY.stops, StopFilter(text=word)))


MEMORY_BOUND_MB = 400.0  # stated bound: growth after the first session, 20 sessions
SOAK_BOUND_MB = 60.0  # stated bound: growth over the soak


STARTING = asyncio.Semaphore(4)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    url: str
    log: Path

    def errors(self) -> list[str]:
        text = self.log.read_text(errors="replace")
        return [line for line in text.splitlines() if "Traceback" in line or " ERROR " in line]


def start_server(log: Path) -> Server:
    port = free_port()
    handle = log.open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true"],
        cwd=ROOT, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                return Server(process, url, log)
        except OSError:
            time.sleep(0.2)  # polling interval
    raise RuntimeError("server did not start")


def stop_server(server: Server) -> None:
    os.killpg(server.process.pid, signal.SIGTERM)
    server.process.wait(timeout=20)


@dataclass
class SessionResult:
    actions: int = 0
    checks_failed: list[str] = field(default_factory=list)
    action_seconds: list[float] = field(default_factory=list)


async def offline(page: Page, base: str) -> None:
    async def route(route: object) -> None:
        request = route.request  # type: ignore[attr-defined]
        if request.url.startswith((base, "data:", "blob:")):
            await route.continue_()  # type: ignore[attr-defined]
        else:
            await route.abort()  # type: ignore[attr-defined]

    await page.route("**/*", route)


async def search(page: Page, word: str) -> int:
    """Search, then wait until the table and the map both show the expected result."""
    count = expected_count(word)
    box = page.get_by_placeholder("e.g. Shoigu, aquarium")
    await box.fill(word)
    await box.press("Enter")
    total = len(JOURNEY.stops)
    await expect(page.get_by_text(f"{count} of {total} stops")).to_be_visible(timeout=60_000)
    frame = page.frame_locator(MAP_IFRAME)
    await expect(frame.locator(".itin-marker")).to_have_count(count, timeout=60_000)
    return count


async def run_session(base: str, browser: object, index: int, duration: float,
                      ready: asyncio.Event | None) -> SessionResult:  # fmt: skip
    result = SessionResult()
    context = await browser.new_context(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    page = await context.new_page()
    page.set_default_timeout(120_000)  # 20 first loads at once on 2 cores are slow
    await offline(page, base)
    rng = random.Random(index)
    word = SEARCHES[index % len(SEARCHES)]
    try:
        async with STARTING:  # first loads a few at a time; then all act at once
            await page.goto(base, timeout=180_000)
            await expect(
                page.frame_locator(MAP_IFRAME).locator(".itin-marker").first
            ).to_be_visible(timeout=180_000)
        mine = await search(page, word)
        if mine < 2:
            raise RuntimeError(f"search {word!r} finds {mine} stop(s); playback needs two")
        if ready is not None:
            ready.set()
        # Each session acts for `duration` seconds once it has its first view.
        stop_at = time.monotonic() + duration
        step: int | None = None
        while time.monotonic() < stop_at:
            started = time.monotonic()
            backwards = step is not None and step > 0 and (step == mine - 1 or rng.random() < 0.5)
            step = (
                (step - 1)
                if backwards and step is not None
                else min(mine - 1, (step or 0) + (step is not None))
            )
            await page.get_by_role("button", name="Previous" if backwards else "Next").click()
            try:
                # This session's own playback position, over its own filtered stops...
                await expect(page.get_by_text(f"stop {step + 1} of {mine}")).to_be_visible(
                    timeout=60_000
                )
                # ...and its own selection on its own map.
                selected = page.frame_locator(MAP_IFRAME).locator(".itin-marker.selected")
                await expect(selected).to_have_count(1, timeout=60_000)
                await expect(page.frame_locator(MAP_IFRAME).locator(".itin-marker")).to_have_count(
                    mine, timeout=60_000
                )
            except AssertionError as error:
                result.checks_failed.append(f"session {index}: {str(error).splitlines()[0]}")
                break
            result.action_seconds.append(time.monotonic() - started)
            result.actions += 1
            query = await page.evaluate("() => location.search")
            if f"q={word}" not in query:
                result.checks_failed.append(f"session {index}: URL {query!r} lost its search")
    finally:
        await context.close()
    return result


async def load_test(server: Server, sessions: int, duration: float) -> dict[str, object]:
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS
        )
        first_ready = asyncio.Event()
        first = asyncio.create_task(run_session(server.url, browser, 0, duration, first_ready))
        await first_ready.wait()
        memory_after_first = rss_mb(server.process.pid)
        started = time.monotonic()
        rest = [
            asyncio.create_task(run_session(server.url, browser, i, duration, None))
            for i in range(1, sessions)
        ]
        results = [await first] + [await task for task in rest]
        memory_end = rss_mb(server.process.pid)
        await browser.close()
    actions = sum(r.actions for r in results)
    latencies = sorted(s for r in results for s in r.action_seconds)
    return {
        "sessions": sessions,
        "seconds": round(time.monotonic() - started, 1),
        "actions": actions,
        "failed": [f for r in results for f in r.checks_failed],
        "median_action_s": latencies[len(latencies) // 2] if latencies else None,
        "p95_action_s": latencies[int(len(latencies) * 0.95)] if latencies else None,
        "memory_after_first_mb": round(memory_after_first, 1),
        "memory_end_mb": round(memory_end, 1),
    }


async def soak(server: Server, changes: int) -> dict[str, object]:
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS
        )
        page = await browser.new_page(viewport={"width": 1280, "height": 900})
        await offline(page, server.url)
        await page.goto(server.url)
        await expect(page.frame_locator(MAP_IFRAME).locator(".itin-marker").first).to_be_visible(
            timeout=120_000
        )
        words = ("Kozlov", "Shoigu")
        counts = {word: await search(page, word) for word in words}
        before = rss_mb(server.process.pid)
        failed = []
        for change in range(changes):
            word = words[change % 2]
            if await search(page, word) != counts[word]:
                failed.append(f"change {change}: wrong count for {word}")
        after = rss_mb(server.process.pid)
        await browser.close()
    return {"changes": changes, "failed": failed, "memory_before_mb": round(before, 1),
            "memory_after_mb": round(after, 1)}  # fmt: skip


def _seconds(value: object) -> str:
    return f"{value:.2f} s" if isinstance(value, float) else "n/a"


def write_report(load: dict[str, object], soaked: dict[str, object], errors: list[str]) -> None:
    growth = float(load["memory_end_mb"]) - float(load["memory_after_first_mb"])  # type: ignore[arg-type]
    soak_growth = float(soaked["memory_after_mb"]) - float(soaked["memory_before_mb"])  # type: ignore[arg-type]
    lines = [
        BEGIN,
        "## Many users at once (`make loadtest`)",
        "",
        f"Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {platform.node() or 'this machine'} "
        f"({os.cpu_count()} cores), one Streamlit server, headless Chromium, loopback only.",
        "",
        "| figure | value |",
        "|---|---|",
        f"| concurrent sessions | {load['sessions']} |",
        f"| measured period | {load['seconds']} s |",
        f"| actions (playback steps, each checked) | {load['actions']} |",
        f"| median / p95 time from click to rerun done | {_seconds(load['median_action_s'])} / "
        f"{_seconds(load['p95_action_s'])} |",
        f"| sessions that saw another's state | {len(load['failed'])} |",  # type: ignore[arg-type]
        f"| server memory after the first session | {load['memory_after_first_mb']} MB |",
        f"| server memory at the end | {load['memory_end_mb']} MB "
        f"(+{growth:.0f} MB; bound +{MEMORY_BOUND_MB:.0f} MB) |",
        f"| errors in the server log | {len(errors)} |",
        "",
        f"Soak: {soaked['changes']} consecutive filter changes in one session, each result "
        f"checked ({len(soaked['failed'])} wrong): server memory {soaked['memory_before_mb']} MB "
        f"→ {soaked['memory_after_mb']} MB (+{soak_growth:.0f} MB; bound +{SOAK_BOUND_MB:.0f} MB).",
        END,
    ]
    report = ROOT / "BENCHMARKS.md"
    text = report.read_text() if report.exists() else "# Benchmarks\n"
    block = "\n".join(lines)
    if BEGIN in text and END in text:
        text = text[: text.index(BEGIN)] + block + text[text.index(END) + len(END) :]
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    report.write_text(text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--duration", type=float, default=60.0)
    parser.add_argument("--soak", type=int, default=500)
    args = parser.parse_args(argv)
    log = ROOT / "tests" / "artifacts" / "loadtest-server.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    server = start_server(log)
    try:
        load = asyncio.run(load_test(server, args.sessions, args.duration))
        print("load:", load)
        soaked = asyncio.run(soak(server, args.soak))
        print("soak:", {k: v for k, v in soaked.items() if k != "failed"}, len(soaked["failed"]))  # type: ignore[arg-type]
    finally:
        stop_server(server)
    errors = server.errors()
    write_report(load, soaked, errors)
    growth = float(load["memory_end_mb"]) - float(load["memory_after_first_mb"])  # type: ignore[arg-type]
    soak_growth = float(soaked["memory_after_mb"]) - float(soaked["memory_before_mb"])  # type: ignore[arg-type]
    ok = (not load["failed"] and not soaked["failed"] and not errors
          and growth <= MEMORY_BOUND_MB and soak_growth <= SOAK_BOUND_MB)  # fmt: skip
    print("OK" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
