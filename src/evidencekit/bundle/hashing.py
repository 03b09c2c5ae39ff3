"""SHA-256 on a second core while the caller does CRC and I/O on the first.

hashlib releases the GIL for large buffers, so hashing chunks on a worker thread
overlaps with reading, CRC-32 and writing. Chunks are hashed in order through a
small bounded queue, which also bounds the memory in flight.
"""

from __future__ import annotations

import hashlib
import queue
import threading


class BackgroundSha256:
    def __init__(self, depth: int = 4) -> None:
        self._digest = hashlib.sha256()
        self._queue: queue.Queue[bytes | None] = queue.Queue(maxsize=depth)
        self._thread = threading.Thread(target=self._run, name="sha256", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while (chunk := self._queue.get()) is not None:
            self._digest.update(chunk)

    def update(self, chunk: bytes) -> None:
        self._queue.put(chunk)

    def hexdigest(self) -> str:
        """Wait for every queued chunk, then return the digest (call once)."""
        self.close()
        return self._digest.hexdigest()

    def close(self) -> None:
        if self._thread.is_alive():
            self._queue.put(None)
            self._thread.join()
