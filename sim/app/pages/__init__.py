"""The app's pages, one module each: Guarantee, Repeated game, Sweep (and their shared parts)."""
