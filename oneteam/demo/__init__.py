"""A small, believable OneTeam community to explore the site with.

The facts live in ``data/*.toml``, one file per app; ``loaders/`` holds one
small module per file and ``runner.load_demo()`` checks them all, then runs
them in layer order through each app's services. ``oneteam demo`` calls it.
"""
