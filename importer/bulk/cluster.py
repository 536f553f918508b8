"""Jobs on an existing Dask distributed cluster (``--scheduler tcp://HOST:8786``).

Each job is a task; the task runs the job in a process of its own on the worker
(:func:`importer.bulk.isolated.run_isolated`). Sources and outputs are paths that every worker
must see as the caller does: a shared filesystem. Dask is optional (the ``dask`` extra) and is
imported only here, only when a scheduler is given. No scheduler of our own is started.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from typing import Any

from ..errors import UsageError
from .execute import one_line
from .isolated import run_isolated
from .jobs import Job
from .report import FAILED

Outcome = dict[str, Any]
CONNECT_TIMEOUT = "30s"


def run_on_cluster(
    jobs: Iterable[Job], on_done: Callable[[Job, Outcome], None], scheduler: str, timeout: float | None = None
) -> None:
    """Send ``jobs`` to the Dask scheduler at ``scheduler`` and call ``on_done`` as each ends.

    On KeyboardInterrupt the tasks not yet finished are cancelled and the interrupt goes on."""
    try:
        from distributed import Client, as_completed
    except ImportError:
        raise UsageError("{scheduler} needs Dask: pip install 'blogimport[dask]'") from None
    try:
        client = Client(scheduler, timeout=CONNECT_TIMEOUT, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        raise UsageError(f"cannot reach the Dask scheduler at {scheduler}: {one_line(str(exc))}") from None
    batch_id = uuid.uuid4().hex[:8]
    with client:
        by_key = {}
        for index, job in enumerate(jobs):
            # pure=False: a job re-sent after a change must run again, not reuse an old result
            future = client.submit(run_isolated, job, timeout, key=f"blogimport-{batch_id}-{index}", pure=False)
            by_key[future.key] = (job, future)
        try:
            for future in as_completed([f for _, f in by_key.values()], loop=client.loop):
                job = by_key[future.key][0]
                on_done(job, _outcome(future))
        finally:
            client.cancel([f for _, f in by_key.values() if not f.done()])


def _outcome(future: Any) -> Outcome:
    """The task's outcome; a task that itself failed (its worker died every time it was tried)
    becomes the job's failure."""
    if future.status == "finished":
        outcome: Outcome = future.result()
        return outcome
    try:
        future.result()
        reason = f"the task ended as {future.status}"
    except Exception as exc:
        reason = one_line(f"the task failed on the cluster: {type(exc).__name__}: {exc}")
    return {"status": FAILED, "reason": reason, "inputs": [], "tally": None, "seconds": None, "peak_memory_mb": None}
