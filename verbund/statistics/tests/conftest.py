from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
DATA = REPO.parent / "shared" / "data"


def data_path(*parts: str) -> Path:
    path = DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"Echte Testdaten fehlen: {path} (erwartet unter ../shared/data)")
    return path
