"""JSON schemas of PUT /resource_providers/{uuid}/aggregates."""

# v1.1-v1.18: the bare list. Items are kept as sent.
SET_AGGREGATES_SCHEMA = {
    "type": "array",
    "items": {"type": "string", "format": "uuid"},
    "uniqueItems": True,
}

# v1.19+: the list with the provider generation the client saw.
SET_AGGREGATES_SCHEMA_V1_19 = {
    "type": "object",
    "properties": {
        "aggregates": SET_AGGREGATES_SCHEMA,
        "resource_provider_generation": {"type": "integer"},
    },
    "required": ["aggregates", "resource_provider_generation"],
    "additionalProperties": False,
}
