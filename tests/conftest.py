"""Fixtures shared by every test folder."""

from __future__ import annotations

import faulthandler
import sys
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager

import pytest

HANG_SECONDS = 300.0
"""How long a guarded block may run before it counts as hung. Generous on purpose: the guard
catches hangs (a reader computing 10**999999999), it does not measure speed, which the
benchmarks do."""


@contextmanager
def _guard(seconds: float = HANG_SECONDS) -> Iterator[None]:
    # faulthandler's timer also stops C code that a Python signal handler could not interrupt:
    # after ``seconds`` it prints every thread's traceback and ends the test run (a failure).
    faulthandler.dump_traceback_later(seconds, exit=True, file=sys.__stderr__)
    try:
        yield
    finally:
        faulthandler.cancel_dump_traceback_later()


@pytest.fixture
def no_hang() -> Callable[..., AbstractContextManager[None]]:
    """``with no_hang(): ...`` fails the run if the block hangs (see :data:`HANG_SECONDS`)."""
    return _guard
