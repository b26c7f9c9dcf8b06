"""Handlers of /resource_providers and /resource_providers/{uuid}.

An unknown provider in the URL of GET and PUT raises
``exception.ResourceProviderNotFound`` out of the handler (the router's
404); DELETE words its own 404.
"""

import webob.exc

from placement import errors
from placement import exception
from placement import microversion
from placement.objects import resource_provider as rp_obj
from placement.policies import resource_provider as policies
from placement import query
from placement.schemas import resource_provider as schema
from placement import util
from placement import wsgi_wrapper

# Links after "self", each with the first microversion showing it.
_LINK_RELS = (
    ((1, 0), 'inventories'),
    ((1, 0), 'usages'),
    ((1, 1), 'aggregates'),
    ((1, 6), 'traits'),
    ((1, 11), 'allocations'),
)


def _serialize(environ, rp):
    want_version = environ[microversion.MICROVERSION_ENVIRON]
    url = util.resource_provider_url(environ, rp)
    links = [{'rel': 'self', 'href': url}]
    links.extend({'rel': rel, 'href': '%s/%s' % (url, rel)}
                 for since, rel in _LINK_RELS if want_version.matches(since))
    data = {
        'uuid': rp.uuid,
        'name': rp.name,
        'generation': rp.generation,
        'links': links,
    }
    if want_version.matches((1, 14)):
        data['parent_provider_uuid'] = rp.parent_provider_uuid
        data['root_provider_uuid'] = rp.root_provider_uuid
    return data


def _send_provider(req, rp, last_modified):
    return util.send_json(req, _serialize(req.environ, rp),
                          last_modified=last_modified)


def _body_schema(want_version, before_1_14, since_1_14):
    return since_1_14 if want_version.matches((1, 14)) else before_1_14


def _list_filters(req):
    """The ``get_all_by_filters`` filters of a validated list query."""
    filters = {key: req.GET[key] for key in ('name', 'uuid', 'in_tree')
               if key in req.GET}
    filters['member_of'], filters['forbidden_aggs'] = (
        query.normalize_member_of_qs_params(req))
    filters['required_traits'], filters['forbidden_traits'] = (
        query.normalize_traits_qs_params(req))
    if 'resources' in req.GET:
        filters['resources'] = query.normalize_resources_qs_param(
            req.GET['resources'])
    return filters


@wsgi_wrapper.PlacementWsgify
@util.check_accept('application/json')
def list_resource_providers(req):
    context = req.environ['placement.context']
    context.can(policies.LIST)
    want_version = req.environ[microversion.MICROVERSION_ENVIRON]
    util.validate_query_params(req, schema.list_query_schema(want_version))
    filters = _list_filters(req)
    try:
        rps = rp_obj.get_all_by_filters(context, filters)
    except exception.TraitNotFound as exc:
        raise webob.exc.HTTPBadRequest(
            'Invalid trait(s) in "required" parameter: %s' % exc)
    except exception.ResourceClassNotFound as exc:
        raise webob.exc.HTTPBadRequest(
            'Invalid resource class in resources parameter: %s' % exc)
    data = {'resource_providers': [_serialize(req.environ, rp)
                                   for rp in rps]}
    return util.send_json(req, data, last_modified=util.last_modified_of(rps))


@wsgi_wrapper.PlacementWsgify
@util.require_content('application/json')
def create_resource_provider(req):
    context = req.environ['placement.context']
    context.can(policies.CREATE)
    want_version = req.environ[microversion.MICROVERSION_ENVIRON]
    data = util.extract_json(req.body, _body_schema(
        want_version, schema.POST_RESOURCE_PROVIDER_SCHEMA,
        schema.POST_RESOURCE_PROVIDER_SCHEMA_V1_14))
    rp = rp_obj.ResourceProvider(context, **data)
    try:
        rp.create()
    except exception.DuplicateResourceProvider as exc:
        raise webob.exc.HTTPConflict(str(exc), comment=errors.DUPLICATE_NAME)
    except exception.ObjectActionError as exc:
        raise webob.exc.HTTPBadRequest(
            'Unable to create resource provider "%s", %s: %s'
            % (rp.name, rp.uuid, exc))
    req.response.location = util.resource_provider_url(req.environ, rp)
    if want_version.matches((1, 20)):
        return _send_provider(req, rp, util.pick_last_modified(None, rp))
    return util.send_empty(req, 201)


@wsgi_wrapper.PlacementWsgify
@util.check_accept('application/json')
def get_resource_provider(req):
    context = req.environ['placement.context']
    context.can(policies.SHOW)
    uuid = util.wsgi_path_item(req.environ, 'uuid')
    rp = rp_obj.ResourceProvider.get_by_uuid(context, uuid)
    return _send_provider(req, rp, util.pick_last_modified(None, rp))


@wsgi_wrapper.PlacementWsgify
@util.require_content('application/json')
def update_resource_provider(req):
    context = req.environ['placement.context']
    context.can(policies.UPDATE)
    want_version = req.environ[microversion.MICROVERSION_ENVIRON]
    uuid = util.wsgi_path_item(req.environ, 'uuid')
    rp = rp_obj.ResourceProvider.get_by_uuid(context, uuid)
    data = util.extract_json(req.body, _body_schema(
        want_version, schema.PUT_RESOURCE_PROVIDER_SCHEMA,
        schema.PUT_RESOURCE_PROVIDER_SCHEMA_V1_14))
    # Upstream quirk (spec pitfall 18): Last-Modified is the time of the
    # previous update, absent on a provider's first one.
    previous_update = rp.updated_at
    for field in rp_obj.ResourceProvider.SETTABLE_FIELDS:
        if field in data:
            setattr(rp, field, data[field])
    try:
        rp.save(allow_reparenting=want_version.matches((1, 37)))
    except exception.DuplicateResourceProvider as exc:
        raise webob.exc.HTTPConflict(str(exc), comment=errors.DUPLICATE_NAME)
    except exception.ObjectActionError as exc:
        raise webob.exc.HTTPBadRequest(
            'Unable to save resource provider %s: %s' % (uuid, exc))
    response = _send_provider(req, rp, None)
    util.set_cache_headers(req, response, previous_update)
    return response


@wsgi_wrapper.PlacementWsgify
def delete_resource_provider(req):
    context = req.environ['placement.context']
    context.can(policies.DELETE)
    uuid = util.wsgi_path_item(req.environ, 'uuid')
    try:
        rp_obj.ResourceProvider.get_by_uuid(context, uuid).destroy()
    except exception.CannotDeleteParentResourceProvider:
        raise webob.exc.HTTPConflict(
            'Unable to delete parent resource provider %s: It has child '
            'resource providers.' % uuid,
            comment=errors.PROVIDER_CANNOT_DELETE_PARENT)
    except exception.ResourceProviderInUse:
        raise webob.exc.HTTPConflict(
            'Unable to delete resource provider %s: Resource provider has '
            'allocations.' % uuid, comment=errors.PROVIDER_IN_USE)
    except exception.NotFound:
        raise webob.exc.HTTPNotFound(
            'No resource provider with uuid %s found for delete' % uuid)
    return util.send_empty(req)
