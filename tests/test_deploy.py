"""The nginx site config (deploy/dashboard.conf.template) as deploy/local.py renders it.

Real nginx checks the rendered config (`nginx -t`); tests/e2e/test_replicas.py runs it."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

from deploy.local import MAIN_CONF, TEMPLATE, Upstream, nginx_binary, parse_upstreams, render_site

TWO = [Upstream("r1", "127.0.0.1:8501"), Upstream("r2", "10.0.0.12:8501")]


def test_each_replica_gets_its_pool_entry_group_route_and_name() -> None:
    site = render_site(TEMPLATE.read_text(), TWO, "0.0.0.0:80")
    for name, address in (("r1", "127.0.0.1:8501"), ("r2", "10.0.0.12:8501")):
        assert f"server {address} max_fails=1 fail_timeout=10s;" in site
        assert f"upstream itinerary_{name} {{ server {address}; keepalive 4; }}" in site
        assert f"{name} itinerary_{name};" in site
        assert f'"~(^|\\s){re.escape(address)}$" {name};' in site
    assert "listen 0.0.0.0:80;" in site
    assert not re.search(r"@[A-Z_]+@", "".join(line.split("#")[0] for line in site.splitlines()))


def test_the_served_by_patterns_match_only_their_own_address() -> None:
    """$upstream_addr lists every address tried ("a, b" or "a : b"); the last one answered."""
    site = render_site(TEMPLATE.read_text(), TWO, "80")
    patterns = dict(
        (name, re.compile(pattern))
        for pattern, name in re.findall(r'"~(\(\^\|\\s\)[^"]+)" (r\d);', site)
    )
    assert set(patterns) == {"r1", "r2"}
    cases = {
        "127.0.0.1:8501": "r1",
        "127.0.0.1:8501 : 10.0.0.12:8501": "r2",
        "10.0.0.12:8501, 127.0.0.1:8501": "r1",
        "127.0.0.1:18501": None,
        "127.0.0.1:85010": None,
    }
    for upstream_addr, expected in cases.items():
        matched = [name for name, p in patterns.items() if p.search(upstream_addr)]
        assert matched == ([expected] if expected else []), upstream_addr


@pytest.mark.parametrize(
    ("upstreams", "message"),
    [
        ([], "at least one replica"),
        ([Upstream("R1", "127.0.0.1:1")], "a replica name is"),
        ([Upstream("r1; evil", "127.0.0.1:1")], "a replica name is"),
        ([Upstream("r1", "127.0.0.1")], "a replica address is host:port"),
        ([Upstream("r1", "127.0.0.1:1; include /etc/passwd")], "a replica address is host:port"),
        ([Upstream("r1", "127.0.0.1:1"), Upstream("r1", "127.0.0.1:2")], "must differ"),
    ],
    ids=[
        "no replica",
        "names are lower case (they are cookie values and upstream names)",
        "a name cannot smuggle nginx syntax",
        "an address needs its port",
        "an address cannot smuggle nginx syntax",
        "two replicas with one name would share a cookie",
    ],
)
def test_bad_replica_lists_are_refused(upstreams: list[Upstream], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        render_site(TEMPLATE.read_text(), upstreams, "80")


def test_a_placeholder_the_script_does_not_know_is_refused() -> None:
    template = TEMPLATE.read_text() + "\nserver_name @SERVER_NAME@;\n"
    with pytest.raises(ValueError, match="@SERVER_NAME@"):
        render_site(template, TWO, "80")


def test_nginx_accepts_the_rendered_config(tmp_path: Path) -> None:
    binary = nginx_binary()
    if binary is None:
        message = "nginx is not installed; the test needs Debian's: apt-get install -y nginx"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    (tmp_path / "temp").mkdir()
    (tmp_path / "dashboard.conf").write_text(render_site(TEMPLATE.read_text(), TWO, "127.0.0.1:9"))
    conf = tmp_path / "nginx.conf"
    conf.write_text(MAIN_CONF.format(prefix=tmp_path))
    checked = subprocess.run(
        [binary, "-t", "-p", str(tmp_path), "-c", str(conf), "-e", str(tmp_path / "error.log")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stderr
    assert "syntax is ok" in checked.stderr


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("r1=10.0.0.11:8501", [Upstream("r1", "10.0.0.11:8501")]),
        (
            "r1=10.0.0.11:8501, r2=app-2.internal:8501",
            [Upstream("r1", "10.0.0.11:8501"), Upstream("r2", "app-2.internal:8501")],
        ),
    ],
    ids=["one replica", "several, spaces after commas allowed, host names allowed"],
)
def test_replicas_are_named_on_the_command_line(text: str, expected: list[Upstream]) -> None:
    assert parse_upstreams(text) == expected


def test_a_replica_without_a_name_is_refused() -> None:
    with pytest.raises(ValueError, match=re.escape("is NAME=HOST:PORT, instead got '10.0.0.11:1'")):
        parse_upstreams("10.0.0.11:1")
