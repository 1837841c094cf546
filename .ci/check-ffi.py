#!/usr/bin/python3
"""An FFI reads the installed headers as they are and calls the library.

cffi parses the public headers (with the #include lines dropped and RT_API
preprocessed away, as any binding generator would) and the script calls a
few functions through dlopen: the headers stay plain C with no macros needed
to call a function.
usage: check-ffi.py INCLUDE_DIR LIBRARY_PATH
"""
import re
import subprocess
import sys

import cffi

include_dir, library = sys.argv[1], sys.argv[2]
# Dependency order: each header only uses what an earlier one declared.
order = ["export.h", "version.h", "status.h", "alloc.h", "serialize.h", "formulas.h", "cohort.h",
         "customer.h", "metrics.h", "churn.h", "frequency.h", "risk.h", "clv.h", "clv_value.h",
         "summary.h", "compare.h", "revenue.h",
         "economics.h"]
umbrella = open(f"{include_dir}/retention.h").read()
listed = re.findall(r'#include "retention/([a-z_]+\.h)"', umbrella)
missing = set(listed) - set(order)
assert not missing, f"check-ffi.py does not know headers {missing}: add them to order"

text = ""
for name in order:
    with open(f"{include_dir}/retention/{name}") as f:
        text += "".join(l for l in f if not l.lstrip().startswith("#include"))
cdef = subprocess.run(["cc", "-E", "-P", "-DRT_API=", "-"], input=text,
                      capture_output=True, text=True, check=True).stdout

ffi = cffi.FFI()
ffi.cdef(cdef)
lib = ffi.dlopen(library)

assert ffi.string(lib.rt_version()).decode() == "%d.%d.%d" % (
    lib.rt_version_number() // 1000000, lib.rt_version_number() // 1000 % 1000,
    lib.rt_version_number() % 1000)
assert ffi.string(lib.rt_strerror(lib.RT_EINVAL)) == b"invalid argument"
rate = ffi.new("double *")
assert lib.rt_retention_rate(50000, 40000, 1000, rate) == lib.RT_OK
assert abs(rate[0] - 0.78) < 1e-15
assert lib.rt_churn_rate(3, 2, rate) == lib.RT_EINVAL
assert b"lost" in ffi.string(lib.rt_last_error_message())
allocator = ffi.new("rt_allocator *")
assert lib.rt_allocator_init(allocator, ffi.sizeof("rt_allocator")) == lib.RT_OK
assert allocator.size == ffi.sizeof("rt_allocator")
customer = ffi.new("rt_customer **")  # an opaque handle through an out-pointer
assert lib.rt_customer_new(ffi.NULL, customer) == lib.RT_OK
times = ffi.new("int64_t[]", [3 * 86400 + 5, 86400, 3 * 86400])
assert lib.rt_customer_add_events(customer[0], times, 3, ffi.NULL) == lib.RT_OK
assert lib.rt_customer_active_day_count(customer[0]) == 2  # days 1 and 3
lib.rt_customer_free(customer[0])
rfm = ffi.new("rt_rfm **")  # bytes out of the process and back (serialize.h)
assert lib.rt_rfm_new(ffi.NULL, rfm) == lib.RT_OK
assert lib.rt_rfm_add(rfm[0], 2, 3.5, 10.0, 4) == lib.RT_OK
size = ffi.new("size_t *")
assert lib.rt_rfm_serialize(rfm[0], ffi.NULL, 0, size) == lib.RT_OK and size[0] == 60
data = ffi.new("unsigned char[]", size[0])
assert lib.rt_rfm_serialize(rfm[0], data, size[0], size) == lib.RT_OK
assert bytes(ffi.buffer(data))[:4] == b"RTSZ"
back = ffi.new("rt_rfm **")
assert lib.rt_rfm_deserialize(data, size[0], ffi.NULL, back) == lib.RT_OK
assert lib.rt_rfm_customer_count(back[0]) == 4
assert lib.rt_rfm_deserialize(data, size[0] - 1, ffi.NULL, back) == lib.RT_EFORMAT
lib.rt_rfm_free(back[0])
lib.rt_rfm_free(rfm[0])
functions = sorted(n for n in dir(lib) if n.startswith("rt_"))
print(f"check-ffi: cffi parsed the headers; {len(functions)} functions callable")
