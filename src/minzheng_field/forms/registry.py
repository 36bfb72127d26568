"""The forms shipped with the app (`resources/forms/*.json`), every version of each."""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType

from minzheng_field.domain.errors import MinzhengError
from minzheng_field.forms.definition import FormDefinition
from minzheng_field.forms.loader import FormDefinitionError, load_definition_file, schema_path
from minzheng_field.resources import resources_dir


class UnknownForm(MinzhengError):
    """No form (or no such version of it) is known."""

    kind = "unknown_form"

    def __init__(self, form_id: str, version: str | None = None) -> None:
        which = f"“{form_id}”（版本 {version}）" if version else f"“{form_id}”"
        super().__init__(f"找不到表单{which}；请先同步县里发布的表单版本。")
        self.form_id = form_id
        self.version = version


def forms_dir() -> Path:
    """The folder of the shipped form definitions."""
    return resources_dir() / "forms"


def definition_paths(directory: Path | None = None) -> list[Path]:
    """The definition files of `directory` (default: the shipped forms), schema excluded."""
    folder = directory or forms_dir()
    schema = schema_path().name
    return sorted(path for path in folder.glob("*.json") if path.name != schema)


def load_forms(directory: Path) -> dict[tuple[str, str], FormDefinition]:
    """Every definition in `directory`, keyed by (form id, version); duplicates are an error."""
    forms: dict[tuple[str, str], FormDefinition] = {}
    files: dict[tuple[str, str], str] = {}
    for path in definition_paths(directory):
        definition = load_definition_file(path)
        if definition.key in forms:
            raise FormDefinitionError(
                path.name,
                [f"{definition.id} {definition.version} 已由 {files[definition.key]} 定义"],
            )
        forms[definition.key] = definition
        files[definition.key] = path.name
    return forms


@functools.cache
def _shipped() -> Mapping[tuple[str, str], FormDefinition]:
    return MappingProxyType(load_forms(forms_dir()))


@functools.cache
def shipped_keys() -> frozenset[tuple[str, str]]:
    """(form id, version) of every shipped form, read without checking the definitions.

    A few milliseconds, against a quarter of a second for `shipped_forms` (schema and rules
    checked): enough to see whether anything needs loading at all.
    """
    keys = set()
    for path in definition_paths():
        data = json.loads(path.read_text(encoding="utf-8"))
        keys.add((str(data["id"]), str(data["version"])))
    return frozenset(keys)


def shipped_forms() -> dict[tuple[str, str], FormDefinition]:
    """Every shipped form version, keyed by (form id, version); read once per process."""
    return dict(_shipped())


def versions(form_id: str) -> list[FormDefinition]:
    """The shipped versions of `form_id`, oldest first."""
    found = [form for (name, _), form in _shipped().items() if name == form_id]
    return sorted(found, key=lambda form: form.version_key)


def latest(form_id: str) -> FormDefinition:
    """The newest shipped version of `form_id`."""
    found = versions(form_id)
    if not found:
        raise UnknownForm(form_id)
    return found[-1]


def shipped_form(form_id: str, version: str) -> FormDefinition:
    """The shipped version `version` of `form_id` (old visits open with the version they used)."""
    try:
        return _shipped()[(form_id, version)]
    except KeyError:
        raise UnknownForm(form_id, version) from None


def forms_for_category(category: str) -> list[FormDefinition]:
    """The newest version of each shipped form used for visits of `category`."""
    ids = sorted({form.id for form in _shipped().values() if category in form.categories})
    return [latest(form_id) for form_id in ids]
