"""OpenAPI generation: component names from the view that nests the serializer.

Every API view nests its own ``InputSerializer``/``OutputSerializer`` (style rule 11), so the plain
class names collide; the qualified name (``PersonListApi.OutputSerializer`` → ``PersonListOutput``)
is unique and still reads well in the schema."""

from __future__ import annotations

from typing import Any

from drf_spectacular.openapi import AutoSchema


class QamqorAutoSchema(AutoSchema):
    def get_serializer_name(self, serializer: Any, direction: str) -> str:
        cls = serializer.__class__
        parts = [p.removesuffix("Serializer").removesuffix("Api") for p in cls.__qualname__.split(".")]
        return "".join(p for p in parts if p and p != "<locals>") or cls.__name__
