"""Sentence embeddings on the CPU: a static model distilled from all-MiniLM-L6-v2 (docs/matching.md).

A text's vector is the SIF-weighted mean of the vectors of its WordPiece tokens, L2-normalised.
The model (``data/embeddings/static_minilm.npz``, ~13 MB of float16) and the tokenizer
(``data/embeddings/tokenizer.json``) ship in the repository and are built by
``scripts/embeddings/distill.py``; nothing is downloaded and no transformer runs at request time.
Only numpy and ``tokenizers`` are needed.
"""

from __future__ import annotations

import hashlib
import threading
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from django.conf import settings

MAX_TOKENS = 2048


class StaticEmbedder:
    """``StaticEmbedder().embed(["text", …])`` → float32 (n, dims), each row of unit length (or zero)."""

    def __init__(self, directory: Path | None = None) -> None:
        from tokenizers import Tokenizer

        directory = Path(directory or settings.STINT_EMBEDDINGS_DIR)
        model_path = directory / "static_minilm.npz"
        data = np.load(model_path)
        vectors = data["vectors"].astype(np.float32)
        weights = data["weights"].astype(np.float32)
        token_ids = data["token_ids"].astype(np.int64)
        self.dims = int(vectors.shape[1])
        self.tokenizer = Tokenizer.from_file(str(directory / "tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.no_truncation()
        vocab_size = int(self.tokenizer.get_vocab_size())
        # Row 0 is a zero vector with zero weight: tokens the model left out ([unused], CJK…) land there.
        self.row_of = np.zeros(vocab_size, dtype=np.int64)
        self.row_of[token_ids] = np.arange(1, len(token_ids) + 1)
        self.vectors = np.vstack([np.zeros((1, self.dims), dtype=np.float32), vectors * weights[:, None]])
        self.weights = np.concatenate([[0.0], weights]).astype(np.float32)
        self.version = "static-minilm-" + hashlib.sha256(model_path.read_bytes()).hexdigest()[:12]

    def embed_one(self, text: str) -> np.ndarray:
        ids = np.asarray(self.tokenizer.encode(text or "", add_special_tokens=False).ids[:MAX_TOKENS], dtype=np.int64)
        out = np.zeros(self.dims, dtype=np.float32)
        if ids.size == 0:
            return out
        rows = self.row_of[ids]
        total = float(self.weights[rows].sum())
        if total <= 0:
            return out
        vec = self.vectors[rows].sum(axis=0) / total
        norm = float(np.linalg.norm(vec))
        return (vec / norm).astype(np.float32) if norm > 0 else out

    def embed(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dims), dtype=np.float32)
        return np.vstack([self.embed_one(t) for t in texts])


_lock = threading.Lock()


@lru_cache(maxsize=1)
def _embedder() -> StaticEmbedder:
    with _lock:
        return StaticEmbedder()


def get_embedder() -> StaticEmbedder:
    """The process-wide embedder (loaded once, ~20 ms)."""
    return _embedder()


def embed_texts(texts: list[str]) -> np.ndarray:
    return get_embedder().embed(texts)


def model_version() -> str:
    return get_embedder().version


def text_hash(text: str) -> str:
    """What decides whether a stored vector is still current: the model and the exact text."""
    return hashlib.sha256(f"{model_version()}\n{text}".encode()).hexdigest()


def to_bytes(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype=np.float16).tobytes()


def from_bytes(blob: Any, dims: int | None = None) -> np.ndarray:
    arr = np.frombuffer(bytes(blob), dtype=np.float16)
    return arr.astype(np.float32)
