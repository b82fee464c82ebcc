"""Reads of the work register that pages, exports and the API share.

Every read goes through ``permissions.visible_projects``: nothing here hands
out a project its reader may not see, and the similarity answers (similar
projects, suggestions while typing, the overlaps report) are filtered the same
way before anyone sees them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet
from django_countries.fields import Country

from oneteam.people.models import Organisation, User

from . import permissions
from .index import project_index
from .models import HelpWanted, Neighbour, Project, ProjectPerson, Relation, Theme

SIMILAR_COUNT = 5
SEARCH_CANDIDATES = 300
OVERLAP_PAIRS = 50


@dataclass(frozen=True)
class Filters:
    q: str = ""
    phase: str = ""
    organisation: str = ""  # slug
    theme: str = ""  # slug
    country: str = ""  # ISO code

    @property
    def any(self) -> bool:
        return bool(self.q or self.phase or self.organisation or self.theme or self.country)

    @property
    def narrowed(self) -> bool:
        """Some filter besides the search text."""
        return bool(self.phase or self.organisation or self.theme or self.country)

    def query_string(self) -> str:
        from urllib.parse import urlencode

        pairs = {name: getattr(self, name) for name in ("q", "phase", "organisation", "theme", "country")}
        return urlencode({k: v for k, v in pairs.items() if v})


def _listing(projects: QuerySet[Project]) -> QuerySet[Project]:
    return projects.select_related("organisation").prefetch_related("themes")


def _by_key(pks: list[int], allowed: QuerySet[Project]) -> QuerySet[Project]:
    """The projects among ``pks`` (a similarity answer's candidates) that ``allowed`` holds, unordered.

    The rows are looked up by primary key and ``allowed`` (the reader's visible projects, perhaps
    filtered) is asked of each as a correlated EXISTS on that key. Asked as
    ``allowed.filter(pk__in=pks)``, SQLite (which keeps no statistics unless told to) walked the
    visibility index instead, every public project's entry: 10-12 ms for 21 candidates at
    100,000 projects, against under 1 ms by key, and 2.5-4 ms against 1.3 ms for a filtered search.
    """
    return Project.objects.filter(pk__in=pks).filter(Exists(allowed.filter(pk=OuterRef("pk")))).order_by()


def project_list(user, filters: Filters = Filters()) -> QuerySet[Project] | Ranked:
    """The projects this person may see, filtered; most recently changed first,
    or, with a search text, the best matches first (words or meaning)."""
    projects = permissions.visible_projects(user)
    if filters.phase:
        projects = projects.filter(phase=filters.phase)
    if filters.organisation:
        projects = projects.filter(organisation__slug=filters.organisation)
    if filters.theme:
        projects = projects.filter(themes__slug=filters.theme)
    if filters.country:
        # The organisations of that country as a short list of ids: the database then keeps to
        # the list's index instead of joining every project to its organisation.
        in_country = list(Organisation.objects.filter(country=filters.country.upper()).values_list("pk", flat=True))
        projects = projects.filter(organisation_id__in=in_country)
    if not filters.q.strip():
        return _listing(projects)
    # With filters, the search ranks only the projects that pass them, so a narrow filter still
    # finds its best matches (the best of the whole register, filtered afterwards, may hold none).
    within = set(projects.values_list("pk", flat=True).order_by()) if filters.narrowed else None
    ranked = [pk for pk, _score in project_index().search(filters.q, SEARCH_CANDIDATES, within=within)]
    if within is None:  # candidates from the whole register: keep those the reader may see
        within = set(_by_key(ranked, projects).values_list("pk", flat=True))
    return Ranked([pk for pk in ranked if pk in within])


class Ranked(Sequence):
    """Search results in rank order: the ids are known, the rows are read a page at a time
    (a search may keep 300 candidates; a page shows 20 of them)."""

    def __init__(self, pks: list[int]) -> None:
        self.pks = pks

    def __len__(self) -> int:
        return len(self.pks)

    def count(self) -> int:  # as a QuerySet answers, for the API's pagination
        return len(self)

    def __getitem__(self, index):
        wanted = self.pks[index] if isinstance(index, slice) else [self.pks[index]]
        rows = {project.pk: project for project in _listing(Project.objects.filter(pk__in=wanted))}
        found = [rows[pk] for pk in wanted if pk in rows]
        return found if isinstance(index, slice) else found[0]


def visible_project(slug: str, user) -> Project | None:
    project = Project.objects.select_related("organisation", "chapter", "created_by").filter(slug=slug).first()
    if project is None or not permissions.can_see(user, project):
        return None
    return project


def project_people(project: Project) -> list[ProjectPerson]:
    return list(project.people.select_related("user", "user__organisation"))


def responsible_users(project: Project) -> list[User]:
    return [p.user for p in project.people.filter(responsible=True, user__isnull=False, user__is_active=True)
            .select_related("user")]


def _judged_with(project: Project) -> set[int]:
    pairs = Relation.objects.filter(Q(first=project) | Q(second=project)).values_list("first_id", "second_id")
    return {a if b == project.pk else b for a, b in pairs}


@dataclass(frozen=True)
class Similar:
    project: Project
    score: float

    @property
    def percent(self) -> int:
        return max(0, min(100, round(self.score * 100)))


def _visible_in_order(user, ranked: list[tuple[int, float]], exclude: set[int], k: int) -> list[Similar]:
    wanted = [(pk, score) for pk, score in ranked if pk not in exclude]
    # Themes are not read: the pages and the JSON show title, organisation and phase
    # (the API reads the themes of what it returns itself).
    found = _by_key([pk for pk, _ in wanted], permissions.visible_projects(user)).select_related("organisation")
    seen = {p.pk: p for p in found}
    return [Similar(seen[pk], score) for pk, score in wanted if pk in seen][:k]


def similar_projects(project: Project, user, k: int = SIMILAR_COUNT) -> list[Similar]:
    """The projects most like this one that the reader may see, leaving out pairs already judged."""
    exclude = _judged_with(project) | {project.pk}
    index = project_index()
    ask = k * 4
    while True:
        ranked = index.similar_to(project.pk, ask + len(exclude))
        shown = _visible_in_order(user, ranked, exclude, k)
        if len(shown) >= k or len(ranked) < ask + len(exclude) or ask >= 400:
            return shown
        ask *= 4


def similar_to_text(text: str, user, k: int = SIMILAR_COUNT, exclude: set[int] | None = None) -> list[Similar]:
    """The projects most like a text being typed, among those the reader may see."""
    if len(text.strip()) < 3:
        return []
    ranked = project_index().search(text, k * 8)
    return _visible_in_order(user, ranked, exclude or set(), k)


def relations_of(project: Project, user) -> list[tuple[Relation, Project]]:
    """Confirmed relations (not dismissals) with projects the reader may see."""
    relations = (
        Relation.objects.filter(Q(first=project) | Q(second=project))
        .exclude(kind=Relation.Kind.DISMISSED)
        .select_related("first", "second", "first__organisation", "second__organisation", "decided_by")
    )
    shown = []
    for relation in relations:
        other = relation.other(project)
        if permissions.can_see(user, other):
            shown.append((relation, other))
    return shown


def relation_between(first: Project, second: Project) -> Relation | None:
    a, b = sorted([first.pk, second.pk])
    return Relation.objects.filter(first_id=a, second_id=b).first()


@dataclass(frozen=True)
class Pair:
    first: Project
    second: Project
    score: float

    @property
    def percent(self) -> int:
        return max(0, min(100, round(self.score * 100)))


OVERLAP_CHUNK = 500
# The most neighbour rows one request reads. A reader who may see few of the closest pairs
# (most of them private to teams) gets the pairs found among these rows, and the page says
# so, rather than a request that reads the whole table.
OVERLAP_WALK = 20_000


@dataclass(frozen=True)
class Overlaps:
    pairs: list[Pair]
    rows_read: int
    # False when the walk stopped at OVERLAP_WALK rows with fewer pairs than asked for:
    # less alike pairs the reader may see can be further down.
    complete: bool


def overlaps(user, limit: int = OVERLAP_PAIRS) -> Overlaps:
    """The closest pairs of projects in different organisations across the whole register,
    not yet judged (nor dismissed), neither retired, both visible to the reader.

    Read from the neighbours the worker keeps (``tasks.find_neighbours``), best first:
    nothing is compared while the reader waits. The rows are walked in the order of their
    score index, a chunk at a time, and each chunk's projects are checked by key (visible and
    not retired, in one query; judged pairs, in another) until enough pairs are found or
    ``OVERLAP_WALK`` rows were read. Asked as one query joining the rows to the reader's
    visible projects, SQLite took minutes at 100,000 projects.
    """
    allowed_projects = permissions.visible_projects(user).exclude(phase=Project.Phase.RETIRED)
    rows = Neighbour.objects.order_by("-score", "pk").values_list(
        "project_id", "neighbour_id", "score", "project__organisation_id", "neighbour__organisation_id")
    best: dict[tuple[int, int], float] = {}
    offset = 0
    table_ended = False
    while len(best) < limit and offset < OVERLAP_WALK:
        size = min(OVERLAP_CHUNK, OVERLAP_WALK - offset)
        chunk = list(rows[offset:offset + size])
        offset += len(chunk)
        pairs = [((min(a, b), max(a, b)), score) for a, b, score, first_org, second_org in chunk
                 if first_org != second_org and (min(a, b), max(a, b)) not in best]
        pks = {pk for pair, _ in pairs for pk in pair}
        allowed = set(_by_key(list(pks), allowed_projects).values_list("pk", flat=True))
        judged = set(Relation.objects.filter(first_id__in=pks, second_id__in=pks).values_list("first_id", "second_id"))
        for pair, score in pairs:
            if pair[0] in allowed and pair[1] in allowed and pair not in judged:
                best.setdefault(pair, score)
        if len(chunk) < size:
            table_ended = True
            break
    if len(best) < limit and not table_ended:
        table_ended = not rows[offset:offset + 1].exists()
    ranked = sorted(best.items(), key=lambda item: -item[1])[:limit]
    by_pk = {p.pk: p for p in _listing(Project.objects.filter(pk__in={pk for pair, _ in ranked for pk in pair}))}
    return Overlaps(
        pairs=[Pair(by_pk[a], by_pk[b], score) for (a, b), score in ranked if a in by_pk and b in by_pk],
        rows_read=offset,
        complete=len(best) >= limit or table_ended,
    )


# --- The directory of responsibility -------------------------------------------


def responsibility(user, by: str) -> list[tuple[str, str, list[tuple[Project, list[str]]]]]:
    """Who owns which project, grouped by theme, organisation or person.

    Each group is ``(heading, address, [(project, [responsible people's names])])``.
    A person's name shows only as the project page shows it.
    """
    projects = list(
        _listing(permissions.visible_projects(user).exclude(phase=Project.Phase.RETIRED)).prefetch_related(
            Prefetch("people", queryset=ProjectPerson.objects.filter(responsible=True).select_related("user"))
        ).order_by("title")
    )
    groups: dict[str, tuple[str, list]] = {}

    def add(heading: str, address: str, project: Project, names: list[str]) -> None:
        groups.setdefault(heading, (address, []))[1].append((project, names))

    for project in projects:
        names = [person.display_name for person in project.people.all()]
        if by == "theme":
            for theme in project.themes.all():
                add(theme.name, f"?theme={theme.slug}", project, names)
        elif by == "person":
            for name in names or [""]:
                add(name or "—", "", project, names)
        else:
            add(project.organisation.name, f"?organisation={project.organisation.slug}", project, names)
    return [(heading, address, items) for heading, (address, items) in sorted(groups.items())]


# --- Help wanted and free agents -----------------------------------------------


def free_agents_for(skill: str, exclude: set[int] = frozenset()) -> list[User]:
    """Members who show a public free-agent profile offering this skill."""
    words = skill.strip()
    if not words:
        return []
    return list(
        User.objects.filter(
            is_active=True, is_free_agent=True, profile_public=True, show_free_agent=True,
            free_agent_skills__icontains=words,
        ).exclude(pk__in=exclude).order_by("display_name")[:5]
    )


def help_wanted_with_matches(project: Project) -> list[tuple[HelpWanted, list[User]]]:
    asked = list(project.help_wanted.all())
    if not asked:  # most projects: no need to read the team
        return []
    team = {p.user_id for p in project.people.all() if p.user_id}
    return [(wanted, free_agents_for(wanted.skill, team)) for wanted in asked]


def open_help_wanted(user) -> list[HelpWanted]:
    return list(
        HelpWanted.objects.filter(project__in=permissions.visible_projects(user))
        .select_related("project", "project__organisation").order_by("skill")
    )


def themes_in_use() -> QuerySet[Theme]:
    """Themes some project has (a semi-join on the theme's index, cheap at 100,000 projects)."""
    used = Project.themes.through.objects.filter(theme_id=OuterRef("pk"))
    return Theme.objects.filter(Exists(used))


def organisations_in_use() -> QuerySet[Organisation]:
    return Organisation.objects.filter(Exists(Project.objects.filter(organisation_id=OuterRef("pk")))).order_by("name")


@dataclass(frozen=True)
class FilterChoices:
    organisations: list[tuple[str, str]]  # (slug, name), by name
    themes: list[tuple[str, str]]  # (slug, name), by name
    countries: list[tuple[str, str]]  # (ISO code, name), by name


def filter_choices() -> FilterChoices:
    """What the register's filter menus offer: the organisations and themes some project has,
    and those organisations' countries.

    Read as plain values, and each country named once: naming every organisation's country
    through its model field (200 organisations at the benchmark's scale, each ``Country``
    built three times and translated) cost 5-8 ms of every list and search request.
    """
    organisations = list(organisations_in_use().values_list("slug", "name", "country"))
    named = (Country(code) for code in {code for _, _, code in organisations if code})
    return FilterChoices(
        organisations=[(slug, name) for slug, name, _ in organisations],
        themes=list(themes_in_use().values_list("slug", "name")),
        countries=sorted({(country.code, str(country.name)) for country in named if country},
                         key=lambda pair: pair[1]),
    )


def public_projects() -> QuerySet[Project]:
    """For the open exports: public projects only, whoever asks."""
    return _listing(Project.objects.filter(visibility=Project.Visibility.PUBLIC)).order_by("pk")
