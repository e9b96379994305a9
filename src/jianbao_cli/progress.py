"""The progress bar of batch work (render, import): shown on a terminal only, on stderr's console."""

from __future__ import annotations

from contextlib import contextmanager
from typing import Callable, Iterator


@contextmanager
def progress_bar(console, label: str, total: int, *, show: bool = True) -> Iterator[Callable[[int], None]]:
    """Yield `advance(n)`. Nothing is drawn without a console, off a terminal, or when `show` is false."""
    if console is None or not console.is_terminal or not show or total <= 0:
        yield lambda n: None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=console, transient=True) as progress:
        task = progress.add_task(label, total=total)
        yield lambda n: progress.advance(task, n)
