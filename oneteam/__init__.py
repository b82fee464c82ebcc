"""OneTeam: a platform for public-sector reform communities."""

__version__ = "0.1.0"
