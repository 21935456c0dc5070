"""The repeated escalation game in Mesa (DESIGN.md §6; ``docs/dynamics.md``)."""
