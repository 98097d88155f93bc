"""The offence catalogue (违法行为目录): YAML data reviewed like code, its pydantic schema, the discretion-band
calculator and the offence matcher."""

from knowledge.catalogue.loader import CatalogueError, load_catalogue, read_catalogue
from knowledge.catalogue.schema import Catalogue, Fine, FineTier, LawRef, Offence, PartyType

__all__ = [
    "Catalogue",
    "CatalogueError",
    "Fine",
    "FineTier",
    "LawRef",
    "Offence",
    "PartyType",
    "load_catalogue",
    "read_catalogue",
]
