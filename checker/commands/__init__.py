"""CLI subcommands, one module each (add_parser(subparsers) and a run function), and flag plumbing shared by them."""
