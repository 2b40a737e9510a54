"""Change a stop's ``location`` in a YAML data file and leave every other byte alone.

A full ruamel.yaml round trip (load, modify, dump) is close to lossless but not
quite: it re-flows multi-line plain scalars, normalises indentation and the
spacing inside flow collections. People edit these files by hand and review
changes as diffs, so instead we use ruamel.yaml's round-trip composer only to
find *where* each stop and its fields are (exact character offsets), render
just the new ``location`` mapping with ruamel.yaml's emitter (so quoting is
always right), and splice that text in. Everything outside the splice is
untouched, byte for byte: comments, quoting, blank lines, line endings, BOM.

Every rewrite is verified before it is returned: the new text is parsed again
and must equal the old document with exactly the requested locations changed.
Anything else is a bug here, and nothing is written.
"""

from __future__ import annotations

import codecs
import copy
import io
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Final

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.error import YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from itinerary.errors import DataFileError
from itinerary.format.decoding import decode_utf8
from itinerary.format.reading import parse_yaml

# Wide enough that the emitter never folds a long place name onto a second line.
_NO_WRAP: Final = 1_000_000
_INDENT: Final = 2
_BOM: Final = "\ufeff"
_YAML11_BREAKS: Final = frozenset("\x85\u2028\u2029")

LocationFields = Mapping[str, float | str]


@dataclass(frozen=True, slots=True)
class SourceText:
    """A data file's text, with the BOM set aside so character offsets match ruamel's."""

    text: str
    bom: bool

    @classmethod
    def decode(cls, content: bytes, file: str) -> SourceText:
        return cls(decode_utf8(content, file), bom=content.startswith(codecs.BOM_UTF8))

    def encode(self, text: str | None = None) -> bytes:
        body = self.text if text is None else text
        return ((_BOM if self.bom else "") + body).encode("utf-8")


def set_stop_locations(text: str, locations: Mapping[int, LocationFields], file: str) -> str:
    """Return ``text`` with ``stops[i].location`` set to ``locations[i]`` for each i.

    A stop without a location gets a block-style ``location:`` mapping right after
    its ``country`` line (inside a flow-style stop, a flow mapping after ``country``).
    An existing location has only its value replaced, in the style it had, so a
    comment on the ``location:`` line survives. Raises DataFileError if the file
    is not laid out as an itinerary or the splice would change anything else.
    """
    if not locations:
        return text
    stops = _stops_node(_compose(text, file), file)
    newline = "\r\n" if "\r\n" in text else "\n"
    splices: list[tuple[int, int, str]] = []
    for index, fields in locations.items():
        if not 0 <= index < len(stops.value) or not isinstance(stops.value[index], MappingNode):
            raise DataFileError(file, f"stops[{index}] is not a stop mapping")
        where = f"stops[{index}]"
        splices.append(_splice_for(text, stops.value[index], fields, newline, file, where))
    new_text = text
    # Apply from the end so earlier offsets stay valid.
    for start, end, replacement in sorted(splices, reverse=True):
        new_text = new_text[:start] + replacement + new_text[end:]
    _verify(text, new_text, locations, file)
    return new_text


def _compose(text: str, file: str) -> MappingNode:
    try:
        root = YAML(typ="rt").compose(text)
    except YAMLError as error:
        raise DataFileError(file, f"is not valid YAML: {error}") from None
    if not isinstance(root, MappingNode):
        raise DataFileError(file, "the top level is not a mapping")
    return root


def _value_of(mapping: MappingNode, key: str) -> Node | None:
    for key_node, value_node in mapping.value:
        if isinstance(key_node, ScalarNode) and key_node.value == key:
            return value_node  # type: ignore[no-any-return]
    return None


def _stops_node(root: MappingNode, file: str) -> SequenceNode:
    stops = _value_of(root, "stops")
    if not isinstance(stops, SequenceNode):
        raise DataFileError(file, "has no list of stops to edit")
    return stops


def _splice_for(
    text: str, stop: MappingNode, fields: LocationFields, newline: str, file: str, where: str
) -> tuple[int, int, str]:
    """The (start, end, replacement) that gives ``stop`` the new location."""
    location = _value_of(stop, "location")
    if location is not None:
        return _replace_value(text, location, fields, newline, file, where)
    country = _value_of(stop, "country")
    if country is None:
        raise DataFileError(file, f"{where} has no 'country' to put the location after")
    anchor = country.end_mark
    if stop.flow_style:
        flow = _render(fields, file, flow=True)[0]
        return anchor.index, anchor.index, f", location: {flow}"
    # Block style: a new line after the country line (after any comment on it),
    # indented like the stop's other keys.
    column = stop.value[0][0].start_mark.column
    lines = _render({"location": fields}, file, flow=False)
    block = "".join(" " * column + line + newline for line in lines)
    if anchor.column == 0:  # a block scalar's end is already the start of a line
        return anchor.index, anchor.index, block
    position = text.find("\n", anchor.index)
    if position < 0:  # country is on the last line and the file lacks a final newline
        return len(text), len(text), newline + block
    return position + 1, position + 1, block


def _replace_value(
    text: str, old: Node, fields: LocationFields, newline: str, file: str, where: str
) -> tuple[int, int, str]:
    if not isinstance(old, MappingNode):
        raise DataFileError(file, f"{where}.location is not a mapping")
    start = old.start_mark
    if old.flow_style:
        return start.index, old.end_mark.index, _render(fields, file, flow=True)[0]
    # A block mapping starts at its first key; indent the others to match. Stop at
    # the end of the last value, not at the node's end (which swallows the comments
    # and blank lines that follow it).
    end = _content_end(old)
    lines = _render(fields, file, flow=False)
    replacement = (newline + " " * start.column).join(lines)
    if end.column != 0:
        return start.index, end.index, replacement
    # A block scalar (``note: |``) ends at the start of a line, after any blank lines
    # it swallowed: end the splice after its last text line, keeping the blank ones.
    last_text = len(text[: end.index].rstrip(" \t\r\n"))
    line_end = text.find("\n", last_text, end.index)
    stop = end.index if line_end < 0 else line_end + 1
    return start.index, stop, replacement + newline


def _content_end(node: Node) -> Any:
    if isinstance(node, MappingNode) and not node.flow_style and node.value:
        return _content_end(node.value[-1][1])
    if isinstance(node, SequenceNode) and not node.flow_style and node.value:
        return _content_end(node.value[-1])
    return node.end_mark


def _render(mapping: Mapping[str, object], file: str, *, flow: bool) -> list[str]:
    """Emit ``mapping`` as YAML lines (one line when ``flow``), quoting as needed."""
    lines = _dump(_prepared(mapping), flow=flow)
    if flow and len(lines) != 1:
        raise DataFileError(file, f"cannot write {dict(mapping)!r} on one line")
    return lines


def _dump(document: CommentedMap, *, flow: bool) -> list[str]:
    yaml = YAML(typ="rt")
    yaml.representer.add_representer(float, _represent_float)
    yaml.width = _NO_WRAP
    yaml.indent(mapping=_INDENT, sequence=_INDENT * 2, offset=_INDENT)
    if flow:
        document.fa.set_flow_style()
    buffer = io.StringIO()
    yaml.dump(document, buffer)
    # Not splitlines(): that also splits at U+0085, U+2028 and friends inside a scalar.
    return buffer.getvalue().rstrip("\n").split("\n")


def _prepared(mapping: Mapping[str, object]) -> CommentedMap:
    return CommentedMap({key: _quoted_if_needed(value) for key, value in mapping.items()})


def _quoted_if_needed(value: object) -> object:
    if isinstance(value, Mapping):
        return _prepared(value)
    if isinstance(value, str) and not _reads_back(value):
        return DoubleQuotedScalarString(value)
    return value


def _reads_back(text: str) -> bool:
    """Whether ruamel's own choice of style for ``text`` reads back unchanged in PyYAML.

    ruamel writes YAML 1.2; the loader reads with PyYAML, which speaks YAML 1.1. They
    disagree on a few plain and single-quoted scalars (":0" inside a flow mapping, a raw
    NEL or LINE SEPARATOR, which 1.1 folds as a line break). Double quotes, with their
    escapes, read the same in both, so those strings get double quotes.
    """
    if any(char in _YAML11_BREAKS for char in text):
        return False
    probe = "\n".join(_dump(CommentedMap({"k": text}), flow=True))
    try:
        return bool(parse_yaml(probe, "<probe>") == {"k": text})
    except DataFileError:
        return False


def _represent_float(representer: Any, value: float) -> Any:
    # Plain decimal notation: ruamel writes 1e-05, which YAML 1.1 readers (PyYAML,
    # hence the loader) take for a string. Decimal(repr(x)) is exact and shortest.
    text = format(Decimal(repr(value)), "f")
    if "." not in text:
        text += ".0"
    return representer.represent_scalar("tag:yaml.org,2002:float", text)


def _verify(old: str, new: str, locations: Mapping[int, LocationFields], file: str) -> None:
    expected: Any = copy.deepcopy(parse_yaml(old, file))
    for index, fields in locations.items():
        expected["stops"][index]["location"] = dict(fields)
    try:
        actual = parse_yaml(new, file)
    except DataFileError:
        actual = None
    if actual != expected:
        raise DataFileError(
            file,
            "rewriting the file would have changed more than the stop locations (a bug in "
            "itinerary.format.yamledit); nothing was written",
        )
