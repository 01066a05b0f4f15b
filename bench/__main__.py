"""Run every benchmark (``python -m bench``) or the named ones (``python -m bench tenancy_scale``).

Each runs in its own process so that Django settings and databases never leak between them.
The exit code is non-zero if a benchmark fails or misses a target it checks.
"""

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(argv: list[str]) -> int:
    names = argv or sorted(
        path.stem
        for path in HERE.glob("*.py")
        if path.stem not in {"__init__", "__main__", "harness"}
    )
    failed = []
    for name in names:
        print(f"== {name}", flush=True)
        result = subprocess.run([sys.executable, "-m", f"bench.{name}"], check=False)  # noqa: S603
        if result.returncode != 0:
            failed.append(name)
    if failed:
        print("Fehlgeschlagen: " + ", ".join(failed), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
