"""One module per vendor version scheme; each defines `SCHEME`.

`auditor.versions` imports every public module here on first use, so adding a scheme is
adding a module. Module docstrings record the ordering decisions and their sources.
"""
