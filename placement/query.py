"""Parsers of the query parameters shared by the provider and candidate
lists: ``resources``, ``required``, ``member_of`` and ``in_tree``.

The rules and the 400 messages are those of spec resource-providers.md
("member_of parsing", "required parsing", "resources parsing") and
allocation-candidates.md section 4: messages naming a repeatable key carry
its group suffix, e.g. "Multiple member_of1 parameters are not supported".
"""

from oslo_utils import uuidutils
import webob.exc

from placement import microversion

_RESOURCES_FORM = ('Badly formed resources parameter. Expected resources '
                   'query string parameter in form: '
                   '?resources=VCPU:2,MEMORY_MB:1024. Got: %s.')
_REQUIRED_FORM = ("Invalid query string parameters: Expected 'required' "
                  "parameter value of the form: %(form)s. ")
_ANY_TRAITS_FORM = 'in:HW_CPU_X86_VMX,CUSTOM_MAGIC'
_ANY_TRAITS_PREFIX = 'in:'
_FORBIDDEN_PREFIX = '!'


def _bad_request(message):
    return webob.exc.HTTPBadRequest(message)


def normalize_resources_qs_param(qs):
    """``'VCPU:2,MEMORY_MB:1024'`` -> ``{'VCPU': 2, 'MEMORY_MB': 1024}``.

    A class given twice keeps its last amount.
    """
    if not qs.strip():
        raise _bad_request(_RESOURCES_FORM % 'empty string')
    result = {}
    for element in qs.split(','):
        try:
            rc_name, amount = element.split(':')
        except ValueError:
            raise _bad_request(_RESOURCES_FORM % element)
        try:
            amount = int(amount)
        except ValueError:
            raise _bad_request(
                'Requested resource %s expected positive integer amount. '
                'Got: %s.' % (rc_name, amount))
        if amount < 1:
            raise _bad_request(
                'Requested resource %s requires amount >= 1. Got: %d.'
                % (rc_name, amount))
        result[rc_name] = amount
    return result


def _parse_any_traits(value, allow_any_traits):
    if not allow_any_traits:
        raise _bad_request(
            "Invalid query string parameters: The format '%s' only "
            "supported since microversion 1.39. Got: %s"
            % (_ANY_TRAITS_FORM, value))
    traits = {name.strip()
              for name in value[len(_ANY_TRAITS_PREFIX):].split(',')}
    if not all(traits):
        raise _bad_request(
            (_REQUIRED_FORM + 'Got an empty trait in: %(val)s')
            % {'form': _ANY_TRAITS_FORM, 'val': value})
    if any(name.startswith(_FORBIDDEN_PREFIX) for name in traits):
        raise _bad_request(
            "Invalid query string parameters: The format '%s' does not "
            "support forbidden traits. Got: %s" % (_ANY_TRAITS_FORM, value))
    return [traits], set()


def _parse_all_traits(value, allow_forbidden):
    form = ('HW_CPU_X86_VMX,!CUSTOM_MAGIC' if allow_forbidden
            else 'HW_CPU_X86_VMX,CUSTOM_MAGIC')
    elements = [element.strip() for element in value.split(',')]
    # "!!X" means "!X": every leading "!" goes.
    if not all(element.lstrip(_FORBIDDEN_PREFIX) for element in elements):
        raise _bad_request((_REQUIRED_FORM + 'Got an empty trait in: %(val)s')
                           % {'form': form, 'val': value})
    required = [{element} for element in elements
                if not element.startswith(_FORBIDDEN_PREFIX)]
    forbidden = {element.lstrip(_FORBIDDEN_PREFIX) for element in elements
                 if element.startswith(_FORBIDDEN_PREFIX)}
    if forbidden and not allow_forbidden:
        raise _bad_request((_REQUIRED_FORM + 'Got: %(val)s')
                           % {'form': form, 'val': value})
    return required, forbidden


def normalize_traits_qs_param(value, allow_forbidden=False,
                              allow_any_traits=False):
    """Parse one traits expression (a ``required`` or ``root_required``
    value).

    :returns: (list of any-of sets of required traits, set of forbidden
        traits). ``T1,!T2`` gives ``([{'T1'}], {'T2'})``; ``in:T1,T2``
        gives ``([{'T1', 'T2'}], set())``.
    :raises webob.exc.HTTPBadRequest: malformed, or a form the caller's
        microversion does not allow
    """
    if value.startswith(_ANY_TRAITS_PREFIX):
        return _parse_any_traits(value, allow_any_traits)
    return _parse_all_traits(value, allow_forbidden)


def normalize_traits_qs_params(req, suffix=''):
    """The ``required{suffix}`` values of ``req``, by its microversion.

    Below v1.39 only the last value counts; from v1.39 every value is
    parsed and the results are ANDed.

    :returns: (list of any-of sets of required traits, set of forbidden
        traits); both empty when the key is absent.
    """
    want_version = req.environ[microversion.MICROVERSION_ENVIRON]
    allow_forbidden = want_version.matches((1, 22))
    allow_any_traits = want_version.matches((1, 39))
    values = req.GET.getall('required' + suffix)
    if not allow_any_traits:
        values = values[-1:]
    required = []
    forbidden = set()
    for value in values:
        any_of_sets, forbidden_traits = normalize_traits_qs_param(
            value, allow_forbidden, allow_any_traits)
        required.extend(any_of_sets)
        forbidden |= forbidden_traits
    return required, forbidden


def _parse_member_of(value):
    """One ``member_of`` value -> (required any-of set, forbidden set)."""
    if ',' in value and not value.startswith(('in:', '!in:')):
        raise _bad_request(
            "Multiple values for 'member_of' must be prefixed with the "
            "'in:' or '!in:' keyword using the valid microversion. Got: %s"
            % value)
    required = []
    forbidden = []
    if value.startswith('!in:'):
        forbidden = value[len('!in:'):].split(',')
    elif value.startswith('!'):
        forbidden = [value[1:]]
    elif value.startswith('in:'):
        required = value[len('in:'):].split(',')
    else:
        required = [value]
    for agg_uuid in required + forbidden:
        if not uuidutils.is_uuid_like(agg_uuid):
            raise _bad_request(
                "Invalid query string parameters: Expected 'member_of' "
                "parameter to contain valid UUID(s). Got: %s" % agg_uuid)
    return set(required), set(forbidden)


def normalize_member_of_qs_params(req, suffix=''):
    """The ``member_of{suffix}`` values of ``req``, by its microversion.

    :returns: (list of sets of aggregate uuids, one set per value: a
        provider must be in at least one aggregate of every set; set of
        forbidden aggregate uuids); both empty when the key is absent.
    """
    want_version = req.environ[microversion.MICROVERSION_ENVIRON]
    key = 'member_of' + suffix
    values = req.GET.getall(key)
    if len(values) > 1 and not want_version.matches((1, 24)):
        raise _bad_request('Multiple %s parameters are not supported' % key)
    required = []
    forbidden = set()
    for value in values:
        required_uuids, forbidden_uuids = _parse_member_of(value)
        if forbidden_uuids and not want_version.matches((1, 32)):
            raise _bad_request(
                'Forbidden %s parameters are not supported in the '
                'specified microversion' % key)
        if required_uuids:
            required.append(required_uuids)
        forbidden |= forbidden_uuids
    return required, forbidden


def normalize_in_tree_qs_param(value):
    """An ``in_tree[S]`` value of the candidates query, stripped.

    (``GET /resource_providers`` validates its ``in_tree`` by schema.)
    """
    stripped = value.strip()
    if not uuidutils.is_uuid_like(stripped):
        raise _bad_request(
            "Invalid query string parameters: Expected 'in_tree' parameter "
            "to be a format of uuid. Got: %s" % value)
    return stripped
