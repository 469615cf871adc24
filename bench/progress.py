"""Progress bars for the benchmarks and data builders (tqdm), on the terminal only: with stderr not a TTY
(CI logs, a pipe, a file) there is no bar at all, so logs stay clean."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import Any, TypeVar

from tqdm import tqdm

T = TypeVar("T")


def bar(iterable: Iterable[T] | None = None, **options: Any) -> tqdm[T]:
    """A bar on stderr (``disable=None``: none when it is not a TTY), cleared once done unless ``leave``."""
    options.setdefault("leave", False)
    return tqdm(iterable, disable=None, dynamic_ncols=True, file=sys.stderr, **options)


def say(text: str) -> None:
    """A line on stderr that does not break the bars being drawn."""
    tqdm.write(text, file=sys.stderr)
