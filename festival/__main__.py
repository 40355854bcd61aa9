"""``python -m festival`` runs the command line."""

from festival.launch import main

main()
