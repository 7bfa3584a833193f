"""Running a converter (LibreOffice, OCRmyPDF) as a process of its own, killed past a
timeout with everything it started."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
from dataclasses import dataclass
from pathlib import Path

logger = logging.getLogger(__name__)


class ProcessTimeoutError(Exception):
    """The process ran past its timeout and was killed."""


@dataclass(frozen=True)
class Finished:
    returncode: int
    #: The end of what it printed (standard output and error together).
    output: str


def run_with_timeout(command: list[str], *, timeout: float, cwd: Path, env: dict) -> Finished:
    """Run ``command`` in a new process group; past ``timeout`` seconds kill the whole group
    (LibreOffice starts a second process; OCRmyPDF its Tesseract workers) and raise
    ``ProcessTimeoutError``."""
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
        env=env, cwd=cwd, start_new_session=True,
    )
    try:
        output, _ = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(process)
        raise ProcessTimeoutError(f"{command[0]} ran over {timeout} s") from None
    except BaseException:
        _kill_group(process)
        raise
    text = output.decode("utf-8", errors="replace")[-2000:]
    if process.returncode != 0:
        logger.warning("%s exited with %s: %s", command[0], process.returncode, text)
    return Finished(process.returncode, text)


def _kill_group(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.communicate()
