"""`python -m app.cli` runs the `skygate` command line (used to start child processes)."""

from app.cli import main

main()
