"""The API reference page's content, read from the OpenAPI document ninja generates.

Lantern serves its own page at /api/docs rather than Swagger UI, whose widget failed
WCAG 2.2 AA (issue 12, items 16 and 17). Everything here comes from the document, so
the page cannot drift from what the API does: every operation, grouped by tag, with its
parameters, request body fields ($refs resolved, nested fields named by their path) and
responses.
"""

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from lantern.web.dates import ISO_PATTERN, RANGE_TEXT

from .patterns import LINK, VISIBLE

METHODS = ("get", "post", "put", "patch", "delete")
#: Patterns a reader would have to decode, said in words instead.
PATTERN_WORDS = {
    VISIBLE: "not blank",
    ISO_PATTERN: f"a date as YYYY-MM-DD, {RANGE_TEXT}",
    LINK: "an http:// or https:// link",
}
#: How deep nested objects are opened: the document has no cycles today, but a
#: self-referring schema must not loop.
MOST_DEPTH = 4


@dataclass
class Constraint:
    words: str
    values: list[str] = field(default_factory=list)  # shown as code


@dataclass
class Field:
    name: str
    type: str
    required: bool
    description: SafeString
    constraints: list[Constraint] = field(default_factory=list)
    where: str = ""  # a parameter's "in": path, query, header


@dataclass
class Response:
    status: str
    description: str
    body: str
    fields: list[Field]

    @property
    def success(self) -> bool:
        return self.status.startswith("2")

    @property
    def body_id(self) -> str:
        """Where the page lists an error body's fields (once, not under every operation)."""
        return f"body-{_slug(self.body)}"


@dataclass
class Operation:
    id: str
    method: str
    path: str
    summary: str
    description: list[SafeString]
    needs_token: bool
    parameters: list[Field]
    body: list[Field]
    body_required: bool
    responses: list[Response]


@dataclass
class Tag:
    name: str
    id: str
    operations: list[Operation]


class Reader:
    def __init__(self, schema: dict[str, Any]) -> None:
        self.schema = schema
        self.components: dict[str, Any] = schema.get("components", {}).get("schemas", {})

    def tags(self) -> list[Tag]:
        """Every operation, under its first tag, in the document's order."""
        tags: dict[str, Tag] = {}
        for path, item in self.schema.get("paths", {}).items():
            for method in METHODS:
                if method not in item:
                    continue
                operation = self.operation(method, path, item[method])
                name = (item[method].get("tags") or ["Other"])[0]
                tag = tags.setdefault(name, Tag(name, f"tag-{_slug(name)}", []))
                tag.operations.append(operation)
        return list(tags.values())

    def error_bodies(self, tags: list[Tag]) -> list[Response]:
        """Each body an error answers with, once, as the first response that uses it."""
        bodies: dict[str, Response] = {}
        for tag in tags:
            for operation in tag.operations:
                for response in operation.responses:
                    if not response.success and response.fields:
                        bodies.setdefault(response.body, response)
        return list(bodies.values())

    def operation(self, method: str, path: str, raw: dict[str, Any]) -> Operation:
        body_schema = _json_schema(raw.get("requestBody", {}))
        responses: dict[Any, Any] = raw.get("responses", {})
        return Operation(
            id=raw.get("operationId") or _slug(f"{method} {path}"),
            method=method.upper(),
            path=path,
            summary=raw.get("summary") or f"{method.upper()} {path}",
            description=prose(raw.get("description", "")),
            needs_token=bool(raw.get("security", self.schema.get("security"))),
            parameters=[self.parameter(p) for p in raw.get("parameters", [])],
            body=list(self.fields(body_schema)) if body_schema else [],
            body_required=bool(raw.get("requestBody", {}).get("required")),
            # In the dict ninja builds a status is an int; in the JSON, a string.
            responses=sorted(
                (self.response(str(status), response) for status, response in responses.items()),
                key=lambda response: response.status,
            ),
        )

    def parameter(self, raw: dict[str, Any]) -> Field:
        schema = raw.get("schema", {})
        type_, constraints, description = self.describe(schema)
        return Field(
            name=raw["name"],
            type=type_,
            required=bool(raw.get("required")),
            description=inline(raw.get("description") or description),
            constraints=constraints,
            where=raw.get("in", ""),
        )

    def response(self, status: str, raw: dict[str, Any]) -> Response:
        schema = _json_schema(raw)
        body = ""
        fields: list[Field] = []
        if schema:
            resolved = self.resolve(schema)
            if resolved.get("type") == "object" and resolved.get("title"):
                body = resolved["title"]
            else:
                body = self.describe(schema)[0]
            fields = list(self.fields(schema))
        return Response(status, raw.get("description", ""), body, fields)

    def fields(self, schema: dict[str, Any], prefix: str = "", depth: int = 0) -> Iterator[Field]:
        """An object's properties, and those of the objects and lists of objects inside it."""
        schema = self.resolve(schema)
        if schema.get("type") == "array":
            yield from self.fields(schema.get("items", {}), prefix, depth)
            return
        required = set(schema.get("required", []))
        for name, raw in schema.get("properties", {}).items():
            type_, constraints, description = self.describe(raw)
            yield Field(
                name=prefix + name,
                type=type_,
                required=name in required,
                description=inline(raw.get("description") or description),
                constraints=constraints,
            )
            inner = self.object_inside(raw)
            if inner is not None and depth < MOST_DEPTH:
                list_of = self.resolve(_not_null(raw)).get("type") == "array"
                yield from self.fields(
                    inner, f"{prefix}{name}{'[]' if list_of else ''}.", depth + 1
                )

    def object_inside(self, schema: dict[str, Any]) -> dict[str, Any] | None:
        """The object a field holds (or holds a list of), if it has properties to list."""
        schema = self.resolve(_not_null(schema))
        if schema.get("type") == "array":
            schema = self.resolve(schema.get("items", {}))
        return schema if schema.get("properties") else None

    def describe(self, schema: dict[str, Any]) -> tuple[str, list[Constraint], str]:
        """A type in words, its constraints, and the description a $ref brings."""
        options = schema.get("anyOf") or schema.get("oneOf")
        if options:
            parts = [self.describe(option) for option in options]
            types = [t for t, _, _ in parts]
            constraints = [c for _, cs, _ in parts for c in cs] + _constraints(schema)
            description = next((d for _, _, d in parts if d), "")
            return " or ".join(types), constraints, description
        resolved = self.resolve(schema)
        type_ = resolved.get("type", "any")
        if type_ == "array":
            inner, _, _ = self.describe(resolved.get("items", {}))
            type_ = f"list of {inner}"
        elif type_ == "object" and "$ref" in schema:
            type_ = f"object ({resolved.get('title', schema['$ref'].rsplit('/', 1)[-1])})"
        elif type_ == "object" and isinstance(resolved.get("additionalProperties"), dict):
            inner, _, _ = self.describe(resolved["additionalProperties"])
            type_ = f"object: names to {inner}"
        elif resolved.get("format"):
            type_ = f"{type_} ({resolved['format']})"
        constraints = _constraints(resolved)
        if resolved is not schema:
            constraints += _constraints(schema)
        description = resolved.get("description", "") if "$ref" in schema else ""
        return type_, constraints, description

    def resolve(self, schema: dict[str, Any]) -> dict[str, Any]:
        ref = schema.get("$ref", "")
        prefix = "#/components/schemas/"
        if ref.startswith(prefix):
            return self.components.get(ref[len(prefix) :], {})
        return schema


def _json_schema(holder: dict[str, Any]) -> dict[str, Any]:
    content: dict[str, Any] = holder.get("content", {})
    media: dict[str, Any] = content.get("application/json") or next(iter(content.values()), {})
    schema: dict[str, Any] = media.get("schema", {})
    return schema


def _not_null(schema: dict[str, Any]) -> dict[str, Any]:
    """`X | None` as X."""
    options = [o for o in schema.get("anyOf", []) if o.get("type") != "null"]
    return options[0] if len(options) == 1 else schema


def _constraints(schema: dict[str, Any]) -> list[Constraint]:
    said: list[Constraint] = []
    if "enum" in schema:
        said.append(Constraint("one of", [json.dumps(value) for value in schema["enum"]]))
    low, high = schema.get("minLength"), schema.get("maxLength")
    if low is not None and high is not None:
        said.append(Constraint(f"{low} to {high} characters"))
    elif high is not None:
        said.append(Constraint(f"at most {high} characters"))
    elif low:
        said.append(Constraint(f"at least {low} character{'s' if low > 1 else ''}"))
    if "minimum" in schema:
        said.append(Constraint(f"at least {schema['minimum']}"))
    if "maximum" in schema:
        said.append(Constraint(f"at most {schema['maximum']}"))
    if "minItems" in schema:
        items = schema["minItems"]
        said.append(Constraint(f"at least {items} item{'s' if items != 1 else ''}"))
    if "maxItems" in schema:
        said.append(Constraint(f"at most {schema['maxItems']} items"))
    if "pattern" in schema:
        words = PATTERN_WORDS.get(schema["pattern"])
        said.append(Constraint(words) if words else Constraint("matches", [schema["pattern"]]))
    if "default" in schema:
        said.append(Constraint("default", [json.dumps(schema["default"])]))
    return said


def _slug(text: str) -> str:
    return "-".join("".join(c if c.isalnum() else " " for c in text.lower()).split())


def prose(text: str) -> list[SafeString]:
    """Paragraphs of a description, with its `code` spans as <code>."""
    return [inline(p) for p in re.split(r"\n\s*\n", text) if p.strip()]


def inline(text: str) -> SafeString:
    """A description's text, escaped, its lines run together and `code` spans as <code>."""
    escaped = escape(" ".join(text.split()))
    return mark_safe(re.sub(r"`([^`]+)`", r"<code>\1</code>", escaped))  # noqa: S308
