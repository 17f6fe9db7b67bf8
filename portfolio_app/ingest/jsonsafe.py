"""JSON decoding that a hostile file cannot turn into a crash.

``json.loads`` recurses once per nesting level, so a 10,000-deep ``[[[[…`` raises
``RecursionError`` (or worse, exhausts the C stack in some builds).  We count the nesting with a
cheap linear scan *before* handing the text to the parser, refuse the non-standard ``NaN`` /
``Infinity`` constants Python accepts by default, and turn every failure into a
:class:`RejectedInput` whose reason says where the problem is (line and column, or byte offset).
"""

from __future__ import annotations

import json
import re
from typing import Any

from portfolio_app.errors import RejectedInput

MAX_DEPTH = 64
# Strings, brackets and commas in one file.  The largest real credential (the Europass
# fixture, 98 kB of JSON) has about 1,500; a 1 MB JSON-LD credential, the most that is verified,
# at most ~200,000.  A 20 MB file of 6.5 million "{}" took 7 s and 450 MB to refuse without this.
MAX_TOKENS = 1_000_000
_BOM = "\ufeff"

# A JSON string (with escapes), one structural bracket or a comma.  The string alternative is
# written in the "unrolled loop" form so it runs in linear time; skipping strings means brackets
# inside text values are not counted.
_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{},]', re.DOTALL)


def decode_utf8(data: bytes) -> str:
    """Decode strictly as UTF-8 (a leading BOM is dropped), naming the first bad byte."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad = data[exc.start]
        raise RejectedInput(
            f"not valid UTF-8 text (byte 0x{bad:02x} at offset {exc.start})"
        ) from None
    return text.removeprefix(_BOM)


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset, for error messages."""
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column


def check_depth(text: str, max_depth: int = MAX_DEPTH) -> None:
    """Refuse JSON nested deeper than ``max_depth``, or with too many values, without parsing it.

    Brackets inside strings are ignored; unbalanced brackets are left for the parser to report.
    The value count bounds the parser's memory (millions of tiny objects) and this scan's time.
    """
    if len(text) <= MAX_TOKENS and text.count("[") + text.count("{") <= max_depth:
        # Nesting never exceeds the number of opening brackets, nor the values the length:
        # neither limit can be reached, so the token walk (most of a credential's reading
        # time) is not needed.  Brackets inside strings only make the bound looser.
        return
    depth = 0
    for count, match in enumerate(_TOKEN.finditer(text)):
        if count >= MAX_TOKENS:
            raise RejectedInput(
                f"too complex to read: the JSON has more than {MAX_TOKENS:,} values"
            )
        first = match.group()[0]
        if first in "[{":
            depth += 1
            if depth > max_depth:
                line, column = line_col(text, match.start())
                raise RejectedInput(
                    f"JSON is nested more than {max_depth} levels deep "
                    f"(line {line}, column {column})"
                )
        elif first in "]}":
            depth -= 1


def _refuse_constant(name: str) -> Any:
    raise RejectedInput(f"JSON contains {name}, which is not a valid JSON number")


def safe_json_loads(text: str | bytes) -> Any:
    """Parse JSON text from an untrusted file.

    Bytes must be UTF-8; a UTF-8 byte-order mark is ignored.  Duplicate keys are allowed (the
    last one wins, as in most JSON parsers), because refusing them would reject real issuers'
    output for no safety gain.
    """
    decoded = decode_utf8(text) if isinstance(text, bytes) else text.removeprefix(_BOM)
    check_depth(decoded)
    try:
        return json.loads(decoded, parse_constant=_refuse_constant)
    except json.JSONDecodeError as exc:
        raise RejectedInput(
            f"not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"
        ) from None
    except RecursionError:  # pragma: no cover - check_depth makes this unreachable
        raise RejectedInput("JSON is nested too deeply to read") from None
