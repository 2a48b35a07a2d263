"""StreamField and rich text values built from data, with block ids derived from the content
item, so that the same data always produces the same stored value (and the same translation
segments)."""

import json
import uuid
from html import escape

from cms.loading.errors import ContentError

CONTENT_NAMESPACE = uuid.UUID("6a1d2f36-4c57-4f57-9b0e-3f0c1d6a7e21")


def stable_uuid(*parts):
    return uuid.uuid5(CONTENT_NAMESPACE, ":".join(str(part) for part in parts))


def paragraph_html(text):
    """Plain text to rich text: one <p> per paragraph, everything escaped."""
    paragraphs = [part.strip() for part in text.split("\n\n") if part.strip()]
    return "".join(f"<p>{escape(paragraph, quote=False)}</p>" for paragraph in paragraphs)


def list_items(values, *id_parts):
    return [
        {"type": "item", "value": value, "id": str(stable_uuid(*id_parts, index))}
        for index, value in enumerate(values)
    ]


def body_stream(item, field_name, blocks_data, extra_block_types=None):
    """Raw data for a BodyBlock (or ResourceBodyBlock) stream from a list of one-key mappings:
    heading, paragraph, list; plus any `extra_block_types` {name: builder(value, id_parts)}."""
    extra_block_types = extra_block_types or {}
    if blocks_data is None:
        return []
    if not isinstance(blocks_data, list):
        raise item.error(f"'{field_name}' must be a list of blocks", key=field_name)
    stream = []
    for index, block in enumerate(blocks_data):
        id_parts = (item.item_key, field_name, index)
        if not isinstance(block, dict) or len(block) != 1:
            raise _block_error(item, field_name, index, "must be a mapping with exactly one key")
        ((block_type, value),) = block.items()
        if block_type == "heading" and isinstance(value, str) and value.strip():
            stream_value = value
        elif block_type == "paragraph" and isinstance(value, str) and value.strip():
            stream_value = paragraph_html(value)
        elif block_type == "list" and isinstance(value, dict):
            stream_value = {
                "intro": _optional_text(item, field_name, index, value, "intro"),
                "items": list_items(
                    _texts(item, field_name, index, value, "items"), *id_parts, "items"
                ),
            }
        elif block_type in extra_block_types:
            try:
                stream_value = extra_block_types[block_type](value, id_parts)
            except (TypeError, ValueError, KeyError) as error:
                raise _block_error(item, field_name, index, f"'{block_type}': {error}") from None
        else:
            known = ", ".join(["heading", "paragraph", "list", *extra_block_types])
            raise _block_error(
                item,
                field_name,
                index,
                f"'{block_type}' is not a known block or its value is malformed (known: {known})",
            )
        stream.append(
            {"type": block_type, "value": stream_value, "id": str(stable_uuid(*id_parts))}
        )
    return stream


def simple_stream(item, field_name, block_type, values):
    """Raw data for a stream of one block type holding plain values (roles, aims, members)."""
    return [
        {"type": block_type, "value": value, "id": str(stable_uuid(item.item_key, field_name, i))}
        for i, value in enumerate(values)
    ]


def _block_error(item, field_name, index, reason):
    return item.error(f"'{field_name}' block {index + 1} {reason}", key=field_name)


def _optional_text(item, field_name, index, value, key):
    text = value.get(key) or ""
    if not isinstance(text, str):
        raise _block_error(item, field_name, index, f"'{key}' must be text")
    return text


def _texts(item, field_name, index, value, key):
    texts = value.get(key)
    if (
        not isinstance(texts, list)
        or not texts
        or not all(isinstance(text, str) and text.strip() for text in texts)
    ):
        raise _block_error(item, field_name, index, f"'{key}' must be a list of non-empty texts")
    return texts


def normalised_stream(stream_field, raw):
    """The value Wagtail would store for `raw`, as comparable JSON."""
    block = stream_field.stream_block
    return json.dumps(block.get_prep_value(block.to_python(raw)), sort_keys=True, default=str)


def check_stream(item, field_name, stream_field, raw):
    """Validate `raw` against the field's blocks now, so a bad value names its item."""
    from django.core.exceptions import ValidationError

    block = stream_field.stream_block
    try:
        block.clean(block.to_python(raw))
    except ValidationError as error:
        raise item.error(
            f"'{field_name}' is not valid: {_flatten(error)}", key=field_name
        ) from None


def _flatten(error):
    if hasattr(error, "block_errors") and error.block_errors:
        return "; ".join(
            f"block {index + 1 if isinstance(index, int) else index}: {_flatten(inner)}"
            for index, inner in error.block_errors.items()
        )
    if hasattr(error, "messages"):
        return "; ".join(str(message) for message in error.messages)
    return str(error)


__all__ = [
    "ContentError",
    "body_stream",
    "check_stream",
    "list_items",
    "normalised_stream",
    "paragraph_html",
    "simple_stream",
    "stable_uuid",
]
