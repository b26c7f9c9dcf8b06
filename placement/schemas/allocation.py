"""JSON schemas of PUT /allocations/{consumer_uuid} and POST /allocations.

Each microversion range that changes a body has its own schema (spec
allocations-and-consumers.md); later ones are built from earlier ones.
"""

import copy

UUID_KEY_PATTERN = "^[0-9a-fA-F-]{36}$"

_RESOURCES = {
    "type": "object",
    "minProperties": 1,
    "patternProperties": {
        "^[A-Z0-9_]+$": {"type": "integer", "minimum": 1},
    },
    "additionalProperties": False,
}
_EXTERNAL_ID = {"type": "string", "minLength": 1, "maxLength": 255}

# v1.0-v1.7: a list of {resource_provider: {uuid}, resources}.
ALLOCATION_SCHEMA = {
    "type": "object",
    "properties": {
        "allocations": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "properties": {
                    "resource_provider": {
                        "type": "object",
                        "properties": {
                            "uuid": {"type": "string", "format": "uuid"},
                        },
                        "additionalProperties": False,
                        "required": ["uuid"],
                    },
                    "resources": _RESOURCES,
                },
                "additionalProperties": False,
                "required": ["resource_provider", "resources"],
            },
        },
    },
    "required": ["allocations"],
    "additionalProperties": False,
}

# v1.8-v1.11: project and user required.
ALLOCATION_SCHEMA_V1_8 = copy.deepcopy(ALLOCATION_SCHEMA)
ALLOCATION_SCHEMA_V1_8['properties']['project_id'] = _EXTERNAL_ID
ALLOCATION_SCHEMA_V1_8['properties']['user_id'] = _EXTERNAL_ID
ALLOCATION_SCHEMA_V1_8['required'].extend(['project_id', 'user_id'])

# v1.12-v1.27: allocations keyed by provider uuid.
_ALLOCATIONS_DICT = {
    "type": "object",
    "patternProperties": {
        UUID_KEY_PATTERN: {
            "type": "object",
            "properties": {
                # Accepted so that GET output can be PUT back; ignored.
                "generation": {"type": "integer"},
                "resources": _RESOURCES,
            },
            "required": ["resources"],
            "additionalProperties": False,
        },
    },
    "additionalProperties": False,
}
ALLOCATION_SCHEMA_V1_12 = copy.deepcopy(ALLOCATION_SCHEMA_V1_8)
ALLOCATION_SCHEMA_V1_12['properties']['allocations'] = dict(
    _ALLOCATIONS_DICT, minProperties=1)

# v1.28-v1.33: consumer generation required; {} removes everything.
ALLOCATION_SCHEMA_V1_28 = copy.deepcopy(ALLOCATION_SCHEMA_V1_12)
ALLOCATION_SCHEMA_V1_28['properties']['allocations'] = _ALLOCATIONS_DICT
ALLOCATION_SCHEMA_V1_28['properties']['consumer_generation'] = {
    "type": ["integer", "null"]}
ALLOCATION_SCHEMA_V1_28['required'].append('consumer_generation')

# v1.34-v1.37: the mappings of the allocation candidate, ignored.
_MAPPINGS = {
    "type": "object",
    "minProperties": 1,
    "additionalProperties": {
        "type": "array",
        "minItems": 1,
        "items": {"type": "string", "format": "uuid"},
    },
}
ALLOCATION_SCHEMA_V1_34 = copy.deepcopy(ALLOCATION_SCHEMA_V1_28)
ALLOCATION_SCHEMA_V1_34['properties']['mappings'] = _MAPPINGS

# v1.38+: consumer type required.
ALLOCATION_SCHEMA_V1_38 = copy.deepcopy(ALLOCATION_SCHEMA_V1_34)
ALLOCATION_SCHEMA_V1_38['properties']['consumer_type'] = {
    "type": "string", "pattern": "^[A-Z0-9_]+$",
    "minLength": 1, "maxLength": 255}
ALLOCATION_SCHEMA_V1_38['required'].append('consumer_type')


def _post_schema(consumer_schema):
    """POST /allocations: consumers keyed by uuid.

    Each consumer is like a PUT body whose ``allocations`` may be empty.
    """
    consumer_schema = copy.deepcopy(consumer_schema)
    consumer_schema['properties']['allocations'] = _ALLOCATIONS_DICT
    return {
        "type": "object",
        "minProperties": 1,
        "patternProperties": {UUID_KEY_PATTERN: consumer_schema},
        "additionalProperties": False,
    }


POST_ALLOCATIONS_V1_13 = _post_schema(ALLOCATION_SCHEMA_V1_12)
POST_ALLOCATIONS_V1_28 = _post_schema(ALLOCATION_SCHEMA_V1_28)
POST_ALLOCATIONS_V1_34 = _post_schema(ALLOCATION_SCHEMA_V1_34)
POST_ALLOCATIONS_V1_38 = _post_schema(ALLOCATION_SCHEMA_V1_38)
