"""The corpus of broken files: each fails clearly and boundedly, on every path.

Every case, from ``tests/corpus/cases.yaml`` (small committed files) or GENERATED
below (files too big or too binary to commit), must give the same problems, naming
the file and, where there is one, the stop and the field:

* ``itinerary validate FILE`` in its own process: exit 1, one problem per line, no
  traceback, within a generous timeout (a hang guard, not a speed test) and a cap
  on the memory it may add (RLIMIT_DATA: a runaway allocation fails the case).
  Each case runs the command's ``main`` in a process forked from a server that
  imported it once (starting the real command costs most of a second, nearly all
  importing folium and numpy); the console script itself runs for one case of
  each kind of failure;
* the app run with ``--data FILE``: "This itinerary file cannot be shown" and the
  problems, no exception, and the same session then shows another journey;
* an upload, validated by ``parse_journey(bytes, name)``: under tracemalloc's bound.

ACCEPTED lists the edge cases that look odd but are valid (a BOM, CRLF, ...).
"""

from __future__ import annotations

import functools
import multiprocessing
import os
import random
import resource
import subprocess
import sys
import traceback
import tracemalloc
import types
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from streamlit.testing.v1 import AppTest

from itinerary.errors import DataFileError, ValidationError
from itinerary.format.limits import MAX_CONTAINERS, MAX_FILE_BYTES, MAX_PROBLEMS
from itinerary.format.loader import load_journey, parse_journey
from itinerary.views.text import md_escape
from tests.conftest import MINI, REAL_JOURNEY, ROOT

CORPUS = ROOT / "tests" / "corpus"
APP = str(ROOT / "app.py")
HANG_GUARD_S = 120  # the slowest case takes about a second; this only catches hangs
MEMORY_BOUND = 200 * 1024 * 1024  # what reading one file may add, at most
CONSOLE_SCRIPT = Path(sys.executable).with_name("itinerary")
VALIDATE = [str(CONSOLE_SCRIPT)] if CONSOLE_SCRIPT.exists() else [sys.executable, "-m", "itinerary"]
# The console script under a data cap: set the limit, then become the command (limits
# survive exec). It needs ~70 MB itself, with one OpenBLAS thread.
_UNDER_LIMIT = (
    "import os, resource, sys; limit = int(sys.argv[1]); "
    "resource.setrlimit(resource.RLIMIT_DATA, (limit, limit)); os.execv(sys.argv[2], sys.argv[2:])"
)
COMMAND_DATA_LIMIT = 100 * 1024 * 1024 + MEMORY_BOUND
ONE_BLAS_THREAD = {**os.environ, "OPENBLAS_NUM_THREADS": "1"}


@dataclass(frozen=True)
class Case:
    file: str
    error: str  # a fragment of the message
    stop: str | None = None
    field: str | None = None  # None: the file cannot be read at all
    why: str = ""  # committed files say why in their first line
    make: Callable[[], bytes] | None = None  # generated content
    # tracemalloc makes allocation-heavy cases ten times slower; those are bounded
    # by the command's data limit alone.
    traced: bool = True


def _committed() -> list[Case]:
    manifest = yaml.safe_load((CORPUS / "cases.yaml").read_text(encoding="utf-8"))
    return [Case(**entry) for entry in manifest["cases"]]


_MINI = MINI.read_text(encoding="utf-8")


def _mini(old: str, new: str) -> bytes:
    assert _MINI.count(old) == 1, old
    return _MINI.replace(old, new, 1).encode()


def _fifty_megabytes() -> bytes:
    head, stop, tail = _MINI.partition("  - id: beta\n")
    block = (stop + tail.partition("  - id: gamma\n")[0]).encode()
    copies = 50 * 1024 * 1024 // len(block) + 1
    return head.encode() + block * copies


def _random_bytes() -> bytes:
    junk = random.Random(20230912).randbytes(4096)
    assert b"\x00" in junk
    return junk


GENERATED = [
    Case(
        "size-50mb.yaml",
        f"the limit is {MAX_FILE_BYTES:,} bytes",
        why="50 MB of stops: refused by its size, before it is read",
        make=_fifty_megabytes,
    ),
    Case(
        "binary-random.yaml",
        "this is not a text file (it contains NUL bytes)",
        why="random bytes",
        make=_random_bytes,
    ),
    Case(
        "binary-png-header.yaml",
        "is not valid UTF-8 text: line 1, column 1 holds the byte 0x89",
        why="binary without NUL bytes (a PNG header)",
        make=lambda: b"\x89PNG\r\n\x1a\n" + bytes(range(1, 256)),
    ),
    Case(
        "latin-1.yaml",
        "is not valid UTF-8 text: line 11, column 20 holds the byte 0xE9",
        why="Latin-1 text (an accented name saved by an old editor)",
        make=lambda: _MINI.replace("Alpha station", "Alpha café").encode("latin-1"),
    ),
    Case(
        "utf-16-bom.yaml",
        "is UTF-16 text (with a byte-order mark), not UTF-8; save it as UTF-8",
        why="UTF-16 with a byte-order mark (Windows Notepad's 'Unicode')",
        make=lambda: _MINI.encode("utf-16"),
    ),
    Case(
        "utf-16le.yaml",
        "is UTF-16 text (little-endian, without a byte-order mark)",
        why="UTF-16 little-endian without a byte-order mark",
        make=lambda: _MINI.encode("utf-16-le"),
    ),
    Case(
        "utf-16be.yaml",
        "is UTF-16 text (big-endian, without a byte-order mark)",
        why="UTF-16 big-endian without a byte-order mark",
        make=lambda: _MINI.encode("utf-16-be"),
    ),
    Case(
        "utf-32.yaml",
        "is UTF-32 text, not UTF-8",
        why="UTF-32 with a byte-order mark",
        make=lambda: _MINI.encode("utf-32"),
    ),
    Case(
        "raw-control-character.yaml",
        "line 10, column 13: the invisible control character U+0007 is not allowed",
        why="a raw BEL byte in a name, not an escape",
        make=lambda: _mini("name: Alpha\n", "name: Al\x07pha\n"),
    ),
    Case(
        "summary-10mb.yaml",
        "is 10,000,000 characters long; the limit is 4,000",
        stop="alpha",
        field="summary",
        why="a 10 MB summary: under the file limit, refused by the text limit",
        make=lambda: _mini("summary: First stop.", "summary: " + "x" * 10_000_000),
    ),
    Case(
        "seq-5000-digits.yaml",
        "expected a whole number between -1,000,000,000 and 1,000,000,000, instead got 999",
        stop="alpha",
        field="seq",
        why="a 5,000-digit seq: more digits than Python converts to an int",
        make=lambda: _mini("seq: 1\n", "seq: " + "9" * 5_000 + "\n"),
    ),
    Case(
        "containers-500k.yaml",
        f"the file holds more than {MAX_CONTAINERS:,} lists and mappings",
        why="half a million empty lists in 1.5 MB: refused while reading, before all are built",
        make=lambda: _mini("people: [Person A]", "people: [" + "[]," * MAX_CONTAINERS + "[]]"),
        traced=False,
    ),
    Case(
        "stops-50001.yaml",
        "has 50,001 stops; the limit is 50,000",
        stop=None,
        field="stops",
        why="50,001 (empty) stops: more than the schema allows",
        make=lambda: _MINI.partition("stops:")[0].encode() + b"stops:\n" + b"  - {}\n" * 50_001,
    ),
    Case(
        "stops-2000-empty.yaml",
        f"27,000 more not listed; fix the {MAX_PROBLEMS:,} above and validate again",
        stop=None,
        field="problems",
        why="2,000 empty stops, 28,000 problems: the first 1,000 are listed, the rest counted",
        make=lambda: _MINI.partition("stops:")[0].encode() + b"stops:\n" + b"  - {}\n" * 2_000,
    ),
    Case(
        "nesting-10000.yaml",
        "exceeded maximum nesting depth",
        why="10,000 nested brackets: libyaml stops at 1,000, before any recursion",
        make=lambda: b"schema: " + b"[" * 10_000 + b"]" * 10_000 + b"\n",
    ),
]

CASES = _committed() + GENERATED


def _id(case: Case) -> str:
    return case.why or case.file.removesuffix(".yaml").replace("-", " ")


def test_the_manifest_and_the_folder_agree() -> None:
    listed = [case.file for case in _committed()]
    on_disk = sorted(path.name for path in CORPUS.glob("*.yaml") if path.name != "cases.yaml")
    assert sorted(listed) == on_disk
    assert len(set(listed)) == len(listed)
    assert len(CASES) >= 40
    for name in on_disk:
        first = (CORPUS / name).read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# Corpus case: "), f"{name} does not say why it exists"
        assert (CORPUS / name).stat().st_size < 8_000, f"{name}: corpus files stay small"


@pytest.fixture(scope="module")
def materialize(tmp_path_factory: pytest.TempPathFactory) -> Callable[[Case], Path]:
    """The path of a case's file, writing generated ones once per module."""
    folder = tmp_path_factory.mktemp("corpus")
    written: dict[str, Path] = {}

    def path_of(case: Case) -> Path:
        if case.make is None:
            return CORPUS / case.file
        if case.file not in written:
            (folder / case.file).write_bytes(case.make())
            written[case.file] = folder / case.file
        return written[case.file]

    return path_of


@functools.cache
def _outcome(path: Path) -> DataFileError:
    """What the upload path says about a file: the reference for the other paths."""
    try:
        parse_journey(path.read_bytes(), str(path))
    except DataFileError as error:
        return error
    pytest.fail(f"{path.name} was accepted")


def _check_problem(case: Case, error: DataFileError, file: str) -> None:
    assert error.file == file
    assert str(error).startswith(file)
    if case.field is None:
        assert not isinstance(error, ValidationError), error
        assert case.error in error.message
        return
    assert isinstance(error, ValidationError), error
    assert all(problem.file == file for problem in error.problems)
    matching = [
        p
        for p in error.problems
        if (p.stop_id, p.field) == (case.stop, case.field) and case.error in p.message
    ]
    assert matching, f"no ({case.stop!r}, {case.field!r}) problem with {case.error!r} in {error}"


@pytest.mark.parametrize("case", CASES, ids=_id)
def test_upload_path_names_file_stop_and_field_in_bounded_memory(
    case: Case, materialize: Callable[[Case], Path]
) -> None:
    path = materialize(case)
    content = path.read_bytes()
    if case.traced:
        tracemalloc.start()
    try:
        with pytest.raises(DataFileError) as caught:
            parse_journey(content, str(path))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < MEMORY_BOUND, f"{peak:,} bytes at peak"
    _check_problem(case, caught.value, str(path))


def _data_bytes() -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmData:"):
                return int(line.split()[1]) * 1024
    raise RuntimeError("no VmData in /proc/self/status")


def _validate_in_child(path: str, out: str, err: str, budget: int) -> None:
    """What ``itinerary validate PATH`` does, in a child process that may add ``budget`` bytes."""
    for fd, name in ((1, out), (2, err)):
        target = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.dup2(target, fd)
        os.close(target)
    limit = _data_bytes() + budget
    resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))
    from itinerary.cli import main

    try:  # as the console script: sys.exit(main()), a traceback for anything uncaught
        code = main(["validate", path])
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else 1
    except BaseException:
        traceback.print_exc()
        code = 1
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


Validate = Callable[..., tuple[int, str, str]]


@pytest.fixture(scope="module")
def validate(tmp_path_factory: pytest.TempPathFactory) -> Validate:
    """Run the command's main on a file in a forked child: (exit code, stdout, stderr)."""
    if sys.platform != "linux":
        pytest.skip("forks a server and caps memory with /proc and RLIMIT_DATA (Linux)")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["itinerary.cli", __name__])
    folder = tmp_path_factory.mktemp("validate")
    out, err = folder / "stdout", folder / "stderr"

    def run(path: Path, budget: int = MEMORY_BOUND) -> tuple[int, str, str]:
        child = context.Process(target=_validate_in_child, args=(str(path), out, err, budget))
        # AppTest leaves the app script as __main__, and multiprocessing re-runs __main__
        # in every child: the whole app, each time. The child needs no __main__.
        main = sys.modules["__main__"]
        sys.modules["__main__"] = types.ModuleType("__main__")
        try:
            child.start()
        finally:
            sys.modules["__main__"] = main
        child.join(HANG_GUARD_S)
        if child.is_alive():
            child.kill()
            child.join()
            pytest.fail(f"validating {path.name} did not finish in {HANG_GUARD_S} s")
        assert child.exitcode is not None
        read = {"encoding": "utf-8", "errors": "backslashreplace"}
        return child.exitcode, out.read_text(**read), err.read_text(**read)

    return run


def _check_command_output(path: Path, code: int, stdout: str, stderr: str) -> DataFileError:
    assert code == 1, stderr
    assert "Traceback" not in stderr
    assert stdout == ""
    error = _outcome(path)
    lines = stderr.splitlines()
    if isinstance(error, ValidationError):
        assert lines == [str(p) for p in error.problems] + [f"{path}: invalid ({error.message})"]
    else:
        assert lines == [str(error)]
    return error


@pytest.mark.parametrize("case", CASES, ids=_id)
def test_validate_command_fails_cleanly(
    case: Case, materialize: Callable[[Case], Path], validate: Validate
) -> None:
    path = materialize(case)
    error = _check_command_output(path, *validate(path))
    _check_problem(case, error, str(path))


def test_the_memory_cap_on_the_command_is_enforced(
    materialize: Callable[[Case], Path], validate: Validate
) -> None:
    # A 10 MB summary cannot be read in 1 MB: the cap bites, so the bound above is real.
    (big,) = [case for case in GENERATED if case.file == "summary-10mb.yaml"]
    code, _, stderr = validate(materialize(big), budget=1024 * 1024)
    assert code != 0
    assert "is 10,000,000 characters long" not in stderr


# One case of each kind of failure, through the installed console script itself.
REAL_COMMAND = [
    "url-javascript.yaml",
    "tag-python-object.yaml",
    "utf-16-bom.yaml",
    "size-50mb.yaml",
]


@pytest.mark.parametrize("case", [c for c in CASES if c.file in REAL_COMMAND], ids=lambda c: c.file)
def test_the_console_script_itself(case: Case, materialize: Callable[[Case], Path]) -> None:
    path = materialize(case)
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            _UNDER_LIMIT,
            str(COMMAND_DATA_LIMIT),
            *VALIDATE,
            "validate",
            str(path),
        ],
        capture_output=True,
        encoding="utf-8",
        errors="backslashreplace",
        timeout=HANG_GUARD_S,
        cwd=ROOT,
        env=ONE_BLAS_THREAD,
        check=False,
    )
    _check_command_output(path, result.returncode, result.stdout, result.stderr)


@pytest.mark.parametrize("case", CASES, ids=_id)
def test_app_shows_the_problems_and_keeps_working(
    case: Case, materialize: Callable[[Case], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = materialize(case)
    error = _outcome(path)
    monkeypatch.setattr(sys, "argv", ["app.py", "--data", str(path)])
    app = AppTest.from_file(APP, default_timeout=60)
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    (shown,) = app.error
    assert shown.value.startswith("**This itinerary file cannot be shown.**")
    if isinstance(error, ValidationError):
        assert [block.value for block in app.code] == ["\n".join(map(str, error.problems))]
    else:
        assert error.message in shown.value or md_escape(error.message) in shown.value
        assert not app.code
    # The same session goes on to show a valid journey.
    app.selectbox(key="journey").set_value(REAL_JOURNEY.stem).run()
    assert not app.exception, [e.value for e in app.exception]
    assert not app.error
    assert [title.value for title in app.title] == [_real_title()]


@functools.cache
def _real_title() -> str:
    return load_journey(REAL_JOURNEY).title


def test_file_text_quoted_in_an_error_stays_text_in_the_app(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "phish.yaml"
    path.write_text('- "[Fix the file here](https://evil.example/)"\n', encoding="utf-8")
    monkeypatch.setattr(sys, "argv", ["app.py", "--data", str(path)])
    app = AppTest.from_file(APP, default_timeout=60)
    app.run()
    (shown,) = app.error
    assert "[Fix the file here](https://evil.example/)" not in shown.value


def _unquoted_timestamp(text: str) -> str:
    return text.replace('start: "2023-09-12T06:00:00+10:00"', "start: 2023-09-12T06:00:00+10:00")


_MINI_JOURNEY = parse_journey(MINI.read_bytes(), "accepted.yaml")


# (how the valid mini file is rewritten, what must hold of the result, why)
ACCEPTED: list[tuple[Callable[[str], bytes], Callable[[Any], bool], str]] = [
    (lambda t: b"\xef\xbb\xbf" + t.encode(), lambda j: j == _MINI_JOURNEY, "a UTF-8 BOM"),
    (lambda t: t.replace("\n", "\r\n").encode(), lambda j: j == _MINI_JOURNEY, "Windows CRLF"),
    (
        lambda t: b"\xef\xbb\xbf" + t.replace("\n", "\r\n").encode(),
        lambda j: j == _MINI_JOURNEY,
        "a BOM and CRLF, as Notepad saves UTF-8",
    ),
    (lambda t: t.replace("\n", "\r").encode(), lambda j: j == _MINI_JOURNEY, "old Mac CR endings"),
    (lambda t: f"---\n{t}...\n".encode(), lambda j: j == _MINI_JOURNEY, "explicit --- and ..."),
    (
        lambda t: _unquoted_timestamp(t).encode(),
        lambda j: j == _MINI_JOURNEY,
        "an unquoted timestamp reads like the quoted one",
    ),
    (
        lambda t: t.replace("country: Russia", "country: NO", 1).encode(),
        lambda j: j.stops[0].country == "NO",
        "country: NO is Norway, not false (YAML 1.1's yes/no/on/off are text)",
    ),
    (
        lambda t: t.replace("summary: First stop.", 'summary: "First\\tstop\\u2028here."').encode(),
        lambda j: j.stops[0].summary == "First\tstop\u2028here.",
        "tabs and line separators are allowed in text",
    ),
    (
        lambda t: t.replace("name: Alpha", "name: Хасан 하산 🚆👩‍👩‍👧").encode(),
        lambda j: j.stops[0].name == "Хасан 하산 🚆👩‍👩‍👧",
        "Cyrillic, Hangul and emoji with zero-width joiners",
    ),
    (
        lambda t: t.replace("https://example.org/alpha", "https://кремль.рф/путь?q=1#x").encode(),
        lambda j: j.stops[0].sources[0].url == "https://кремль.рф/путь?q=1#x",
        "an internationalised domain and path",
    ),
    (
        lambda t: t.replace("lat: 43.80", "lat: 4.380e+1").encode(),
        lambda j: j.stops[0].point.lat == 43.8,
        "a float with an exponent",
    ),
    (
        lambda t: t.replace(
            "summary: First stop.", "summary: |\n      First\n      stop."
        ).encode(),
        lambda j: j.stops[0].summary == "First\nstop.",
        "a block scalar",
    ),
]


@pytest.mark.parametrize(
    ("rewrite", "holds"), [row[:2] for row in ACCEPTED], ids=[row[2] for row in ACCEPTED]
)
def test_accepted_edge_cases(
    rewrite: Callable[[str], bytes], holds: Callable[[Any], bool], tmp_path: Path
) -> None:
    content = rewrite(_MINI)
    journey = parse_journey(content, "accepted.yaml")
    assert holds(journey)
    path = tmp_path / "accepted.yaml"
    path.write_bytes(content)
    assert load_journey(path).stops == journey.stops


def test_an_accepted_bom_and_crlf_file_shows_in_the_app(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "notepad.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + _MINI.replace("\n", "\r\n").encode())
    monkeypatch.setattr(sys, "argv", ["app.py", "--data", str(path)])
    app = AppTest.from_file(APP, default_timeout=60)
    app.run()
    assert not app.exception and not app.error
    assert app.title[0].value == "Mini journey"
