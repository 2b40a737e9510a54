"""The package's layers (README, "Layout"): each imports only from the layers below it,
and only the Streamlit layer (itinerary/ui/, with app.py outside the package) imports
Streamlit. Read from the source, every import statement, also those inside functions."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import ROOT

PACKAGE = ROOT / "itinerary"
# Lower first; a layer may import from a lower one, or within itself (geocode and views
# are side by side: neither imports the other).
LAYERS = {
    "base": 0,
    "geo": 1,
    "format": 2,
    "geocode": 3,
    "views": 3,
    "dashboard": 4,
    "ui": 5,
    "cli": 6,
}
# The modules at the top of the package that the rest is built on (README's first row).
BASE = {"model", "errors", "topics", "filtering", "fileio"}
# The package's own __init__ (its public names) and `python -m itinerary` sit on top.
ON_TOP = {"__init__", "__main__"}
STREAMLIT = ("streamlit", "streamlit_folium")


def layer_of(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] != "itinerary" or len(parts) == 1:
        return None
    return "base" if parts[1] in BASE else parts[1]


def imports(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append(node.module)
    return found


MODULES = sorted(PACKAGE.rglob("*.py"))


def name_of(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts)


def test_every_module_is_in_a_layer() -> None:
    for path in MODULES:
        layer = layer_of(name_of(path))
        assert layer in LAYERS or layer in ON_TOP, f"{name_of(path)}: add it to LAYERS and README"


@pytest.mark.parametrize("path", MODULES, ids=[name_of(path) for path in MODULES])
def test_imports_go_down_the_layers(path: Path) -> None:
    layer = layer_of(name_of(path))
    if layer in ON_TOP:
        return
    assert layer is not None
    for module in imports(path):
        target = layer_of(module)
        if target is None or target == layer:
            continue
        assert LAYERS[target] < LAYERS[layer], f"{name_of(path)} imports {module}"


@pytest.mark.parametrize("path", MODULES, ids=[name_of(path) for path in MODULES])
def test_only_the_streamlit_layer_imports_streamlit(path: Path) -> None:
    if layer_of(name_of(path)) == "ui":
        return
    for module in imports(path):
        assert module.split(".")[0] not in STREAMLIT, f"{name_of(path)} imports {module}"


@pytest.mark.parametrize(
    ("layer", "imported", "allowed"),
    [
        ("views", "itinerary.dashboard.session", False),
        ("dashboard", "itinerary.views.table", True),
        ("format", "itinerary.views.text", False),
        ("ui", "itinerary.cli", False),
        ("geocode", "itinerary.views.assets", False),
        ("base", "itinerary.geo.route", False),
    ],
    ids=[
        "views never reach up to the dashboard",
        "the dashboard uses views",
        "the file format knows nothing of presentation",
        "the Streamlit layer is below the command line",
        "side by side, not through each other",
        "the model imports nothing of the package's layers",
    ],
)
def test_the_rule_itself(layer: str, imported: str, allowed: bool) -> None:
    """The check above, on imports that are not (or are) in the package today."""
    target = layer_of(imported)
    assert target is not None
    assert (target == layer or LAYERS[target] < LAYERS[layer]) is allowed
