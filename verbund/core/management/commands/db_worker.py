"""``db_worker`` of django-tasks-db, plus a heartbeat: while the process lives it records
every ``WORKER_BEAT_SECONDS`` that it is alive, for the readiness check
(``verbund.core.tasks.worker_heartbeat_age``). Options are those of django-tasks-db."""

from __future__ import annotations

import logging
import os
import socket
import threading

from django.db import connection
from django_tasks_db.management.commands import db_worker as base

from verbund.core.tasks import WORKER_BEAT_SECONDS, worker_beat

logger = logging.getLogger(__name__)


class HeartbeatWorker(base.Worker):
    def run(self) -> None:
        stop = threading.Event()
        beat = threading.Thread(target=self._beat, args=(stop,), name="worker-heartbeat")
        beat.daemon = True  # the worker process itself, not a web worker: dies with it
        beat.start()
        try:
            super().run()
        finally:
            stop.set()

    def _beat(self, stop: threading.Event) -> None:
        hostname, pid = socket.gethostname(), os.getpid()
        while True:
            try:
                worker_beat(worker_id=self.worker_id, hostname=hostname, pid=pid)
            except Exception:  # a locked database must not end the worker
                logger.warning("worker heartbeat could not be written", exc_info=True)
            finally:
                connection.close()
            if stop.wait(WORKER_BEAT_SECONDS):
                return


class Command(base.Command):
    help = base.Command.help + " (mit Lebenszeichen für die Bereitschaftsprüfung)"

    def handle(self, *args, **options):
        original = base.Worker
        base.Worker = HeartbeatWorker
        try:
            return super().handle(*args, **options)
        finally:
            base.Worker = original
