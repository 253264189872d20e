"""Types: the stub matches the extension (stubtest), and a typed pipeline script
passes mypy --strict against the installed package."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).parent


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, cwd=HERE.parent, check=False
    )


def test_stub_matches_the_extension():
    result = run("-m", "mypy.stubtest", "billsim._billsim")
    assert result.returncode == 0, result.stdout + result.stderr


def test_typed_example_passes_mypy_strict():
    cache = HERE.parents[1] / "target" / "mypy"
    example = HERE / "typed" / "pipeline_example.py"
    result = run("-m", "mypy", "--strict", "--cache-dir", str(cache), str(example))
    assert result.returncode == 0, result.stdout + result.stderr


def test_typed_example_runs():
    result = run(str(HERE / "typed" / "pipeline_example.py"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("invalid_json ")


def test_package_ships_py_typed():
    import billsim

    assert (Path(billsim.__file__).parent / "py.typed").exists()
    assert (Path(billsim.__file__).parent / "_billsim.pyi").exists()
