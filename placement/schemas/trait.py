"""JSON schemas of /traits and /resource_providers/{uuid}/traits."""

# A custom trait name, as PUT /traits/{name} requires.
CUSTOM_TRAIT = {
    "type": "string",
    "pattern": "^CUSTOM_[A-Z0-9_]+$",
    "minLength": 1,
    "maxLength": 255,
}

LIST_TRAIT_SCHEMA = {
    "type": "object",
    "properties": {
        "name": {"type": "string"},
        "associated": {"type": "string"},
    },
    "additionalProperties": False,
}

# Provider traits are only checked to be names that exist.
SET_TRAITS_FOR_RP_SCHEMA = {
    "type": "object",
    "properties": {
        "traits": {
            "type": "array",
            "items": {"type": "string", "minLength": 1, "maxLength": 255},
        },
        "resource_provider_generation": {"type": "integer"},
    },
    "required": ["traits", "resource_provider_generation"],
    "additionalProperties": False,
}
