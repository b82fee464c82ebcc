"""The demo register: projects from several countries, the same work in other words,
a conflicting pair, OKRs, checklists and help wanted."""

import pytest

from oneteam.demo.runner import load_demo
from oneteam.work import selectors
from oneteam.work.models import KeyResult, Project, Relation

pytestmark = pytest.mark.django_db

SAME_WORK = [
    ("auto-enrol-free-school-meals", "free-lunches-without-forms"),
    ("shared-record-hospital-discharge", "home-from-hospital-faster"),
    ("skills-based-job-matching", "skills-first-employment-matching"),
    ("digital-identity-foreign-residents", "verified-identity-online-services"),
    ("shared-form-builder", "reusable-forms-platform-cantons"),
    ("report-a-repair-online", "tenants-book-fixes-damp-leaks"),
]


def test_the_demo_register_is_rich_and_finds_the_same_work_in_other_words():
    load_demo()
    projects = Project.objects.select_related("organisation")
    assert projects.count() >= 50
    assert len({p.organisation.country.code for p in projects}) >= 8
    assert projects.filter(visibility="team").exists() and projects.filter(visibility="members").exists()
    assert Relation.objects.filter(kind="conflicting").exists()
    assert KeyResult.objects.count() >= 5
    for first, second in SAME_WORK:
        project = Project.objects.get(slug=first)
        similar = [item.project.slug for item in selectors.similar_projects(project, None)]
        assert second in similar[:3], (first, similar)
    assert load_demo().created == 0  # idempotent
