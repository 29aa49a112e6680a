"""The site's ES modules' own unit tests (tests/js/, node's built-in runner)."""

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NODE = shutil.which("node")


@pytest.mark.skipif(NODE is None, reason="node is not installed (apt-get install nodejs)")
def test_es_module_unit_tests_pass():
    result = subprocess.run(  # noqa: S603 - node from PATH, our own test folder
        [str(NODE), "--test", "tests/js/"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "# fail 0" in result.stdout
