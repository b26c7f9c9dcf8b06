"""JSON schemas of /resource_classes requests."""

# The body of POST /resource_classes and of the v1.2-v1.6 rename; from
# v1.7 PUT applies it to the URL name.
RESOURCE_CLASS_SCHEMA = {
    "type": "object",
    "properties": {
        "name": {
            "type": "string",
            "pattern": "^CUSTOM_[A-Z0-9_]+$",
            "maxLength": 255,
        },
    },
    "required": ["name"],
    "additionalProperties": False,
}
