from .landing import ToolkitPage
from .principles import PrincipleIndexPage, PrinciplePage, Promise
from .resources import ResourceIndexPage, ResourcePage, ResourcePrinciple, ResourceSector
from .sectors import SectorIndexPage, SectorPage, SectorPrinciple

__all__ = [
    "PrincipleIndexPage",
    "PrinciplePage",
    "Promise",
    "ResourceIndexPage",
    "ResourcePage",
    "ResourcePrinciple",
    "ResourceSector",
    "SectorIndexPage",
    "SectorPage",
    "SectorPrinciple",
    "ToolkitPage",
]
