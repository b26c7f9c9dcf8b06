"""JSON schemas of POST /reshaper (v1.30+)."""

import copy

from placement.schemas import allocation
from placement.schemas import inventory


def _reshaper_schema(post_allocations_schema):
    allocations = copy.deepcopy(post_allocations_schema)
    # Unlike POST /allocations, a reshape may move no allocations at all.
    del allocations['minProperties']
    return {
        "type": "object",
        "properties": {
            "inventories": {
                "type": "object",
                "minProperties": 1,
                "patternProperties": {
                    allocation.UUID_KEY_PATTERN:
                        inventory.PUT_INVENTORY_SCHEMA,
                },
                "additionalProperties": False,
            },
            "allocations": allocations,
        },
        "required": ["inventories", "allocations"],
        "additionalProperties": False,
    }


POST_RESHAPER_SCHEMA = _reshaper_schema(allocation.POST_ALLOCATIONS_V1_28)
POST_RESHAPER_SCHEMA_V1_34 = _reshaper_schema(
    allocation.POST_ALLOCATIONS_V1_34)
POST_RESHAPER_SCHEMA_V1_38 = _reshaper_schema(
    allocation.POST_ALLOCATIONS_V1_38)
