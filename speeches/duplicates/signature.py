"""MinHash signatures of speech texts and their LSH band keys: plain functions, no database.

A speech's text is cut into words (jieba, precise mode, punctuation and stop words
dropped) and read as overlapping runs of SHINGLE_WORDS words; two texts' Jaccard
similarity over those runs is estimated by the share of equal MinHash values.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from ..segmentation import words

if TYPE_CHECKING:
    import numpy as np

# numpy and datasketch (which pulls in scipy) are imported where they are used: a web
# worker that never checks a duplicate stays ~60 MiB smaller (bench/results/load.txt).

THRESHOLD = 0.85
SHINGLE_WORDS = 3
PERMUTATIONS = 128
# 16 bands of 8 rows: a pair at 0.85 shares a band with probability 0.994, a pair at 0.5
# with 0.06 (the candidates are then checked against THRESHOLD).
BANDS, ROWS = 16, 8
SEED = 1
# datasketch 2's permutations; stored signatures are only comparable within one scheme.
SCHEME = "affine32"


def shingles(text: str) -> set[str]:
    tokens = words(text)
    if len(tokens) < SHINGLE_WORDS:
        return {" ".join(tokens)} if tokens else set()
    return {" ".join(tokens[i : i + SHINGLE_WORDS]) for i in range(len(tokens) - SHINGLE_WORDS + 1)}


def signature(text: str) -> np.ndarray | None:
    """The text's MinHash values (uint64), or None for a text with no words."""
    pieces = shingles(text)
    if not pieces:
        return None
    from datasketch import MinHash

    minhash = MinHash(num_perm=PERMUTATIONS, seed=SEED, scheme=SCHEME)
    minhash.update_batch([piece.encode("utf-8") for piece in pieces])
    return minhash.hashvalues


def band_keys(values: np.ndarray) -> list[int]:
    """One signed 64-bit key per band (the band's number is hashed in: bands never meet)."""
    keys = []
    for band in range(BANDS):
        chunk = values[band * ROWS : (band + 1) * ROWS].tobytes()
        digest = hashlib.blake2b(bytes([band]) + chunk, digest_size=8).digest()
        keys.append(int.from_bytes(digest, "big", signed=True))
    return keys


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of the two texts' shingles."""
    import numpy as np

    return float(np.count_nonzero(a == b)) / len(a)


def to_bytes(values: np.ndarray) -> bytes:
    return values.astype("<u8").tobytes()


def from_bytes(stored: bytes) -> np.ndarray:
    import numpy as np

    return np.frombuffer(bytes(stored), dtype="<u8").astype(np.uint64)


def all_pairs(signatures: dict[int, np.ndarray]) -> list[tuple[int, int, float]]:
    """Every pair at THRESHOLD or above, as (smaller id, larger id, similarity), most
    similar first: datasketch's LSH index for candidates, then the estimate checked."""
    from datasketch import LeanMinHash, MinHashLSH

    lsh = MinHashLSH(threshold=THRESHOLD, num_perm=PERMUTATIONS, params=(BANDS, ROWS))
    minhashes = {}
    with lsh.insertion_session() as session:
        for pk, values in signatures.items():
            minhash = LeanMinHash(seed=SEED, hashvalues=values, scheme=SCHEME)
            minhashes[pk] = minhash
            session.insert(pk, minhash, check_duplication=False)
    pairs = []
    for pk, minhash in minhashes.items():
        for other in lsh.query(minhash):
            if other > pk:
                score = similarity(signatures[pk], signatures[other])
                if score >= THRESHOLD:
                    pairs.append((pk, other, score))
    return sorted(pairs, key=lambda pair: (-pair[2], pair[0], pair[1]))
