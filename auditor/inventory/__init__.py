"""Inventory sources: who to audit. Credentials are resolved separately (`credentials`)."""

from auditor.inventory.native import load_inventory

__all__ = ["load_inventory"]
