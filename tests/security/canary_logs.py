"""Where a canary could land in the logs: every logger at DEBUG, recorded; every log file."""
from __future__ import annotations

import logging
import os
from pathlib import Path


class AllLoggersAtDebug:
    """Every logger at DEBUG (even those that set their own level, like SQLAlchemy's), recorded by caplog."""

    def __init__(self, caplog):
        self.caplog = caplog
        self.patched: list[logging.Logger] = []

    def __enter__(self):
        self.caplog.set_level(logging.DEBUG)
        for name, logger in list(logging.root.manager.loggerDict.items()):
            if isinstance(logger, logging.Logger):
                self.caplog.set_level(logging.DEBUG, logger=name)  # restored by caplog after the test
                if not logger.propagate:
                    logger.addHandler(self.caplog.handler)
                    self.patched.append(logger)
        return self

    def __exit__(self, *exc):
        for logger in self.patched:
            logger.removeHandler(self.caplog.handler)


def log_text(caplog) -> bytes:
    """Every record: its message, its arguments' text, its formatted exception. A delivered mail's record
    (no SMTP: the log is the mailbox) is read without its recipient, the one address a log may show."""
    parts = []
    for record in caplog.records:
        args = record.args
        if record.name == "hrdap.mail.services" and str(record.msg).startswith("mail to") and args:
            args = ("<recipient>", *args[1:])
        message = str(record.msg) % args if args else str(record.msg)
        parts += [message, repr(args), record.exc_text or "", str(record.msg)]
    return "\n".join(parts).encode("utf-8", "replace")


def log_files() -> dict[str, bytes]:
    """The contents of every file a log handler writes to (none in the default configuration)."""
    files = {}
    loggers = [logging.getLogger()] + [item for item in logging.root.manager.loggerDict.values()
                                        if isinstance(item, logging.Logger)]
    for logger in loggers:
        for handler in logger.handlers:
            path = getattr(handler, "baseFilename", None)
            if path and Path(path).exists() and path != os.devnull:  # pytest's own file handler: /dev/null
                handler.flush()
                files[path] = Path(path).read_bytes()
    return files
