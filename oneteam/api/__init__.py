"""OneTeam's public JSON API (django-ninja), served under /api/ with OpenAPI docs."""
