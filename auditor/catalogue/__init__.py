"""The advisory catalogue: schema, loader with located validation, indexes for evaluation."""

from auditor.catalogue.loader import CatalogueProblems, load_catalogue
from auditor.catalogue.model import Catalogue

__all__ = ["Catalogue", "CatalogueProblems", "load_catalogue"]
