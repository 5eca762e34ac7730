"""tieout: tie out financial statements the way an auditor ticks them."""

__version__ = "0.1.0"
