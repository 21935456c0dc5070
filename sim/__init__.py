"""Deterrence game-theory simulator: security guarantees as verified games."""

__version__ = "0.1.0"
