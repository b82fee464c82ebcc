"""work.toml: the work register's projects, their people, story, OKRs, checklists,
help wanted, and the relations people have confirmed between them.

Each project is registered by its ``owner`` through ``register_project`` (so
the owner is its responsible person and it gets its start-up checklist); the
rest goes through the work services too. Only the dates of the updates are set
directly afterwards, as time passing is no service. Looked up by slug, so a
rerun adds nothing.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from oneteam.work import services
from oneteam.work.models import Project, ProjectUpdate, Relation

from ..context import Checker, Context, pin_slug, where, where_in

FILE = "work.toml"

PROJECT_FIELDS = {"title": str, "summary": str, "organisation": str, "owner": str, "phase": str}
PROJECT_OPTIONAL = {
    "team": str, "role": str, "visibility": str, "chapter": str, "themes": list, "started_days_ago": int,
    "contact": str, "contact_role": str, "team_members": list, "updates": list, "objectives": list,
    "help_wanted": list, "done_steps": int, "links": list,
}
RELATION_FIELDS = {"first": str, "second": str, "kind": str, "by": str}
RELATION_OPTIONAL = {"note": str}
PHASES = [choice for choice in Project.Phase.values]
VISIBILITIES = [choice for choice in Project.Visibility.values]


def check(data: dict, checker: Checker) -> None:
    checker.table(data, FILE, optional={"projects": dict, "relations": list})
    for slug, spec in data.get("projects", {}).items():
        place = where(FILE, "projects", slug)
        checker.define("project", slug, place, FILE)
        if not checker.table(spec, place, required=PROJECT_FIELDS, optional=PROJECT_OPTIONAL):
            continue
        checker.refer("organisation", spec["organisation"], where_in(place, "organisation"))
        checker.refer("person", spec["owner"], where_in(place, "owner"))
        checker.choice(spec["phase"], PHASES, where_in(place, "phase"))
        if "visibility" in spec:
            checker.choice(spec["visibility"], VISIBILITIES, where_in(place, "visibility"))
        if "chapter" in spec:
            checker.refer("chapter", spec["chapter"], where_in(place, "chapter"))
        for index, email in checker.texts(spec.get("team_members", []), where_in(place, "team_members")):
            checker.refer("person", email, where_in(where_in(place, "team_members"), index))
        for index, update in enumerate(spec.get("updates", [])):
            checker.table(update, where_in(where_in(place, "updates"), index),
                          required={"days_ago": int, "text": str})
        for index, objective in enumerate(spec.get("objectives", [])):
            spot = where_in(where_in(place, "objectives"), index)
            if checker.table(objective, spot, required={"title": str, "key_results": list}):
                for number, result in enumerate(objective["key_results"]):
                    checker.table(result, where_in(where_in(spot, "key_results"), number),
                                  required={"title": str, "target": int, "current": int},
                                  optional={"start": int, "unit": str})
    for index, relation in enumerate(data.get("relations", [])):
        place = where_in(where(FILE, "relations"), index)
        if checker.table(relation, place, required=RELATION_FIELDS, optional=RELATION_OPTIONAL):
            for end in ("first", "second"):
                checker.refer("project", relation[end], where_in(place, end))
            checker.refer("person", relation["by"], where_in(place, "by"))
            checker.choice(relation["kind"], Relation.Kind.values, where_in(place, "kind"))


def load(data: dict, ctx: Context) -> None:
    for slug, spec in data.get("projects", {}).items():
        project = Project.objects.filter(slug=slug).first()
        if project is None:
            project = _create(slug, spec, ctx)
        ctx.keep("project", slug, project)
    for relation in data.get("relations", []):
        first, second = ctx.get("project", relation["first"]), ctx.get("project", relation["second"])
        a, b = sorted([first.pk, second.pk])
        if Relation.objects.filter(first_id=a, second_id=b).exists():
            continue
        services.judge_pair(project=first, other=second, by=ctx.get("person", relation["by"]),
                            kind=relation["kind"], note=relation.get("note", ""))
        ctx.count()


def _create(slug: str, spec: dict, ctx: Context) -> Project:
    owner = ctx.get("person", spec["owner"])
    started = spec.get("started_days_ago")
    project = services.register_project(
        by=owner, title=spec["title"], summary=spec["summary"].strip(),
        organisation=ctx.get("organisation", spec["organisation"]), team=spec.get("team", ""),
        chapter=ctx.get("chapter", spec["chapter"]) if "chapter" in spec else None,
        phase=spec["phase"], visibility=spec.get("visibility", "public"),
        start_date=(ctx.now - dt.timedelta(days=started)).date() if started else None,
        themes=spec.get("themes", []), role=spec.get("role", ""),
        links=[(link.split("|")[0], link.split("|")[-1]) for link in spec.get("links", [])],
    )
    pin_slug(project, slug)
    ctx.count()
    for email in spec.get("team_members", []):
        services.add_person(project=project, by=owner, user=ctx.get("person", email), role="Team member")
    if "contact" in spec:
        services.add_person(project=project, by=owner, name=spec["contact"], role=spec.get("contact_role", ""),
                            responsible=True)
    for update in spec.get("updates", []):
        posted = services.post_update(project=project, by=owner, body=update["text"])
        ProjectUpdate.objects.filter(pk=posted.pk).update(created_at=ctx.days_ago(update["days_ago"]))
    for objective_spec in spec.get("objectives", []):
        objective = services.add_objective(project=project, by=owner, title=objective_spec["title"])
        for result in objective_spec["key_results"]:
            services.add_key_result(
                objective=objective, by=owner, title=result["title"], target=Decimal(result["target"]),
                start_value=Decimal(result.get("start", 0)), current=Decimal(result["current"]),
                unit=result.get("unit", ""),
            )
    for skill in spec.get("help_wanted", []):
        services.ask_for_help(project=project, by=owner, skill=skill)
    for step in list(project.checklist_steps.all()[: spec.get("done_steps", 0)]):
        services.tick_step(step=step, by=owner, done=True)
    return project
