"""The team's shared folder (../shared beside the repository): the seed page and the real
corpus. Tests that need it skip with a reason where a checkout has no such neighbour
(a clone in /tmp); `SHARED_DIR` points elsewhere."""

import os
from pathlib import Path

import pytest

REPOSITORY = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("SHARED_DIR", REPOSITORY.parent / "shared"))
SEED = SHARED / "seeds" / "000_e6589ff307b5b0a5.txt"
CORPUS = SHARED / "corpus"


def shared_file(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} is not on this machine (set SHARED_DIR to the shared folder)")
    return path
