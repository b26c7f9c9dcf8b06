"""JSON schemas of /resource_providers/{uuid}/inventories bodies."""

import copy

from placement.objects import inventory

_INT_FIELD = {"type": "integer", "maximum": inventory.MAX_INT}

RESOURCE_CLASS_PATTERN = "^[A-Z0-9_]+$"

# PUT .../inventories/{resource_class}: the one inventory, with the
# generation it was read at.
BASE_INVENTORY_SCHEMA = {
    "type": "object",
    "properties": {
        "resource_provider_generation": {"type": "integer"},
        "total": dict(_INT_FIELD, minimum=1),
        "reserved": dict(_INT_FIELD, minimum=0),
        "min_unit": dict(_INT_FIELD, minimum=1),
        "max_unit": dict(_INT_FIELD, minimum=1),
        "step_size": dict(_INT_FIELD, minimum=1),
        # No minimum: 0 or less fails the capacity rule instead.
        "allocation_ratio": {"type": "number", "maximum": 3.40282e+38},
    },
    "required": ["total", "resource_provider_generation"],
    "additionalProperties": False,
}

# POST .../inventories: the class comes in the body; the generation is
# accepted and ignored.
POST_INVENTORY_SCHEMA = copy.deepcopy(BASE_INVENTORY_SCHEMA)
POST_INVENTORY_SCHEMA['properties']['resource_class'] = {
    "type": "string",
    "pattern": RESOURCE_CLASS_PATTERN,
}
POST_INVENTORY_SCHEMA['required'] = ['total', 'resource_class']

# One record of PUT .../inventories (the generation is accepted, ignored).
PUT_INVENTORY_RECORD_SCHEMA = copy.deepcopy(BASE_INVENTORY_SCHEMA)
PUT_INVENTORY_RECORD_SCHEMA['required'] = ['total']

# PUT .../inventories, also one provider's entry in POST /reshaper. Keys
# that do not look like class names are deliberately not validated (they
# fail later as unknown classes).
PUT_INVENTORY_SCHEMA = {
    "type": "object",
    "properties": {
        "resource_provider_generation": {"type": "integer"},
        "inventories": {
            "type": "object",
            "patternProperties": {
                RESOURCE_CLASS_PATTERN: PUT_INVENTORY_RECORD_SCHEMA,
            },
        },
    },
    "required": ["resource_provider_generation", "inventories"],
    "additionalProperties": False,
}
