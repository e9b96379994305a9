"""The issue manifest as typed objects: validation and YAML load/save. Knows nothing of Word or mail."""

from jianbao_cli.model.manifest import (
    DISTRIBUTION_KEYS,
    Article,
    Block,
    Distribution,
    Figure,
    Heading,
    Issue,
    Section,
    heading_level,
)

__all__ = ["DISTRIBUTION_KEYS", "Article", "Block", "Distribution", "Figure", "Heading", "Issue", "Section", "heading_level"]
