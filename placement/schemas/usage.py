"""JSON schemas of the GET /usages query string."""

import copy

_ID = {"type": "string", "minLength": 1, "maxLength": 255}

GET_USAGES_SCHEMA_1_9 = {
    "type": "object",
    "properties": {
        "project_id": _ID,
        "user_id": _ID,
    },
    "required": ["project_id"],
    "additionalProperties": False,
}

# v1.38: a consumer type name, "all" or "unknown". The alternation is not
# anchored as a whole, so anything starting with "all" passes too.
GET_USAGES_SCHEMA_V1_38 = copy.deepcopy(GET_USAGES_SCHEMA_1_9)
GET_USAGES_SCHEMA_V1_38['properties']['consumer_type'] = dict(
    _ID, pattern='^[A-Z0-9_]+$|^all|^unknown$')
