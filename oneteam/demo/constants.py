"""The demo sign-ins the README documents and ``oneteam demo`` prints.

These are a promise to whoever reads the README, so they live in code rather
than in a data file: every load checks that ``people.toml`` defines these two
people and sets these passwords again if someone changed them.
"""

ORGANISER_EMAIL = "organiser@example.org"
ORGANISER_PASSWORD = "demo-organiser-2026"
MEMBER_EMAIL = "member@example.org"
MEMBER_PASSWORD = "demo-member-2026"
# Everyone else in the demo shares this password, so any of them can be tried too.
PERSON_PASSWORD = "demo-person-2026"

DOCUMENTED_SIGN_INS = {ORGANISER_EMAIL: ORGANISER_PASSWORD, MEMBER_EMAIL: MEMBER_PASSWORD}
