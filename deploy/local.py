"""N dashboard replicas behind nginx on loopback: ``make deploy-local REPLICAS=2 PORT=8080``.

Starts N ``streamlit run app.py`` processes on free loopback ports (as deployed: headless, no
file watcher, one shared cookie secret so XSRF tokens stay valid when a reader moves), runs the
app once on each (see `warm`), renders deploy/dashboard.conf.template for them, and runs nginx
in the foreground with its own prefix folder (config, pid, logs), no system service. Ctrl-C
stops everything. Run it as a module from the checkout: ``python -m deploy.local``.

On real machines the same template is rendered with each replica's address and dropped into
the existing nginx's conf.d: ``python -m deploy.local --render r1=10.0.0.11:8501,r2=...``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

from scripts.stclient import Session, run_in_thread

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = Path(__file__).with_name("dashboard.conf.template")
EACH = "# each replica"
NAME = re.compile(r"[a-z][a-z0-9]{0,15}")
ADDRESS = re.compile(r"[A-Za-z0-9.\-]+:\d{1,5}")
START_TIMEOUT_S = 90.0  # a cold Streamlit import on a busy 2-core machine
STOP_TIMEOUT_S = 15.0

# The nginx.conf around the site file for a standalone run: everything in one folder.
MAIN_CONF = """\
daemon off;
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log notice;
events {{ worker_connections 1024; }}
http {{
    log_format itinerary '$remote_addr [$time_local] "$request" $status $body_bytes_sent '
                         'upstream=$upstream_addr replica=$itinerary_served_by '
                         'cookie=$cookie_itinerary_replica';
    access_log {prefix}/access.log itinerary;
    client_body_temp_path {prefix}/temp/body;
    proxy_temp_path {prefix}/temp/proxy;
    fastcgi_temp_path {prefix}/temp/fastcgi;
    uwsgi_temp_path {prefix}/temp/uwsgi;
    scgi_temp_path {prefix}/temp/scgi;
    include {prefix}/dashboard.conf;
}}
"""


@dataclass(frozen=True)
class Upstream:
    name: str  # what the reader's cookie holds
    address: str  # host:port


def render_site(template: str, upstreams: Sequence[Upstream], listen: str) -> str:
    """The site config for these replicas: lines ending in "# each replica" repeated."""
    if not upstreams:
        raise ValueError("at least one replica is needed, instead got none")
    for upstream in upstreams:
        if not NAME.fullmatch(upstream.name):
            raise ValueError(f"a replica name is [a-z][a-z0-9]*, instead got {upstream.name!r}")
        if not ADDRESS.fullmatch(upstream.address):
            raise ValueError(f"a replica address is host:port, instead got {upstream.address!r}")
    if len({u.name for u in upstreams}) != len(upstreams):
        raise ValueError(f"replica names must differ, instead got {[u.name for u in upstreams]}")
    lines: list[str] = []
    for line in template.splitlines():
        if not line.rstrip().endswith(EACH):
            lines.append(line.replace("@LISTEN@", listen))
            continue
        body = line.rstrip().removesuffix(EACH).rstrip()
        lines.extend(
            body.replace("@NAME@", u.name)
            .replace("@ADDR_RE@", re.escape(u.address))
            .replace("@ADDR@", u.address)
            for u in upstreams
        )
    site = "\n".join(lines) + "\n"
    code = (line.split("#", 1)[0] for line in lines)  # the comments name placeholders too
    left = [found for line in code for found in re.findall(r"@[A-Z_]+@", line)]
    if left:
        raise ValueError(f"the template has placeholders this script does not fill: {left}")
    return site


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def streamlit_command(port: int, data: Path | None = None) -> list[str]:
    """`streamlit run app.py` as deployed: loopback, headless, no file watcher."""
    command = [
        sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
        "--server.port", str(port), "--server.address", "127.0.0.1",
        "--server.headless", "true", "--server.fileWatcherType", "none",
        "--server.runOnSave", "false", "--browser.gatherUsageStats", "false",
    ]  # fmt: skip
    return command + (["--", "--data", str(data)] if data is not None else [])


def spawn(
    command: list[str], log: Path, env: dict[str, str] | None = None
) -> subprocess.Popen[bytes]:
    """Start a process in its own group (stopped as a whole), output to `log`."""
    with log.open("wb") as handle:  # the child keeps its own descriptor
        return subprocess.Popen(  # noqa: S603 (our own command line)
            command,
            cwd=ROOT,
            stdin=subprocess.DEVNULL,
            stdout=handle,
            stderr=subprocess.STDOUT,
            env={**os.environ, **(env or {})},
            start_new_session=True,
        )


def wait_until_answering(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    """Poll `url` until it answers 200; fail early if the process exits."""
    deadline = time.monotonic() + START_TIMEOUT_S
    while True:
        if process.poll() is not None:
            raise RuntimeError(
                f"{process.args[0]} exited with code {process.returncode} before answering "
                f"{url}; log {log}:\n{log.read_text(errors='replace')[-3000:]}"
            )
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 (http only)
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass  # not listening yet
        if time.monotonic() > deadline:
            raise RuntimeError(f"{url} did not answer within {START_TIMEOUT_S:.0f} s; log {log}")
        time.sleep(0.2)  # polling interval


def stop(process: subprocess.Popen[bytes], sig: int = signal.SIGTERM) -> None:
    """Signal the process group; SIGKILL it if it has not gone within the timeout."""
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
        try:
            process.wait(timeout=STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=STOP_TIMEOUT_S)


def warm(urls: Sequence[str]) -> None:
    """Run the app once on each replica, as a reader would, before nginx sends readers there.

    /_stcore/health answers as soon as the server listens, but the script has not run yet: its
    imports (streamlit-folium registers its component then), journey loading and caches wait
    for the first session. Until then the map component's files answer 404, so a reader moved
    there by a failover before the first run would get a page without a map.
    """

    async def once(url: str) -> None:
        async with Session(url, timeout_s=START_TIMEOUT_S) as session:
            run = await session.open()
        if run.status != "FINISHED_SUCCESSFULLY" or run.exceptions:
            raise RuntimeError(f"the app's first run on {url} ended {run.status} {run.exceptions}")

    async def all_of_them() -> None:
        await asyncio.gather(*(once(url) for url in urls))

    run_in_thread(all_of_them)


@dataclass
class Replica:
    name: str
    port: int
    process: subprocess.Popen[bytes]
    log: Path

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def crash(self) -> None:
        """SIGKILL, as when a machine or a process dies without warning."""
        stop(self.process, signal.SIGKILL)


def nginx_binary() -> str | None:
    """Debian's nginx is in /usr/sbin, which is not on every user's PATH."""
    found = shutil.which("nginx") or "/usr/sbin/nginx"
    return found if Path(found).is_file() else None


@dataclass
class LocalDeployment:
    """N replicas and nginx on loopback, in `workdir` (config, logs). A context manager."""

    workdir: Path
    replicas: int = 2
    port: int = 0  # nginx's; 0 picks a free one
    data: Path | None = None
    started: list[Replica] = field(default_factory=list)
    nginx: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def nginx_log(self) -> Path:
        return self.workdir / "error.log"

    @property
    def access_log(self) -> Path:
        return self.workdir / "access.log"

    def replica(self, name: str) -> Replica:
        return next(r for r in self.started if r.name == name)

    def __enter__(self) -> LocalDeployment:
        binary = nginx_binary()
        if binary is None:
            raise RuntimeError("nginx is not installed: apt-get install -y nginx")
        try:
            self._start(binary)
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def _start(self, binary: str) -> None:
        self.workdir.mkdir(parents=True, exist_ok=True)
        (self.workdir / "temp").mkdir(exist_ok=True)
        self.port = self.port or free_port()
        # One secret for all: the XSRF cookie one replica signed is valid on the others.
        env = {"STREAMLIT_SERVER_COOKIE_SECRET": secrets.token_hex(32)}
        for n in range(1, self.replicas + 1):  # all start at once, then all are awaited
            port = free_port()
            log = self.workdir / f"replica-r{n}.log"
            process = spawn(streamlit_command(port, self.data), log, env)
            self.started.append(Replica(f"r{n}", port, process, log))
        for replica in self.started:
            health = f"http://{replica.address}/_stcore/health"
            wait_until_answering(health, replica.process, replica.log)
        warm([f"http://{replica.address}" for replica in self.started])
        upstreams = [Upstream(r.name, r.address) for r in self.started]
        site = render_site(TEMPLATE.read_text(), upstreams, f"127.0.0.1:{self.port}")
        (self.workdir / "dashboard.conf").write_text(site)
        conf = self.workdir / "nginx.conf"
        conf.write_text(MAIN_CONF.format(prefix=self.workdir))
        command = [binary, "-p", str(self.workdir), "-c", str(conf), "-e", str(self.nginx_log)]
        checked = subprocess.run(  # noqa: S603 (our own command line)
            [*command, "-t"], capture_output=True, text=True, check=False
        )
        if checked.returncode != 0:
            raise RuntimeError(f"nginx rejects the config {conf}:\n{checked.stderr}")
        self.nginx = spawn(command, self.workdir / "nginx.out")
        wait_until_answering(f"{self.url}/_stcore/health", self.nginx, self.nginx_log)

    def close(self) -> None:
        if self.nginx is not None:
            stop(self.nginx)  # fast shutdown: a graceful one waits for every open websocket
        for replica in self.started:
            stop(replica.process)


def parse_upstreams(text: str) -> list[Upstream]:
    """`r1=10.0.0.11:8501,r2=10.0.0.12:8501` as Upstreams (checked by render_site)."""
    upstreams = []
    for item in text.split(","):
        name, sep, address = item.strip().partition("=")
        if not sep:
            raise ValueError(f"a replica is NAME=HOST:PORT, instead got {item!r}")
        upstreams.append(Upstream(name, address))
    return upstreams


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replicas", type=int, default=2)
    parser.add_argument("--port", type=int, default=8080, help="nginx's port on 127.0.0.1")
    parser.add_argument("--data", type=Path, help="an itinerary file for every replica")
    parser.add_argument("--workdir", type=Path, help="config and logs (default: a temp folder)")
    parser.add_argument(
        "--render", metavar="NAME=HOST:PORT,...",
        help="only print the site config for these replicas (for an existing nginx's conf.d)",
    )  # fmt: skip
    parser.add_argument("--listen", default="80", help="with --render: nginx's listen value")
    args = parser.parse_args(argv)
    if args.render is not None:
        try:
            print(render_site(TEMPLATE.read_text(), parse_upstreams(args.render), args.listen))
        except ValueError as error:
            parser.error(str(error))
        return 0
    if args.replicas < 1:
        parser.error(f"--replicas must be at least 1, instead got {args.replicas}")
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="itinerary-deploy-"))
    with LocalDeployment(workdir, args.replicas, args.port, args.data) as deployment:
        for replica in deployment.started:
            print(f"replica {replica.name}: http://{replica.address} (log {replica.log})")
        print(f"nginx: {deployment.url} (config and logs in {workdir}); Ctrl-C stops all")
        for stopping in (signal.SIGINT, signal.SIGTERM):  # SIGINT may come in ignored
            signal.signal(stopping, signal.default_int_handler)
        with contextlib.suppress(KeyboardInterrupt):
            assert deployment.nginx is not None  # noqa: S101 (set by __enter__)
            deployment.nginx.wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
