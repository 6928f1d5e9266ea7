"""The schema: the package's own descriptor, plus resources a data folder adds.

The rules of the project's tables come from the installed package, never from the folder
being checked, so a weakened `datapackage.json` in a data folder cannot switch a rule off.
A data folder's descriptor may only add tables of its own (checked with their own schema).
"""

from __future__ import annotations

import copy
import csv
import json
import re
from functools import lru_cache
from importlib import resources
from pathlib import Path, PurePosixPath

from .problems import Problem, in_folder
from .sandbox import link_out_problem

DESCRIPTOR = "datapackage.json"


@lru_cache(maxsize=1)
def _package_text() -> str:
    return resources.files("kzbrief").joinpath("schema", DESCRIPTOR).read_text(encoding="utf-8")


def package_descriptor() -> dict:
    """The canonical descriptor shipped with kzbrief (a fresh copy each call)."""
    return json.loads(_package_text())


def effective_descriptor(data_dir: Path) -> tuple[dict, list[Problem]]:
    """The package's descriptor plus the resources `data_dir`'s own descriptor adds, less the
    optional tables and columns the folder does not have (see `_present`)."""
    descriptor = _present(package_descriptor(), Path(data_dir))
    local, problems = _local_descriptor(Path(data_dir))
    if local is None:
        return descriptor, problems
    known = {r["name"] for r in package_descriptor()["resources"]}  # an absent optional table is still the package's
    label = in_folder(data_dir, DESCRIPTOR)
    for number, resource in enumerate(local.get("resources") or [], start=1):
        remote = list(_remote_addresses(resource, f"resources[{number}]"))
        problems += [Problem(label, None, where, address, REMOTE_RULE) for where, address in remote]
        rule = None if remote else _added_resource_problem(resource)
        if remote:
            continue  # never handed to Frictionless, which would fetch the address
        if rule:
            problems.append(Problem(label, None, f"resources[{number}]", _resource_label(resource), rule))
        elif resource["name"] not in known:
            descriptor["resources"].append(copy.deepcopy(resource))
            known.add(resource["name"])
    return descriptor, problems


# A table or column the package added after data folders existed is marked `"optional": true`:
# a folder without it keeps today's meaning (no claimant aliases, no translations), so older
# folders and other countries' data still validate and build.
OPTIONAL = "optional"


def optional_tables() -> set[str]:
    return {r["name"] for r in package_descriptor()["resources"] if r.get(OPTIONAL)}


def optional_columns(name: str) -> set[str]:
    resource = next((r for r in package_descriptor()["resources"] if r["name"] == name), None)
    return {f["name"] for f in resource["schema"]["fields"] if f.get(OPTIONAL)} if resource else set()


def _present(descriptor: dict, data_dir: Path) -> dict:
    """The descriptor without the optional tables `data_dir` lacks (no file, no link by that
    name) and without the optional columns a table's header lacks."""
    kept = []
    for resource in descriptor["resources"]:
        path = data_dir / resource["path"]
        if resource.get(OPTIONAL) and not path.is_symlink() and not path.exists():
            continue
        optional = {f["name"] for f in resource["schema"]["fields"] if f.get(OPTIONAL)}
        # Never read past a link out of the folder, not even a header (the file checks report it).
        inside = not link_out_problem(data_dir, resource["path"], resource["path"])
        header = _header(path) if optional and inside else None
        if header is not None:
            fields = [f for f in resource["schema"]["fields"] if f["name"] in header or f["name"] not in optional]
            resource["schema"]["fields"] = fields
        kept.append(resource)
    descriptor["resources"] = kept
    return descriptor


def _header(path: Path) -> set[str] | None:
    """The column names of a readable CSV file, else None (the file checks report why)."""
    try:
        if not path.is_file():
            return None
        with path.open(encoding="utf-8-sig", newline="") as handle:
            return {name.strip() for name in next(csv.reader(handle), [])}
    except (OSError, UnicodeDecodeError, csv.Error):
        return None


def _local_descriptor(data_dir: Path) -> tuple[dict | None, list[Problem]]:
    path = data_dir / DESCRIPTOR
    label = in_folder(data_dir, DESCRIPTOR)
    if not path.is_file() or path.is_symlink():
        return None, []  # optional: the package holds the schema
    try:
        local = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        return None, [Problem(label, None, None, None, f"cannot be read: {exc.__class__.__name__}")]
    except json.JSONDecodeError as exc:
        return None, [
            Problem(
                label, None, None, None, f"not valid JSON (line {exc.lineno}): {exc.msg}; the package's schema was used"
            )
        ]
    if not isinstance(local, dict) or not isinstance(local.get("resources", []), list):
        return None, [Problem(label, None, None, None, 'must be a JSON object whose "resources" is a list')]
    return local, []


def _resource_label(resource) -> str | None:
    return str(resource.get("name")) if isinstance(resource, dict) else None


# An address with a scheme ("http://", "ftp://", "file:") or a network path ("//host", "\\\\host"): Frictionless
# fetches such an address for a dialect, profile, schema or path, so validate would contact
# the host (and trust what it serves) on every run.
_REMOTE = re.compile(r"^\s*([A-Za-z][A-Za-z0-9+.-]*://|file:|//|\\\\)", re.IGNORECASE)
REMOTE_RULE = "is a remote address; the data folder's descriptor may name no address outside it (write it inline)"
# The profiles Frictionless knows by name; any other value is read as an address.
PROFILES = ("tabular-data-resource", "data-resource")


def _remote_addresses(value, where: str):
    """(where, address) for every string in an added resource that names a remote address."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key not in ("description", "title"):  # prose, never fetched
                yield from _remote_addresses(item, f"{where}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _remote_addresses(item, f"{where}[{index}]")
    elif isinstance(value, str) and _REMOTE.match(value):
        yield where, value


def _added_resource_problem(resource) -> str | None:
    """A resource a data folder declares must be a plain CSV file inside the folder."""
    if not isinstance(resource, dict) or not isinstance(resource.get("name"), str):
        return "a resource needs a name"
    path = resource.get("path")
    if not isinstance(path, str) or not path:
        return "a resource needs a path (a file name inside the data folder)"
    pure = PurePosixPath(path.replace("\\", "/"))
    if pure.is_absolute() or ".." in pure.parts or ":" in path:
        return f'path "{path}" must be a file inside the data folder (no absolute path, no "..", no URL)'
    for key in ("schema", "dialect"):  # a string is a file Frictionless would read: anywhere on the disk
        if key in resource and not isinstance(resource[key], dict):
            return f'"{key}" must be written inline (an object), not the name of a file'
    if "profile" in resource and resource["profile"] not in PROFILES:
        return f'"profile" must be one of: {", ".join(PROFILES)}'
    fields = resource.get("schema", {}).get("fields") if isinstance(resource.get("schema"), dict) else None
    if not isinstance(fields, list) or not fields:
        return "a resource needs a schema with fields"
    return None
