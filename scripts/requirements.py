"""Print the project's requirements (pyproject.toml: dependencies and the dev extra), one per line.

    python scripts/requirements.py [--without NAME ...]

`make setup` pipes this into pip while llama-cpp-python compiles beside it (scripts/llama-wheel.sh): the two
steps then overlap instead of running one after the other.
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path


def requirements(without: set[str]) -> list[str]:
    pyproject = Path(__file__).resolve().parents[1] / "pyproject.toml"
    project = tomllib.loads(pyproject.read_text("utf-8"))["project"]
    reqs = [*project["dependencies"], *project.get("optional-dependencies", {}).get("dev", [])]
    name = re.compile(r"^[A-Za-z0-9._-]+")
    return [r for r in reqs if (m := name.match(r)) is None or m.group(0).lower() not in without]


if __name__ == "__main__":
    args = sys.argv[1:]
    skip = {args[i + 1].lower() for i, a in enumerate(args) if a == "--without" and i + 1 < len(args)}
    print("\n".join(requirements(skip)))
