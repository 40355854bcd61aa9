"""MkDocs hook: the field reference of festival's file formats, generated from their JSON Schemas,
and the table of rules, generated from the rule registry (a line `<!-- rules -->`).

A page asks for a reference with a marker on a line of its own, e.g. `<!-- schema: venues -->`;
the hook replaces it with a table of every field (path, type, required, default, description),
built at documentation build time from the same pydantic models that `festival schema` prints and
that validate the files, so the reference cannot drift from the code. An unknown schema name
fails the build.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from festival.domain import Programme, Schedule, VenueFile
from festival.rules import RULES, Where

MODELS: dict[str, type[BaseModel]] = {
    "venues": VenueFile,
    "programme": Programme,
    "schedule": Schedule,
}
MARKER = re.compile(r"^<!-- schema: (?P<name>[\w-]+) -->$", flags=re.M)
# pydantic writes a time of day as "HH:MM:SS"; the files take "HH:MM", so defaults are shown so
SECONDS = re.compile(r"^(\d\d:\d\d):00$")
PLAIN = re.compile(r"^[A-Za-z][A-Za-z0-9_.+-]*$")

Schema = dict[str, Any]


class UnknownSchemaError(KeyError):
    """A page names a schema that festival does not have."""


@dataclass(frozen=True)
class Row:
    """One field of a file format."""

    path: str
    type: str
    required: bool
    default: str
    description: str


def schema_of(name: str) -> Schema:
    """The JSON Schema of a file format, exactly as `festival schema NAME` prints it."""
    if name not in MODELS:
        raise UnknownSchemaError(f"unknown schema {name!r}: one of {', '.join(MODELS)}")
    return MODELS[name].model_json_schema(by_alias=True)


class Reference:
    """Renders one schema as Markdown tables: its fields, then each type used more than once."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.schema = schema_of(name)
        self.defs: dict[str, Schema] = self.schema.get("$defs", {})
        uses = Counter(_ref_names(self.schema))
        # a type used in several places (a name in three languages) gets one table of its own;
        # an enumeration is written out where it is used
        self.shared = sorted(
            n for n, count in uses.items() if count > 1 and "properties" in self.defs.get(n, {})
        )

    def anchor(self, type_name: str) -> str:
        return f"{self.name}-type-{type_name.lower()}"

    def resolve(self, node: Schema) -> tuple[Schema, str | None]:
        """The node with its `$ref` followed (the node's own keys win), and the type's name."""
        ref = node.get("$ref")
        if ref is None:
            return node, None
        type_name = ref.rsplit("/", 1)[-1]
        merged = {**self.defs[type_name], **{k: v for k, v in node.items() if k != "$ref"}}
        return merged, type_name

    def type_of(self, node: Schema) -> str:
        resolved, type_name = self.resolve(node)
        if type_name in self.shared:
            return f"[{type_name}](#{self.anchor(type_name)})"
        if "anyOf" in resolved:
            options = [o for o in resolved["anyOf"] if o.get("type") != "null"]
            text = " or ".join(self.type_of(o) for o in options)
            nullable = len(options) < len(resolved["anyOf"])
            return f"{text} or null" if nullable else text
        if "const" in resolved:
            return f"`{_flow(resolved['const'])}`"
        if "enum" in resolved:
            return "one of " + ", ".join(f"`{_flow(v)}`" for v in resolved["enum"])
        kind = resolved.get("type")
        if kind == "array":
            if "prefixItems" in resolved:
                return "[" + ", ".join(self.type_of(i) for i in resolved["prefixItems"]) + "]"
            return "list of " + self.type_of(resolved.get("items", {}))
        if kind == "object" or "properties" in resolved:
            value = _map_values(resolved)
            if value is not None:
                return f"map of {_map_keys(resolved)} to {self.type_of(value)}"
            return "object"
        if kind == "string" and "format" in resolved:
            text_format = str(resolved["format"])
            return 'time ("HH:MM")' if text_format == "time" else text_format
        return str(kind) if kind else "any"

    def rows(self, node: Schema, prefix: str = "") -> Iterator[Row]:
        """Every field under an object node, depth first, nested objects expanded in place."""
        required = set(node.get("required", []))
        for key, child in node.get("properties", {}).items():
            path = f"{prefix}{key}"
            resolved, type_name = self.resolve(child)
            yield Row(
                path=path,
                type=self.type_of(child),
                required=key in required,
                default=self.default_of(resolved),
                description=_describe(resolved),
            )
            if type_name in self.shared:
                continue
            yield from self.nested(resolved, path)

    def nested(self, node: Schema, path: str) -> Iterator[Row]:
        """The fields inside a field: an object's, a list's items', or a map's values'."""
        options = [o for o in node.get("anyOf", [node]) if o.get("type") != "null"]
        for option in options:
            resolved, type_name = self.resolve(option)
            if type_name in self.shared:
                continue
            if "properties" in resolved:
                yield from self.rows(resolved, f"{path}.")
            elif resolved.get("type") == "array" and "items" in resolved:
                yield from self.nested(resolved["items"], f"{path}[]")
            else:
                value = _map_values(resolved)
                if value is not None:
                    yield from self.nested(value, f"{path}.<{_map_key_name(resolved)}>")

    def default_of(self, node: Schema) -> str:
        if "default" not in node:
            return ""
        default = node["default"]
        if isinstance(default, dict) and default and default == self.field_defaults(node):
            return "its fields' defaults"
        return f"`{_flow(default)}`"

    def field_defaults(self, node: Schema) -> dict[str, Any]:
        """What an object's own field defaults add up to (to tell a plain default from a preset)."""
        resolved, _ = self.resolve(node)
        return {
            key: child["default"]
            for key, child in (
                (k, self.resolve(v)[0]) for k, v in resolved.get("properties", {}).items()
            )
            if "default" in child
        }

    def markdown(self) -> str:
        parts = [
            f"Generated from `festival schema {self.name}` when this site is built. A nested "
            "field's *required* is within its parent; `[]` is an item of a list, `<id>` a key "
            "of a map.",
            "",
            _table(self.rows(self.schema)),
        ]
        for type_name in self.shared:
            node = self.defs[type_name]
            parts += [
                "",
                f"### {type_name} {{#{self.anchor(type_name)}}}",
                "",
                _escape(node.get("description", "")),
                "",
                _table(self.rows(node)),
            ]
        body = "\n".join(parts)
        return f'<div class="schema-reference" markdown="1">\n\n{body}\n\n</div>\n'


def render(name: str) -> str:
    """The Markdown reference of one file format."""
    return Reference(name).markdown()


def expand(markdown: str) -> str:
    """A page with every schema marker replaced by its reference."""
    markdown = RULES_MARKER.sub(lambda _: rules_table(), markdown)
    return MARKER.sub(lambda match: render(match["name"]), markdown)


RULES_MARKER = re.compile(r"^<!-- rules -->$", flags=re.M)
WHERE_WORDS = {
    Where.CANDIDATES: "candidates",
    Where.MODEL: "model",
    Where.GREEDY: "greedy start",
    Where.BOUND: "bound",
    Where.PRECHECK: "pre-check",
    Where.VERIFIER: "verifier",
    Where.CHANGE: "change check",
    Where.RELEASE: "release",
    Where.SCORE: "score",
}


def rules_table() -> str:
    """Every rule of the registry (``festival.rules.RULES``): name, kind, what it demands, where
    it is kept."""
    lines = ["| rule | kind | what it demands or rewards | kept by |", "|---|---|---|---|"]
    for rule, spec in RULES.items():
        kind = "hard" if spec.unit is None else f"soft: {spec.unit}"
        law = f" ({spec.law})" if spec.law else ""
        kept = ", ".join(WHERE_WORDS[w] for w in Where if w in spec.where)
        lines.append(f"| `{rule}` | {kind}{law} | {_escape(spec.demands)} | {kept} |")
    return "\n".join(lines)


def on_page_markdown(markdown: str, /, **_: Any) -> str:
    """MkDocs event: expand the markers of every page."""
    try:
        return expand(markdown)
    except UnknownSchemaError as error:
        from mkdocs.exceptions import PluginError

        raise PluginError(str(error.args[0])) from error


def _ref_names(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                yield str(value).rsplit("/", 1)[-1]
            else:
                yield from _ref_names(value)
    elif isinstance(node, list):
        for value in node:
            yield from _ref_names(value)


def _map_values(node: Schema) -> Schema | None:
    """The schema of a map's values, if the node is a map (`{city-id: ...}`)."""
    if isinstance(node.get("additionalProperties"), dict):
        return dict(node["additionalProperties"])
    patterns = node.get("patternProperties")
    if patterns:
        return dict(next(iter(patterns.values())))
    return None


def _map_keys(node: Schema) -> str:
    names = node.get("propertyNames", {})
    if "enum" in names:
        return " / ".join(f"`{_flow(v)}`" for v in names["enum"])
    return f"`<{_map_key_name(node)}>`"


def _map_key_name(node: Schema) -> str:
    names = node.get("propertyNames", {})
    return "key" if "enum" in names else "id"


def _describe(node: Schema) -> str:
    text = node.get("description", "")
    notes = _notes(node)
    for option in node.get("anyOf", []):
        if option.get("type") != "null":
            notes += _notes(option)
    if notes:
        note = "; ".join(notes)
        text = f"{text} ({note})" if text else note[0].upper() + note[1:]
    return _escape(text)


def _notes(node: Schema) -> list[str]:
    """A field's limits in words."""
    notes: list[str] = []
    low, high = node.get("minimum"), node.get("maximum")
    if low is not None and high is not None:
        notes.append(f"from {_number(low)} to {_number(high)}")
    elif low is not None:
        notes.append(f"at least {_number(low)}")
    elif high is not None:
        notes.append(f"at most {_number(high)}")
    if node.get("minLength") == 1:
        notes.append("not empty")
    if "maxLength" in node:
        notes.append(f"at most {node['maxLength']} characters")
    if "minItems" in node and node.get("type") == "array" and "prefixItems" not in node:
        count = node["minItems"]
        notes.append(f"at least {count} item{'s' if count != 1 else ''}")
    if "pattern" in node:
        notes.append(f"matches `{node['pattern']}`")
    return notes


def _number(value: float) -> str:
    return f"{value:,}" if isinstance(value, int) and abs(value) >= 10_000 else str(value)


def _flow(value: Any) -> str:
    """A value as it would be written in the YAML files (flow style, times as HH:MM)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, str):
        match = SECONDS.match(value)
        if match:
            value = match[1]
        plain = PLAIN.match(value) and value not in ("true", "false", "null", "yes", "no")
        return value if plain else json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_flow(v)}" for k, v in value.items()) + "}"
    return json.dumps(value, ensure_ascii=False)


def _escape(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _table(rows: Iterator[Row]) -> str:
    lines = ["| field | type | required | default | description |", "|---|---|---|---|---|"]
    for row in rows:
        cells = [
            f"`{row.path}`",
            _escape(row.type),
            "yes" if row.required else "",
            _escape(row.default),
            row.description,
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)
