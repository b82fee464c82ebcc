"""The register's similarity index: kept up to date incrementally, vectors made by the
worker and stored, lexical matching until a project's vector exists, nothing
re-embedded after a restart. A small fake encoder stands in for MiniLM."""

import numpy as np
import pytest

from oneteam.work import embedding, index, selectors, tasks
from oneteam.work.models import ProjectVector

pytestmark = pytest.mark.django_db

GROUPS = [{"older", "pensioners", "elderly", "seniors", "over-70s"}, {"potholes", "roads", "tarmac"}]


class FakeEncoder:
    name = "fake-encoder"
    dimension = 3

    def __init__(self):
        self.calls = 0
        self.texts = 0

    def encode(self, texts):
        self.calls += 1
        self.texts += len(texts)
        rows = []
        for text in texts:
            words = set(text.lower().replace(".", " ").split())
            row = np.array([len(words & group) for group in GROUPS] + [0.1], dtype=np.float32)
            rows.append(row / np.linalg.norm(row))
        return np.asarray(rows, dtype=np.float32)


@pytest.fixture
def fake(monkeypatch):
    encoder = FakeEncoder()
    monkeypatch.setattr(embedding, "model_name", lambda: encoder.name)
    monkeypatch.setattr(embedding, "encoder_named", lambda name: encoder)
    return encoder


def test_the_lexical_index_follows_changes(make_project):
    project = make_project()
    before = selectors.similar_to_text("tablets video calls", None)[0]
    assert before.project == project
    project.summary = "Mapping potholes on residential roads."
    project.save()
    after = selectors.similar_to_text("tablets video calls", None)
    assert not after or after[0].score < before.score / 2
    assert selectors.similar_to_text("potholes", None)[0].project == project


def test_the_worker_embeds_new_projects_and_stores_their_vectors(fake, make_project,
                                                                 django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        project = make_project(title="Seniors online", summary="Tablets for elderly residents.")
    assert tasks.backlog() == 1
    assert not index.project_index().has_vector(project.pk)  # lexical until the worker has been
    for callback in callbacks:
        callback()  # the immediate task backend runs embed_projects now
    assert tasks.backlog() == 0
    stored = ProjectVector.objects.get(project=project)
    assert stored.model == "fake-encoder" and len(embedding.from_bytes(stored.vector)) == 3
    assert index.project_index().has_vector(project.pk)
    # Meaning, not words: no word in common with the project.
    found = selectors.similar_to_text("help for pensioners", None)
    assert found and found[0].project == project


def test_changed_words_fall_back_to_lexical_until_embedded_again(fake, make_project):
    project = make_project(title="Seniors online", summary="Tablets for elderly residents.")
    tasks.embed_projects.call()
    assert index.project_index().has_vector(project.pk)
    project.summary = "Filling potholes on the roads."
    project.save()
    assert not index.project_index().has_vector(project.pk)
    assert tasks.backlog() == 1
    tasks.embed_projects.call()
    assert index.project_index().has_vector(project.pk)


def test_a_restart_re_embeds_nothing(fake, make_project):
    for number in range(3):
        make_project(title=f"Seniors club {number}", summary="Tablets for elderly residents.")
    tasks.embed_projects.call()
    index.reset()
    before = fake.texts
    assert len(index.project_index().semantic) == 3
    assert fake.texts == before  # the stored vectors were used as they are


def test_the_model_is_a_setting(settings):
    settings.ONETEAM_EMBEDDING_MODEL = "lexical"
    assert embedding.model_name() is None
    assert tasks.backlog() is None


def test_organisers_see_the_backlog_on_the_overlaps_report(client, fake, make_project, global_organiser,
                                                          make_user):
    make_project(title="Seniors online", summary="Tablets for elderly residents.")
    client.force_login(global_organiser)
    page = client.get("/work/overlaps/").text
    assert "1 project waits for the worker to read its meaning" in page
    assert "1 project waits for the worker to look for its overlaps" in page
    tasks.embed_projects.call()
    tasks.find_neighbours.call()
    page = client.get("/work/overlaps/").text
    assert "0 projects wait for the worker to read their meaning" in page
    assert "0 projects wait for the worker to look for their overlaps" in page
    make_project(title="Seniors online again", summary="Tablets for elderly residents.")
    client.force_login(make_user())
    assert "waits for the worker" not in client.get("/work/overlaps/").text


def test_the_command_embeds_what_is_stale(fake, make_project):
    from io import StringIO

    from django.core.management import call_command

    make_project(title="Seniors online", summary="Tablets for elderly residents.")
    out = StringIO()
    call_command("embed_projects", stdout=out)
    assert "Embedded 1 project(s) with fake-encoder" in out.getvalue()
    assert tasks.backlog() == 0


def test_the_index_is_saved_and_a_restart_reads_only_what_changed(fake, make_project, settings, tmp_path,
                                                                   monkeypatch):
    settings.WORK_INDEX_DIR = str(tmp_path)
    monkeypatch.setattr(index, "SAVE_AFTER", 1)
    first = make_project(title="Seniors online", summary="Tablets for elderly residents.")
    tasks.embed_projects.call()
    index.project_index()
    assert (tmp_path / "current" / "state.json").exists()
    index.reset()
    before = fake.texts
    restarted = index.project_index()
    assert restarted.has_vector(first.pk) and fake.texts == before
    second = make_project(title="Pothole map", summary="Potholes on the roads.")
    assert str(second.pk) in index.project_index().lexical  # read since the restart
