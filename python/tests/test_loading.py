"""Loading the library: RETENTION_LIBRARY, the version check, a clear error;
and the package installs offline with pip."""
from __future__ import annotations

import os
import pathlib
import shutil
import subprocess
import sys

import pytest

import retention

PACKAGE = pathlib.Path(__file__).resolve().parent.parent


def _import_with(env_value: str | None, library_path: str | None = None,
                 code: str = "import retention") -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items()
           if k not in ("RETENTION_LIBRARY", "LD_LIBRARY_PATH")}
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    if env_value is not None:
        env["RETENTION_LIBRARY"] = env_value
    if library_path is not None:
        env["LD_LIBRARY_PATH"] = library_path
    return subprocess.run([sys.executable, "-c", code], cwd=PACKAGE, env=env,
                          capture_output=True, text=True)


def _system_has_libretention() -> bool:
    """Whether the system (not this test's LD_LIBRARY_PATH) has a libretention."""
    code = ("import ctypes, ctypes.util, sys\n"
            "if ctypes.util.find_library('retention'): sys.exit(0)\n"
            "ctypes.CDLL('libretention.so.1')")
    return _import_with(None, code=code).returncode == 0


def test_without_the_variable_the_loader_is_asked():
    if _system_has_libretention():
        pytest.skip("a libretention is installed on this system")
    done = _import_with(None)
    assert done.returncode != 0 and "LibraryNotFoundError" in done.stderr
    assert "RETENTION_LIBRARY" in done.stderr and "libretention.so.1:" in done.stderr
    built = os.environ.get("RETENTION_LIBRARY")
    if built:       # the build tree's copy, found by its SONAME on the loader's path
        done = _import_with(None, os.path.dirname(built),
                            "import retention; print(retention.version())")
        assert done.returncode == 0, done.stderr
        assert done.stdout.strip() == retention.version()


def test_version_is_1x():
    major, minor, patch = (int(p) for p in retention.version().split("."))
    assert major == 1 and minor >= 0 and patch >= 0


def test_a_missing_library_names_the_variable_and_the_path(tmp_path):
    missing = str(tmp_path / "nowhere" / "libretention.so.1")
    done = _import_with(missing)
    assert done.returncode != 0
    assert "LibraryNotFoundError" in done.stderr
    assert "RETENTION_LIBRARY" in done.stderr and missing in done.stderr
    assert "libretention.so.1" in done.stderr


def test_a_library_without_the_symbols_is_refused():
    # libm loads but is no libretention: refused at import, not at first use.
    libm = "libm.so.6"
    done = _import_with(libm)
    assert done.returncode != 0
    assert "LibraryNotFoundError" in done.stderr and "rt_version" in done.stderr


def test_the_library_used_is_the_one_named():
    env_path = os.environ.get("RETENTION_LIBRARY")
    if not env_path:
        pytest.skip("RETENTION_LIBRARY not set")
    maps = pathlib.Path("/proc/self/maps").read_text()
    assert os.path.realpath(env_path) in maps


def test_pip_installs_the_package_offline(tmp_path):
    pip = subprocess.run([sys.executable, "-m", "pip", "--version"], capture_output=True)
    if pip.returncode != 0:
        pytest.skip("pip is not installed")
    source = tmp_path / "src"          # a copy: the build writes next to its sources
    shutil.copytree(PACKAGE, source, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info",
                                                                  "build"))
    target = tmp_path / "site"
    env = dict(os.environ, PIP_NO_INDEX="1", PIP_DISABLE_PIP_VERSION_CHECK="1",
               PYTHONDONTWRITEBYTECODE="1")
    # Plain `pip install`, isolated build and all: the package's own backend
    # needs nothing from an index (PIP_NO_INDEX: none is reachable).
    done = subprocess.run([sys.executable, "-m", "pip", "install",
                           "--no-deps", "--target", str(target), str(source)],
                          capture_output=True, text=True, env=env, cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert (target / "retention" / "__init__.py").is_file()
    assert (target / "retention" / "py.typed").is_file()
    check = subprocess.run([sys.executable, "-c",
                            "import retention; print(retention.__file__, retention.version())"],
                           capture_output=True, text=True, cwd=tmp_path,
                           env=dict(env, PYTHONPATH=str(target)))
    assert check.returncode == 0, check.stderr
    assert str(target) in check.stdout
