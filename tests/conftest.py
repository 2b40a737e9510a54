from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
MINI = FIXTURES / "mini.yaml"
REAL_JOURNEY = ROOT / "data" / "kim-russia-2023.yaml"


@pytest.fixture
def mini_raw() -> dict[str, Any]:
    """A fresh, mutable copy of the valid three-stop fixture."""
    return copy.deepcopy(_MINI_RAW)


_MINI_RAW: dict[str, Any] = yaml.safe_load(MINI.read_text(encoding="utf-8"))


@pytest.fixture
def write_yaml(tmp_path: Path) -> Callable[[Any], Path]:
    def write(document: Any, name: str = "journey.yaml") -> Path:
        path = tmp_path / name
        path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False))
        return path

    return write
