"""Bytes to text: UTF-8 only (a BOM is fine), every other encoding named as such.

The one decoder of the package: the loader reads files through :func:`read_text`,
and the comment-preserving rewriter (``itinerary.format.yamledit``) through
:func:`decode_utf8`, so both refuse the same bytes with the same message.
"""

from __future__ import annotations

import codecs
import re
from typing import Final

from itinerary.errors import DataFileError
from itinerary.format.limits import MAX_FILE_BYTES

# Characters YAML forbids in a file (libyaml would stop at them with a byte offset);
# found first so the message can give the line and column.
_FORBIDDEN_IN_FILE: Final = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]"
)
# The ASCII characters the pattern allows. A text that is all ASCII (most files) is
# checked by deleting these from its bytes, a tenth of the regex search's time on 16 MB.
_ALLOWED_ASCII: Final = bytes(c for c in range(128) if not _FORBIDDEN_IN_FILE.match(chr(c)))
_WIDE_ENCODINGS: Final = (
    (codecs.BOM_UTF32_LE, "utf-32", "UTF-32 text"),
    (codecs.BOM_UTF32_BE, "utf-32", "UTF-32 text"),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16 text (with a byte-order mark)"),
    (codecs.BOM_UTF16_BE, "utf-16", "UTF-16 text (with a byte-order mark)"),
)


def line_and_column(text: str, index: int) -> str:
    line = text.count("\n", 0, index) + 1
    column = index - text.rfind("\n", 0, index)
    return f"line {line}, column {column}"


def _wide_encoding(content: bytes) -> str | None:
    """Name UTF-16/32 text, with or without a byte-order mark (Windows "Unicode")."""
    candidates = [
        (codec, label) for bom, codec, label in _WIDE_ENCODINGS if content.startswith(bom)
    ]
    sample = content[:4096]
    if not candidates and len(sample) >= 4:
        if sample[1::2].count(0) > len(sample) // 4 > sample[0::2].count(0):
            candidates.append(
                ("utf-16-le", "UTF-16 text (little-endian, without a byte-order mark)")
            )
        elif sample[0::2].count(0) > len(sample) // 4 > sample[1::2].count(0):
            candidates.append(("utf-16-be", "UTF-16 text (big-endian, without a byte-order mark)"))
    for codec, label in candidates[:1]:
        try:
            decoded = content.decode(codec)
        except UnicodeDecodeError:
            return None
        return None if _FORBIDDEN_IN_FILE.search(decoded.lstrip("\ufeff")) else label
    return None


def decode_utf8(content: bytes, file: str) -> str:
    """The text of UTF-8 ``content`` without its BOM; DataFileError naming anything else."""
    if b"\x00" in content or content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = _wide_encoding(content)
        if encoding is not None:
            raise DataFileError(file, f"is {encoding}, not UTF-8; save it as UTF-8")
        if b"\x00" in content:
            raise DataFileError(file, "this is not a text file (it contains NUL bytes)")
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        head = content[: error.start].decode("utf-8-sig", errors="replace")
        raise DataFileError(
            file,
            f"is not valid UTF-8 text: {line_and_column(head, len(head))} holds the byte "
            f"0x{content[error.start]:02X}; save the file as UTF-8 (it may be Latin-1 or "
            "Windows-1252 text, or not text at all)",
        ) from None


def _too_large(size: int) -> str:
    return f"file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,} bytes"


def check_size(size: int, file: str) -> None:
    if size > MAX_FILE_BYTES:
        raise DataFileError(file, _too_large(size))


def read_text(content: bytes | str, file: str) -> str:
    """The content as text: UTF-8 within the size limit, no raw control characters."""
    if isinstance(content, bytes):
        check_size(len(content), file)
        text = decode_utf8(content, file)
    else:
        text = content.removeprefix("\ufeff")
        if (
            len(text) > MAX_FILE_BYTES // 4
            and len(text.encode("utf-8", "replace")) > MAX_FILE_BYTES
        ):
            raise DataFileError(file, f"text is longer than the limit of {MAX_FILE_BYTES:,} bytes")
    if text.isascii() and not text.encode("ascii").translate(None, _ALLOWED_ASCII):
        return text
    forbidden = _FORBIDDEN_IN_FILE.search(text)
    if forbidden is not None:
        raise DataFileError(
            file,
            f"{line_and_column(text, forbidden.start())}: the invisible control character "
            f"U+{ord(forbidden.group()):04X} is not allowed in an itinerary file; delete it",
        )
    return text
