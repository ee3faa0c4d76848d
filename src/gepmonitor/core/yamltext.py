"""YAML written by users (mapping files): safe tags only, no aliases, a bounded size.

PyYAML's safe loader builds no objects, but it does follow aliases: nine anchors that each repeat
the one before nine times make a few hundred bytes that expand into millions of nodes as soon as
anything walks them (a "billion laughs"). Mapping files never need aliases, so they are refused.
"""

from __future__ import annotations

from typing import Any

import yaml

MAX_YAML_BYTES = 1_000_000


class _NoAliasLoader(yaml.SafeLoader):
    """A safe loader that refuses aliases (*name)."""

    def compose_node(self, parent, index):  # type: ignore[no-untyped-def]
        """Refuse an alias where a node is composed; otherwise compose as usual."""
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None, None, "aliases (*name) are not allowed", event.start_mark
            )
        return super().compose_node(parent, index)


def load_user_yaml(text: str) -> Any:
    """Return the document of a user's YAML file; raise yaml.YAMLError on any problem."""
    if len(text) > MAX_YAML_BYTES:
        raise yaml.YAMLError(f"the file is larger than {MAX_YAML_BYTES} characters")
    return yaml.load(text, Loader=_NoAliasLoader)  # noqa: S506 - a safe loader without aliases
