"""Work spread over the machine's cores with fork: independent pages laid
out and drawn at the same time.

:func:`fork_map` computes ``fn(item)`` for every item, the parent and up to
``jobs - 1`` forked children each taking every ``jobs``-th item, the
children sending their results back pickled through a pipe. The results
come back in the items' order, so the output is the same as computing them
one after the other; an exception is raised for the first item (in order)
that raised one, as a loop would.

It falls back to a plain loop when fork is not available, when the process
runs other threads (forking them is unsafe: ``broadsheet watch`` in a test,
a host application), for fewer than :data:`MIN_ITEMS` items, or when
``BROADSHEET_JOBS`` is 1. ``BROADSHEET_JOBS`` (default: the CPUs this
process may use) caps the processes.
"""

from __future__ import annotations

import os
import pickle
import threading
from typing import Callable, Iterable, TypeVar

T = TypeVar("T")
R = TypeVar("R")

#: Fewer items than this are computed in this process (a fork costs ~10 ms).
MIN_ITEMS = 4


def jobs() -> int:
    """How many processes may work at once (``BROADSHEET_JOBS``, else the
    CPUs available to this process)."""
    env = os.environ.get("BROADSHEET_JOBS", "").strip()
    if env.isdigit() and int(env) > 0:
        return int(env)
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def fork_map(fn: Callable[[T], R], items: Iterable[T]) -> list[R]:
    """``[fn(item) for item in items]``, computed by several processes (see
    the module's docstring). ``fn`` and the items need not be picklable
    (the children inherit them); the results must be."""
    items = list(items)
    n = min(jobs(), len(items))
    if n < 2 or len(items) < MIN_ITEMS or not hasattr(os, "fork") or threading.active_count() > 1:
        return [fn(item) for item in items]
    children = []
    for k in range(1, n):
        r, w = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: its share, pickled to the pipe, then out without cleanup
            os.close(r)
            try:
                out = []
                for i in range(k, len(items), n):
                    try:
                        out.append((i, True, fn(items[i])))
                    except BaseException as exc:  # noqa: BLE001 - handed to the parent
                        out.append((i, False, exc))
                        break
                try:
                    data = pickle.dumps(out, protocol=pickle.HIGHEST_PROTOCOL)
                except Exception as exc:  # noqa: BLE001
                    data = pickle.dumps([(k, False, RuntimeError(f"a result could not be pickled: {exc}"))])
                with os.fdopen(w, "wb") as fh:
                    fh.write(data)
            finally:
                os._exit(0)
        os.close(w)
        children.append((pid, r))
    results: dict[int, tuple[bool, object]] = {}
    for i in range(0, len(items), n):
        try:
            results[i] = (True, fn(items[i]))
        except BaseException as exc:  # noqa: BLE001
            results[i] = (False, exc)
            break
    for pid, r in children:
        with os.fdopen(r, "rb") as fh:
            data = fh.read()
        os.waitpid(pid, 0)
        try:
            for i, ok, value in pickle.loads(data):
                results[i] = (ok, value)
        except Exception:  # noqa: BLE001 - a child died: its share is computed here below
            pass
    out = []
    for i in range(len(items)):
        if i not in results:
            # after an exception in a share, its later items were not computed:
            # an earlier item's exception is raised below, else compute it now
            ok, value = True, fn(items[i])
        else:
            ok, value = results[i]
        if not ok:
            raise value
        out.append(value)
    return out
