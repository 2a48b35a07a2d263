"""Reading the data files: YAML mappings that remember the line they start on, and accessors
that turn a missing or wrongly typed value into a ContentError naming file, line and item."""

import datetime
from pathlib import Path

import yaml

from cms.loading.errors import ContentError


class Item(dict):
    """A YAML mapping that knows its file and line, and which content item it belongs to."""

    file: Path | None = None
    line: int | None = None
    item_key: str | None = None

    def error(self, reason, key=None):
        line = self.line
        if key is not None and key in getattr(self, "key_lines", {}):
            line = self.key_lines[key]
        return ContentError(reason, file=self.file, line=line, item=self.item_key)

    def _get(self, key, types, type_name, required, default):
        if key not in self or self[key] is None:
            if required:
                raise self.error(f"'{key}' is missing")
            return default
        value = self[key]
        if not isinstance(value, types) or (isinstance(value, bool) and bool not in types):
            raise self.error(f"'{key}' must be {type_name}, not {type(value).__name__}", key=key)
        return value

    def text(self, key, required=True, default=""):
        value = self._get(key, (str,), "text", required, default)
        if required and not value.strip():
            raise self.error(f"'{key}' is empty", key=key)
        return value

    def integer(self, key, required=True, default=None):
        return self._get(key, (int,), "a whole number", required, default)

    def date(self, key, required=True, default=None):
        return self._get(key, (datetime.date,), "a date (YYYY-MM-DD)", required, default)

    def entries(self, key, required=True):
        """A list of mappings, each returned as an Item keyed by its own 'key'."""
        values = self._get(key, (list,), "a list", required, [])
        result = []
        for index, value in enumerate(values):
            if not isinstance(value, Item):
                raise self.error(f"'{key}' entry {index + 1} must be a mapping", key=key)
            value.item_key = (
                value.get("key")
                if isinstance(value.get("key"), str)
                else (f"{self.item_key or key}[{index + 1}]")
            )
            result.append(value)
        return result

    def mapping(self, key, required=True):
        value = self._get(key, (dict,), "a mapping", required, None)
        if value is not None and value.item_key is None:
            value.item_key = (
                value.get("key") if isinstance(value.get("key"), str) else (self.item_key or key)
            )
        return value

    def texts(self, key, required=True):
        values = self._get(key, (list,), "a list of texts", required, [])
        for index, value in enumerate(values):
            if not isinstance(value, str) or not value.strip():
                raise self.error(f"'{key}' entry {index + 1} must be non-empty text", key=key)
        return values

    def raw(self, key, required=True, default=None):
        if key not in self:
            if required:
                raise self.error(f"'{key}' is missing")
            return default
        return self[key]


class _LineLoader(yaml.SafeLoader):
    pass


def _construct_item(loader, node):
    loader.flatten_mapping(node)
    item = Item()
    item.file = loader.content_file
    item.line = node.start_mark.line + 1
    item.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in item:
            raise ContentError(
                f"'{key}' appears twice",
                file=loader.content_file,
                line=key_node.start_mark.line + 1,
            )
        item[key] = loader.construct_object(value_node, deep=True)
        item.key_lines[key] = key_node.start_mark.line + 1
    return item


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_item)


def read_data_file(path: Path) -> Item:
    """Parse one YAML data file into an Item; a syntax error becomes a ContentError with the line
    YAML reports."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ContentError("the file does not exist", file=path) from None
    except UnicodeDecodeError as error:
        raise ContentError(f"the file is not UTF-8 text ({error.reason})", file=path) from None
    loader = _LineLoader(text)
    loader.content_file = path
    try:
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        raise ContentError(
            f"not valid YAML: {error.problem or error.context}",
            file=path,
            line=mark.line + 1 if mark else None,
        ) from None
    except yaml.YAMLError as error:
        raise ContentError(f"not valid YAML: {error}", file=path) from None
    finally:
        loader.dispose()
    if not isinstance(data, Item):
        raise ContentError("the file must hold a mapping at the top level", file=path, line=1)
    return data
