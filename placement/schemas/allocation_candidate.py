"""Query schemas of GET /allocation_candidates, per microversion range.

``schema_for(version)`` picks the schema (spec allocation-candidates.md
section 2).
"""

import copy

_STRING = {"type": "string"}
_NUMBERED_SUFFIX = '([1-9][0-9]*)?'
_STRING_SUFFIX = '([a-zA-Z0-9_-]{1,64})?'

# v1.10 - v1.15
GET_SCHEMA_1_10 = {
    "type": "object",
    "properties": {
        "resources": _STRING,
    },
    "required": ["resources"],
    "additionalProperties": False,
}

# v1.16: a limit on the number of allocation requests.
GET_SCHEMA_1_16 = copy.deepcopy(GET_SCHEMA_1_10)
GET_SCHEMA_1_16['properties']['limit'] = {
    "type": "string",
    "pattern": "^[1-9][0-9]*$",
}

# v1.17: required traits.
GET_SCHEMA_1_17 = copy.deepcopy(GET_SCHEMA_1_16)
GET_SCHEMA_1_17['properties']['required'] = _STRING

# v1.21: member_of.
GET_SCHEMA_1_21 = copy.deepcopy(GET_SCHEMA_1_17)
GET_SCHEMA_1_21['properties']['member_of'] = _STRING


def _granular(prefixes, suffix):
    return {'^%s%s$' % (prefix, suffix): _STRING for prefix in prefixes}


# v1.25: granular request groups and group_policy; nothing required.
GET_SCHEMA_1_25 = {
    "type": "object",
    "properties": {
        "limit": GET_SCHEMA_1_16['properties']['limit'],
        "group_policy": {"type": "string", "enum": ["none", "isolate"]},
    },
    "patternProperties": _granular(
        ('resources', 'required', 'member_of'), _NUMBERED_SUFFIX),
    "additionalProperties": False,
}

# v1.31: in_tree[N].
GET_SCHEMA_1_31 = copy.deepcopy(GET_SCHEMA_1_25)
GET_SCHEMA_1_31['patternProperties'] = _granular(
    ('resources', 'required', 'member_of', 'in_tree'), _NUMBERED_SUFFIX)

# v1.33: string suffixes.
GET_SCHEMA_1_33 = copy.deepcopy(GET_SCHEMA_1_31)
GET_SCHEMA_1_33['patternProperties'] = _granular(
    ('resources', 'required', 'member_of', 'in_tree'), _STRING_SUFFIX)

# v1.35: root_required.
GET_SCHEMA_1_35 = copy.deepcopy(GET_SCHEMA_1_33)
GET_SCHEMA_1_35['properties']['root_required'] = _STRING

# v1.36: same_subtree.
GET_SCHEMA_1_36 = copy.deepcopy(GET_SCHEMA_1_35)
GET_SCHEMA_1_36['properties']['same_subtree'] = _STRING

# Newest first: the schema of the highest minimum not above the request.
_BY_VERSION = (
    ((1, 36), GET_SCHEMA_1_36),
    ((1, 35), GET_SCHEMA_1_35),
    ((1, 33), GET_SCHEMA_1_33),
    ((1, 31), GET_SCHEMA_1_31),
    ((1, 25), GET_SCHEMA_1_25),
    ((1, 21), GET_SCHEMA_1_21),
    ((1, 17), GET_SCHEMA_1_17),
    ((1, 16), GET_SCHEMA_1_16),
    ((1, 10), GET_SCHEMA_1_10),
)


def schema_for(want_version):
    """The query schema of the microversion ``want_version``."""
    return next(schema for minimum, schema in _BY_VERSION
                if want_version.matches(minimum))
