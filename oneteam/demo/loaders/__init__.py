"""One loader per data file, run in the order of the layers: each builds on the ones before.

A loader is a module with:

- ``FILE``: its file's name in ``oneteam/demo/data/``;
- ``check(data, checker)``: report every problem in the parsed file, naming
  the file and the key, through the ``Checker`` (which also knows what the
  earlier files defined, so references can be followed);
- ``load(data, ctx)``: look each record up by its natural key, create the
  missing ones through the app's services and ``ctx.keep`` them for the
  loaders after it.

A new app adds its file under ``data/`` and its module here, after the apps
it builds on.
"""

from . import chapters, events, goals, health, leancoffee, people, stories, unconf, work

LOADERS = (people, chapters, events, health, leancoffee, unconf, work, goals, stories)
