"""The package's own PEP 517 build backend, with nothing but the standard
library: `pip install ./python` then needs nothing from an index (pip's
isolated build environment installs no requirement), so it works offline.
A setuptools backend would have pip fetch setuptools from PyPI first.

It builds a pure-Python wheel of the `retention` package (py3-none-any) and
an sdist of this directory; the metadata comes from pyproject.toml's
[project] table."""
import base64
import hashlib
import io
import os
import re
import tarfile
import zipfile

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PACKAGE = "retention"


def _project():
    """The [project] table's fields this backend uses, read with tomllib
    where there is one (3.11+), else by a reading good for this file."""
    text = open(os.path.join(HERE, "pyproject.toml"), encoding="utf-8").read()
    try:
        import tomllib
        return tomllib.loads(text)["project"]
    except ImportError:
        table = text.split("[project]", 1)[1].split("\n[", 1)[0]
        fields = dict(re.findall(r'^([a-z-]+)\s*=\s*"([^"]*)"', table, re.M))
        fields["dependencies"] = re.findall(r'"([^"]+)"',
                                            re.search(r"dependencies\s*=\s*\[(.*?)\]",
                                                      table, re.S).group(1))
        return fields


def _metadata(project):
    lines = ["Metadata-Version: 2.1", "Name: " + project["name"],
             "Version: " + project["version"], "Summary: " + project["description"],
             "Requires-Python: " + project["requires-python"]]
    lines += ["Requires-Dist: " + d for d in project.get("dependencies", [])]
    readme = open(os.path.join(HERE, "README.md"), encoding="utf-8").read()
    lines += ["Description-Content-Type: text/markdown", "", readme]
    return "\n".join(lines) + "\n"


def _package_files():
    """(path in the wheel, path on disk) of the package's modules and data."""
    root = os.path.join(HERE, PACKAGE)
    for name in sorted(os.listdir(root)):
        if name.endswith(".py") or name == "py.typed":
            yield PACKAGE + "/" + name, os.path.join(root, name)


def _record_line(path, data):
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return "%s,sha256=%s,%d" % (path, digest, len(data))


def get_requires_for_build_wheel(config_settings=None):
    return []


def get_requires_for_build_sdist(config_settings=None):
    return []


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    project = _project()
    name = "%s-%s" % (project["name"], project["version"])
    info = name + ".dist-info/"
    files = [(arc, open(disk, "rb").read()) for arc, disk in _package_files()]
    files.append((info + "METADATA", _metadata(project).encode()))
    files.append((info + "WHEEL", b"Wheel-Version: 1.0\nGenerator: retention_build\n"
                                  b"Root-Is-Purelib: true\nTag: py3-none-any\n"))
    record = [_record_line(arc, data) for arc, data in files] + [info + "RECORD,,"]
    files.append((info + "RECORD", ("\n".join(record) + "\n").encode()))
    wheel = name + "-py3-none-any.whl"
    with zipfile.ZipFile(os.path.join(wheel_directory, wheel), "w",
                         zipfile.ZIP_DEFLATED) as z:
        for arc, data in files:
            z.writestr(zipfile.ZipInfo(arc, (1980, 1, 1, 0, 0, 0)), data)
    return wheel


def build_sdist(sdist_directory, config_settings=None):
    project = _project()
    name = "%s-%s" % (project["name"], project["version"])
    sdist = name + ".tar.gz"
    with tarfile.open(os.path.join(sdist_directory, sdist), "w:gz") as tar:
        for top in ("pyproject.toml", "README.md", "build_backend", PACKAGE):
            tar.add(os.path.join(HERE, top), arcname=name + "/" + top,
                    filter=lambda t: None if "__pycache__" in t.name else t)
        info = tarfile.TarInfo(name + "/PKG-INFO")
        data = _metadata(project).encode()
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    return sdist
