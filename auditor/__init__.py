"""auditor: what every network box runs, whether it is still supported and patched, with proof."""

__version__ = "0.1.0"
