"""equilibria layer."""
