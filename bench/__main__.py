"""Run every benchmark (``python -m bench``) or the named ones (``python -m bench tenancy_scale``).

Each runs in its own process so that Django settings and databases never leak between them.
The exit code is non-zero if a benchmark fails or misses a target it checks.

``python -m bench --ci`` is CI's benchmark step: every benchmark at a smaller scale
(BENCH_SCALE=ci: a fifth of the data, at most two timed runs per figure; the HTTP load at its
``quick`` scale, every page once for one role on SQLite and PostgreSQL), within about eight
minutes. Figures carry ``bench_scale``; a missed target is still reported.
"""

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.harness import TEMPLATE_ENV

HERE = Path(__file__).resolve().parent
CI_BUDGET_S = 8 * 60


def main(argv: list[str]) -> int:
    ci = "--ci" in argv
    argv = [a for a in argv if a != "--ci"]
    template_dir = tempfile.TemporaryDirectory(prefix="verbund-bench-")
    env = {
        **os.environ,
        **({"BENCH_SCALE": "ci"} if ci else {}),
        TEMPLATE_ENV: str(Path(template_dir.name) / "migrated.sqlite3"),
    }
    names = argv or sorted(
        path.stem
        for path in HERE.glob("*.py")
        if path.stem not in {"__init__", "__main__", "harness"}
    )
    failed, took = [], {}
    started = time.monotonic()
    for name in names:
        print(f"== {name}", flush=True)
        begun = time.monotonic()
        result = subprocess.run([sys.executable, "-m", f"bench.{name}"], check=False, env=env)  # noqa: S603
        took[name] = time.monotonic() - begun
        if result.returncode != 0:
            failed.append(name)
    total = time.monotonic() - started
    print(
        "Dauer: " + ", ".join(f"{n} {s:.0f} s" for n, s in took.items()) + f"; gesamt {total:.0f} s"
    )
    template_dir.cleanup()
    if ci and total > CI_BUDGET_S:
        print(f"WARNUNG: der Benchmark-Schritt dauerte {total:.0f} s (Ziel ≤ {CI_BUDGET_S} s).")
    if failed:
        print("Fehlgeschlagen: " + ", ".join(failed), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
