"""Handler of GET /allocation_candidates (v1.10+).

Parsing and validation follow spec allocation-candidates.md sections 1-5
in their check order; the search is ``objects.allocation_candidate``;
this module shapes its result per microversion (sections 7, 8).
"""

import re
import sys

import webob.exc

from placement import errors
from placement import exception
from placement import microversion
from placement.objects import allocation_candidate as ac_obj
from placement.policies import allocation_candidate as policies
from placement import query
from placement.schemas import allocation_candidate as schema
from placement import util
from placement import wsgi_wrapper

# The keys of request groups; the schema already refused bad suffixes.
_GROUP_KEY = re.compile('^(resources|required|member_of|in_tree)(.*)$')


def _bad(message, code=errors.DEFAULT):
    return webob.exc.HTTPBadRequest(message, comment=code)


def _root_required(req):
    """(required, forbidden) trait names of ``root_required``."""
    values = req.GET.getall('root_required')
    if not values:
        return set(), set()
    if len(values) > 1:
        raise _bad("Query parameter 'root_required' may be specified only "
                   "once.", errors.ILLEGAL_DUPLICATE_QUERYPARAM)
    any_of_sets, forbidden = query.normalize_traits_qs_param(
        values[0], allow_forbidden=True, allow_any_traits=False)
    required = set().union(*any_of_sets)
    conflicts = required & forbidden
    if conflicts:
        raise _bad('Conflicting required and forbidden traits found in '
                   'root_required: %s' % ', '.join(sorted(conflicts)),
                   errors.QUERYPARAM_BAD_VALUE)
    return required, forbidden


def _same_subtree(req):
    """A list of suffix lists, one per ``same_subtree`` value."""
    result = []
    for value in req.GET.getall('same_subtree'):
        suffixes = [suffix.strip() for suffix in value.split(',')]
        if not all(suffixes):
            raise _bad('Empty string (unsuffixed group) can not be '
                       'specified in `same_subtree` ',
                       errors.QUERYPARAM_BAD_VALUE)
        result.append(list(dict.fromkeys(suffixes)))
    return result


def _request_groups(req):
    """The request groups in order of first appearance of their suffix,
    with the set of keys (prefixes) given for each suffix.
    """
    groups = {}
    keys = {}
    for key in req.GET.keys():
        match = _GROUP_KEY.match(key)
        if match is None:
            continue
        prefix, suffix = match.groups()
        group = groups.setdefault(suffix, ac_obj.RequestGroup(suffix))
        given = keys.setdefault(suffix, set())
        if prefix in given:
            continue
        given.add(prefix)
        if prefix == 'resources':
            group.resources = query.normalize_resources_qs_param(
                req.GET.getall(key)[-1])
        elif prefix == 'required':
            group.required_traits, group.forbidden_traits = (
                query.normalize_traits_qs_params(req, suffix))
        elif prefix == 'member_of':
            group.member_of, group.forbidden_aggs = (
                query.normalize_member_of_qs_params(req, suffix))
        else:
            group.in_tree = query.normalize_in_tree_qs_param(
                req.GET.getall(key)[-1])
    return list(groups.values()), keys


def _check_structure_before_1_36(groups, keys):
    def orphans(prefix):
        return ', '.join(prefix + group.suffix for group in groups
                         if prefix in keys[group.suffix]
                         and 'resources' not in keys[group.suffix])

    traits_orphans = orphans('required')
    if traits_orphans:
        raise _bad('All traits parameters must be associated with '
                   'resources.  Found the following orphaned traits keys: '
                   '%s' % traits_orphans)
    member_of_orphans = orphans('member_of')
    if member_of_orphans:
        raise _bad('All member_of parameters must be associated with '
                   'resources. Found the following orphaned member_of '
                   'keys: %s' % member_of_orphans)
    if any('resources' not in keys[group.suffix] for group in groups):
        raise _bad('All request groups must specify resources.')
    if not groups:
        raise _bad('At least one request group (`resources` or '
                   '`resources{$S}`) is required.')


def _check_structure(groups, keys, same_subtree):
    """Group structure at v1.36+ (resourceless groups allowed)."""
    if not any('resources' in given for given in keys.values()):
        raise _bad('There must be at least one resources or resources[$S] '
                   'parameter.', errors.QUERYPARAM_MISSING_VALUE)
    in_subtree = set().union(*same_subtree)
    bad = [group.suffix for group in groups
           if 'resources' not in keys[group.suffix]
           and group.suffix not in in_subtree]
    if bad:
        raise _bad('Resourceless suffixed group request should be specified '
                   'in `same_subtree` query param: bad group(s) - %s.' % bad,
                   errors.QUERYPARAM_BAD_VALUE)
    suffixes = [group.suffix for group in groups]
    for subtree in same_subtree:
        unknown = [suffix for suffix in subtree if suffix not in keys]
        if unknown:
            raise _bad('Real suffixes should be specified in `same_subtree`: '
                       '%s not found in %s.' % (unknown, suffixes),
                       errors.QUERYPARAM_BAD_VALUE)


def _check_conflicts(groups):
    conflicts = sorted(
        'required%s: (%s)' % (group.suffix, ', '.join(sorted(any_of)))
        for group in groups for any_of in group.required_traits
        if any_of <= group.forbidden_traits)
    if conflicts:
        raise _bad('Conflicting required and forbidden traits found in the '
                   'following traits keys: %s' % ', '.join(conflicts))


def _search_params(req, want_version):
    """Parse and validate the query (check order of spec section 1)."""
    limit = req.GET.getall('limit')[:1]
    group_policy = req.GET.getall('group_policy')[:1]
    root_required, root_forbidden = _root_required(req)
    same_subtree = _same_subtree(req)
    groups, keys = _request_groups(req)
    if want_version.matches((1, 36)):
        _check_structure(groups, keys, same_subtree)
    else:
        _check_structure_before_1_36(groups, keys)
    if want_version.matches((1, 22)):
        _check_conflicts(groups)
    if not group_policy and sum(1 for group in groups if group.suffix) > 1:
        raise _bad('The "group_policy" parameter is required when '
                   'specifying more than one "resources{N}" parameter.')
    return ac_obj.SearchParams(
        # No answer holds sys.maxsize candidates: a larger limit (valid
        # for the schema) means the same, and fits Python's slicing.
        groups, limit=min(int(limit[0]), sys.maxsize) if limit else None,
        group_policy=group_policy[0] if group_policy else None,
        root_required=root_required, root_forbidden=root_forbidden,
        same_subtree=[set(suffixes) for suffixes in same_subtree],
        nested_aware=want_version.matches((1, 29)),
        all_inventories=want_version.matches((1, 27)))


def _request_shaper(want_version):
    """A function giving the JSON form of an allocation request."""
    dict_form = want_version.matches((1, 12))
    with_mappings = want_version.matches((1, 34))

    # The search shares the resources dicts among requests; so may the
    # wrappers around them. {id: (resources, wrapper)}: holding the
    # resources keeps their id from being reused.
    wrappers = {}

    def wrapped(resources):
        try:
            return wrappers[id(resources)][1]
        except KeyError:
            wrapper = {'resources': resources}
            wrappers[id(resources)] = (resources, wrapper)
            return wrapper

    def shape(request):
        if dict_form:
            data = {'allocations': {
                uuid: wrapped(resources)
                for uuid, resources in request.allocations.items()}}
        else:
            data = {'allocations': [
                {'resource_provider': {'uuid': uuid}, 'resources': resources}
                for uuid, resources in request.allocations.items()]}
        if with_mappings:
            data['mappings'] = request.mappings
        return data
    return shape


def _summary_shaper(want_version):
    """A function giving the JSON form of a provider summary."""
    with_traits = want_version.matches((1, 17))
    with_tree = want_version.matches((1, 29))

    def shape(summary):
        data = {'resources': summary.resources}
        if with_traits:
            data['traits'] = summary.traits
        if with_tree:
            data['parent_provider_uuid'] = summary.parent_provider_uuid
            data['root_provider_uuid'] = summary.root_provider_uuid
        return data
    return shape


@wsgi_wrapper.PlacementWsgify
@microversion.version_handler('1.10')
@util.check_accept('application/json')
def list_allocation_candidates(req):
    """The allocation requests satisfying the query, with summaries."""
    context = req.environ['placement.context']
    context.can(policies.LIST)
    want_version = req.environ[microversion.MICROVERSION_ENVIRON]
    util.validate_query_params(req, schema.schema_for(want_version))
    params = _search_params(req, want_version)
    return _respond(req, context, params, want_version)


def _respond(req, context, params, want_version):
    """Search, then shape the answer; the search's objects are dropped as
    their JSON form is made, so that large answers are not held twice.
    """
    try:
        candidates = ac_obj.find(context, params)
    except exception.ResourceClassNotFound as exc:
        raise _bad('Invalid resource class in resources parameter: %s'
                   % exc)
    except exception.TraitNotFound as exc:
        raise _bad(str(exc))
    request_shape = _request_shaper(want_version)
    summary_shape = _summary_shaper(want_version)
    data = {
        'allocation_requests': [
            request_shape(request)
            for request in ac_obj.drained(candidates.allocation_requests)],
        'provider_summaries': {
            uuid: summary_shape(summary)
            for uuid, summary in candidates.provider_summaries.items()},
    }
    return util.send_json(req, data, last_modified=util.utcnow())
