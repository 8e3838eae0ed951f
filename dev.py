#!/usr/bin/env python3
"""Developer commands that need nothing but Python 3.11+.

python3 dev.py demo   create .venv, install, migrate, seed demo data, serve on :8000
python3 dev.py test   ruff, mypy, the import layers, migrations check and the whole pytest suite
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / "python"


def run(*args: str | Path, env: dict[str, str] | None = None, cwd: Path = ROOT) -> None:
    print("+", " ".join(str(a) for a in args), flush=True)
    subprocess.run([str(a) for a in args], cwd=cwd, check=True, env=env)


def ensure_venv(extras: str) -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 - dev.py may be started by an older python3
        sys.exit("Mentorlab needs Python 3.11 or newer.")
    if not PY.exists():
        venv.create(VENV, with_pip=True)
    stamp = VENV / f".installed-{extras}"
    pyproject = ROOT / "pyproject.toml"
    if not stamp.exists() or stamp.stat().st_mtime < pyproject.stat().st_mtime:
        run(PY, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
        run(PY, "-m", "pip", "install", "--quiet", "-e", f".[{extras}]")
        stamp.touch()


def ensure_axe() -> None:
    """axe-core and vnu-jar for the browser tests, from npm when npm is here (else they skip
    and say so). No install scripts: vnu-jar's would fetch a Java; the system's is used."""
    folder = ROOT / "tests" / "browser"
    npm = shutil.which("npm")
    wanted = ("axe-core", "vnu-jar")
    if npm and not all((folder / "node_modules" / name).exists() for name in wanted):
        run(npm, "ci", "--no-audit", "--no-fund", "--ignore-scripts", cwd=folder)


def demo() -> None:
    ensure_venv("dev")
    run(PY, "manage.py", "migrate", "--noinput")
    run(PY, "manage.py", "createcachetable")
    run(PY, "manage.py", "seed_demo")
    print("\nMentorlab is starting on http://127.0.0.1:8000/ (Ctrl+C stops it)\n", flush=True)
    run(PY, "manage.py", "runserver", "127.0.0.1:8000")


def test() -> None:
    ensure_venv("dev")
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    run(BIN / "ruff", "check", ".")
    run(BIN / "ruff", "format", "--check", ".")
    run(BIN / "mypy", "mentorlab", env=env)
    run(BIN / "lint-imports", env=env)  # the layer contract in pyproject.toml
    run(PY, "manage.py", "makemigrations", "--check", "--dry-run", env=env)
    ensure_axe()
    workers = os.environ.get("TEST_WORKERS", "2")
    run(PY, "-m", "pytest", "-n", workers, *sys.argv[2:], env=env)


if __name__ == "__main__":
    commands = {"demo": demo, "test": test}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        sys.exit(__doc__)
    try:
        commands[sys.argv[1]]()
    except subprocess.CalledProcessError as exc:
        sys.exit(exc.returncode)
    except KeyboardInterrupt:
        pass
