"""JSON schemas of /resource_providers requests, by microversion."""

import copy

_NAME = {"type": "string", "maxLength": 200}
_PARENT = {"anyOf": [{"type": "string", "format": "uuid"},
                     {"type": "null"}]}

# POST /resource_providers before v1.14.
POST_RESOURCE_PROVIDER_SCHEMA = {
    "type": "object",
    "properties": {
        "name": _NAME,
        "uuid": {"type": "string", "format": "uuid"},
    },
    "required": ["name"],
    "additionalProperties": False,
}
POST_RESOURCE_PROVIDER_SCHEMA_V1_14 = copy.deepcopy(
    POST_RESOURCE_PROVIDER_SCHEMA)
POST_RESOURCE_PROVIDER_SCHEMA_V1_14['properties'][
    'parent_provider_uuid'] = _PARENT

# PUT /resource_providers/{uuid} before v1.14.
PUT_RESOURCE_PROVIDER_SCHEMA = {
    "type": "object",
    "properties": {"name": _NAME},
    "required": ["name"],
    "additionalProperties": False,
}
PUT_RESOURCE_PROVIDER_SCHEMA_V1_14 = copy.deepcopy(
    PUT_RESOURCE_PROVIDER_SCHEMA)
PUT_RESOURCE_PROVIDER_SCHEMA_V1_14['properties'][
    'parent_provider_uuid'] = _PARENT

# The query of GET /resource_providers: (first version, added keys).
# Repeatable keys are checked on their last value only.
_LIST_PARAMS = (
    ((1, 0), {"name": {"type": "string"},
              "uuid": {"type": "string", "format": "uuid"}}),
    ((1, 3), {"member_of": {"type": "string"}}),
    ((1, 4), {"resources": {"type": "string"}}),
    ((1, 14), {"in_tree": {"type": "string", "format": "uuid"}}),
    ((1, 18), {"required": {"type": "string"}}),
)


def list_query_schema(want_version):
    """The query schema of GET /resource_providers at ``want_version``."""
    properties = {}
    for since, params in _LIST_PARAMS:
        if want_version.matches(since):
            properties.update(params)
    return {"type": "object", "properties": properties,
            "additionalProperties": False}
