"""The usage write path: group commit, durable before the answer leaves.

A call's event goes to one writer thread; the call's answer waits until the transaction that
holds the event has committed. Calls that arrive together share one commit, so a burst of 200
calls costs a few commits instead of 200, and no event is ever only in memory while its answer
is out: a worker killed at any moment loses only calls that were never answered. Each event
carries a unique id, so a batch stored twice would still count once.
"""

from __future__ import annotations

import logging
import queue
import threading
from concurrent.futures import Future

from evcharge.db.engine import Database
from evcharge.db.repositories.usage import UsageEvent, insert_events
from evcharge.metrics import USAGE_BATCH

log = logging.getLogger("evcharge.usage")
MAX_BATCH = 500
_STOP = object()


class UsageWriter:
    def __init__(self, database: Database) -> None:
        self.database = database
        self._queue: queue.SimpleQueue[tuple[UsageEvent, Future[None]] | object] = (
            queue.SimpleQueue()
        )
        self._thread = threading.Thread(target=self._run, name="usage-writer", daemon=True)
        self._thread.start()
        self.closed = False

    def submit(self, event: UsageEvent) -> Future[None]:
        """Done once the event is committed; failed (with the error) if it could not be."""
        done: Future[None] = Future()
        self._queue.put((event, done))
        return done

    def close(self, timeout_s: float = 10.0) -> None:
        """Write everything submitted so far, then stop (graceful shutdown)."""
        self.closed = True
        self._queue.put(_STOP)
        self._thread.join(timeout_s)

    def _run(self) -> None:
        stopping = False
        while not stopping:
            batch: list[tuple[UsageEvent, Future[None]]] = []
            item = self._queue.get()
            while True:
                if item is _STOP:
                    stopping = True
                else:
                    batch.append(item)  # type: ignore[arg-type]
                if stopping or len(batch) >= MAX_BATCH:
                    break
                try:
                    item = self._queue.get_nowait()
                except queue.Empty:
                    break
            if batch:
                self._write(batch)

    def _write(self, batch: list[tuple[UsageEvent, Future[None]]]) -> None:
        try:
            # Limited: metered answers wait for this write, so a hung database must fail it fast.
            with self.database.core_transaction() as connection:
                insert_events(connection, [event for event, _ in batch])
        except Exception as exc:
            log.error("usage batch of %d not written: %s", len(batch), type(exc).__name__)
            for _, done in batch:
                done.set_exception(exc)
            return
        USAGE_BATCH.observe(len(batch))
        for _, done in batch:
            done.set_result(None)
