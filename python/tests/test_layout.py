"""The ctypes structs against the C headers as cffi parses them (an
independent parser): same size, every field at the same offset, and every
field of the C struct mirrored."""
import ctypes
import os
import pathlib
import shutil
import subprocess

import pytest

from retention import _structs

INCLUDE = pathlib.Path(os.environ.get(
    "RT_INCLUDE_DIR", pathlib.Path(__file__).resolve().parents[2] / "include" / "retention"))
HEADERS = ["export.h", "status.h", "alloc.h", "serialize.h", "cohort.h", "metrics.h", "clv.h",
           "clv_value.h", "summary.h", "frequency.h", "churn.h", "risk.h"]


def test_struct_layouts_match_the_headers():
    cffi = pytest.importorskip("cffi")
    cc = shutil.which("cc") or shutil.which("gcc")
    if cc is None or not INCLUDE.is_dir():
        pytest.skip("no C preprocessor or no headers")
    text = "".join(line for name in HEADERS for line in (INCLUDE / name).open()
                   if not line.lstrip().startswith("#include"))
    cdef = subprocess.run([cc, "-E", "-P", "-DRT_API=", "-"], input=text,
                          capture_output=True, text=True, check=True).stdout
    ffi = cffi.FFI()
    ffi.cdef(cdef)
    for py, c_name in _structs.C_NAMES.items():
        assert ctypes.sizeof(py) == ffi.sizeof(c_name), c_name
        c_fields = [name for name, _ in ffi.typeof(c_name).fields]
        assert [name for name, _ in py._fields_] == c_fields, c_name
        for field in c_fields:
            assert getattr(py, field).offset == ffi.offsetof(c_name, field), (c_name, field)
