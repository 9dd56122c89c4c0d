"""Work shared with forked processes: rendering a thousand pages is pure Python, one core each.

The items stay where they are: a forked process starts with this process's memory (the maps, the
renderer, its templates), so nothing is sent to it but its results back, in order. Where fork is
not available (Windows, or a process that already runs threads), the work runs here, as it would
with ``workers=1``: the results are the same either way.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


def cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def can_fork() -> bool:
    """Fork is safe here: a POSIX system that offers it, and no other thread running (a thread
    holding a lock while the process forks would leave that lock held forever in the child)."""
    return (
        sys.platform.startswith("linux")
        and "fork" in multiprocessing.get_all_start_methods()
        and threading.active_count() == 1
    )


def split_map(items: Sequence[T], work: Callable[[T], R], *, workers: int) -> list[R]:
    """``[work(item) for item in items]``, shared by ``workers`` processes (this one included).

    Each process takes the next item not taken yet (a shared counter), so a few long items (the
    pages about every map) do not leave one process waiting for the other; the results are put
    back in the items' order. An exception in a forked process is raised here, as if the work had
    run here; a forked process that dies without an answer has its items done here.
    """
    workers = min(workers, len(items))
    if workers < 2 or not can_fork():
        return [work(item) for item in items]
    context = multiprocessing.get_context("fork")
    children: list[tuple[Connection, multiprocessing.process.BaseProcess]] = []
    try:
        try:
            taken = context.Value("q", 0)  # the next item no process has taken (a shared counter)
            for _ in range(1, workers):
                receive, send = context.Pipe(duplex=False)
                child = context.Process(target=_share, args=(items, work, taken, send), daemon=True)
                child.start()
                send.close()
                children.append((receive, child))
        except OSError:  # no shared memory or no process to spare (a locked-down container): do it all here
            if not children:
                return [work(item) for item in items]
        done: dict[int, R] = dict(_take(items, work, taken))
        for receive, _ in children:
            try:
                status, payload = receive.recv()
            except EOFError:  # the process died (killed, out of memory): what it took is done below
                continue
            if status == "error":
                raise payload
            done.update(payload)
        return [done[index] if index in done else work(item) for index, item in enumerate(items)]
    finally:
        for receive, child in children:
            receive.close()
            if child.is_alive():
                child.terminate()
            child.join()


def _take(items: Sequence[T], work: Callable[[T], R], taken) -> list[tuple[int, R]]:
    """Work on the next item not taken yet, until none is left: (index, result) of each."""
    done: list[tuple[int, R]] = []
    while True:
        with taken.get_lock():
            index = taken.value
            taken.value = index + 1
        if index >= len(items):
            return done
        done.append((index, work(items[index])))


def _share(items: Sequence[T], work: Callable[[T], R], taken, send: Connection) -> None:
    try:
        answer: tuple[str, object] = ("ok", _take(items, work, taken))
    except Exception as exc:  # every failure goes back to the parent, raised there
        answer = ("error", exc)
    try:
        send.send(answer)
    except Exception as exc:  # an answer that does not pickle
        send.send(("error", RuntimeError(f"{type(exc).__name__}: {exc}")))
    finally:
        send.close()
