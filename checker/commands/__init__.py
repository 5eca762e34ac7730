"""Sub-commands and command-line plumbing shared by them, kept out of `cli.py` so it stays a dispatcher."""
