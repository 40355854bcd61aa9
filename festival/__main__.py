"""``python -m festival`` runs the command line."""

from festival.cli import app

app(prog_name="festival")
