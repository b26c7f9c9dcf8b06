"""Handlers of /traits, /traits/{name} and /resource_providers/{uuid}/traits.

All exist from v1.6. Unknown traits and providers in the URL raise a
``NotFound`` out of the handler (the router makes it a 404), except in
``GET /resource_providers/{uuid}/traits`` whose 404 repeats the message.
"""

import jsonschema
import webob.exc

from placement import errors
from placement import exception
from placement import microversion
from placement.objects import resource_provider as rp_obj
from placement.objects import trait as trait_obj
from placement.policies import trait as policies
from placement.schemas import trait as schema
from placement import util
from placement import wsgi_wrapper

_BAD_NAME_PARAM = (
    'Badly formatted name parameter. Expected name query string parameter '
    'in form: ?name=[in|startswith]:[name1,name2|prefix]. Got: "%s"')
_BAD_ASSOCIATED_PARAM = (
    'The query parameter "associated" only accepts "true" or "false"')
_INVALID_TRAIT = (
    'The trait is invalid. A valid trait must be no longer than 255 '
    'characters, start with the prefix "CUSTOM_" and use following '
    'characters: "A"-"Z", "0"-"9" and "_"')


def _list_filters(params):
    """The ``trait.get_all`` filters of the GET /traits query."""
    filters = {}
    if 'name' in params:
        value = params['name']
        if ':' not in value:
            raise webob.exc.HTTPBadRequest(_BAD_NAME_PARAM % value)
        operator, operand = value.split(':', 1)
        if operator == 'in':
            filters['name_in'] = operand.split(',')
        elif operator == 'startswith':
            filters['prefix'] = operand
    if 'associated' in params:
        associated = params['associated'].lower()
        if associated not in ('true', 'false'):
            raise webob.exc.HTTPBadRequest(_BAD_ASSOCIATED_PARAM)
        filters['associated'] = associated == 'true'
    return filters


def _provider_traits_response(req, rp, traits):
    data = {
        'traits': [trait.name for trait in traits],
        'resource_provider_generation': rp.generation,
    }
    return util.send_json(req, data,
                          last_modified=util.last_modified_of(traits))


def _concurrent_update(exc):
    return webob.exc.HTTPConflict(str(exc),
                                  comment=errors.CONCURRENT_UPDATE)


@wsgi_wrapper.PlacementWsgify
@microversion.version_handler('1.6')
@util.check_accept('application/json')
def list_traits(req):
    context = req.environ['placement.context']
    context.can(policies.LIST)
    util.validate_query_params(req, schema.LIST_TRAIT_SCHEMA)
    traits = trait_obj.get_all(context, _list_filters(req.GET))
    return util.send_json(req, {'traits': [t.name for t in traits]},
                          last_modified=util.last_modified_of(traits))


@wsgi_wrapper.PlacementWsgify
@microversion.version_handler('1.6')
def get_trait(req):
    context = req.environ['placement.context']
    name = util.wsgi_path_item(req.environ, 'name')
    context.can(policies.SHOW)
    trait = trait_obj.Trait.get_by_name(context, name)
    response = util.send_empty(req)
    util.set_cache_headers(req, response, trait.created_at or util.utcnow())
    return response


@wsgi_wrapper.PlacementWsgify
@microversion.version_handler('1.6')
def put_trait(req):
    """Create a custom trait (201) or confirm it exists (204)."""
    context = req.environ['placement.context']
    name = util.wsgi_path_item(req.environ, 'name')
    context.can(policies.UPDATE)
    try:
        jsonschema.validate(name, schema.CUSTOM_TRAIT)
    except jsonschema.ValidationError:
        raise webob.exc.HTTPBadRequest(_INVALID_TRAIT)
    try:
        trait = trait_obj.Trait.get_by_name(context, name)
        status, last_modified = 204, trait.created_at
    except exception.TraitNotFound:
        trait = trait_obj.Trait(context, name=name)
        try:
            trait.create()
            status, last_modified = 201, trait.created_at
        except exception.TraitExists:
            # Created by a concurrent request: it exists, as asked.
            status, last_modified = 204, None
    response = util.send_empty(req, status)
    response.location = util.trait_url(req.environ, trait)
    util.set_cache_headers(req, response, last_modified or util.utcnow())
    return response


@wsgi_wrapper.PlacementWsgify
@microversion.version_handler('1.6')
def delete_trait(req):
    context = req.environ['placement.context']
    name = util.wsgi_path_item(req.environ, 'name')
    context.can(policies.DELETE)
    trait = trait_obj.Trait.get_by_name(context, name)
    try:
        trait.destroy()
    except exception.TraitCannotDeleteStandard as exc:
        raise webob.exc.HTTPBadRequest(str(exc))
    except exception.TraitInUse as exc:
        raise webob.exc.HTTPConflict(str(exc))
    return util.send_empty(req)


@wsgi_wrapper.PlacementWsgify
@microversion.version_handler('1.6')
@util.check_accept('application/json')
def list_traits_for_resource_provider(req):
    context = req.environ['placement.context']
    uuid = util.wsgi_path_item(req.environ, 'uuid')
    context.can(policies.RP_TRAIT_LIST)
    try:
        rp = rp_obj.ResourceProvider.get_by_uuid(context, uuid)
    except exception.NotFound as exc:
        raise webob.exc.HTTPNotFound(
            'No resource provider with uuid %s found: %s' % (uuid, exc))
    traits = trait_obj.get_traits_by_provider_id(context, rp.id)
    return _provider_traits_response(req, rp, traits)


@wsgi_wrapper.PlacementWsgify
@microversion.version_handler('1.6')
@util.require_content('application/json')
def update_traits_for_resource_provider(req):
    """Replace the provider's traits (generation bumped only on change)."""
    context = req.environ['placement.context']
    uuid = util.wsgi_path_item(req.environ, 'uuid')
    context.can(policies.RP_TRAIT_UPDATE)
    data = util.extract_json(req.body, schema.SET_TRAITS_FOR_RP_SCHEMA)
    rp = rp_obj.ResourceProvider.get_by_uuid(context, uuid)
    if data['resource_provider_generation'] != rp.generation:
        raise webob.exc.HTTPConflict(
            "Resource provider's generation already changed. Please update "
            "the generation and try again.",
            comment=errors.CONCURRENT_UPDATE)
    names = set(data['traits'])
    traits = trait_obj.get_all(context, {'name_in': names})
    missing = names - {trait.name for trait in traits}
    if missing:
        raise webob.exc.HTTPBadRequest(
            'No such trait %s' % ', '.join(missing))
    try:
        trait_obj.set_traits(context, rp, traits)
    except exception.ResourceProviderConcurrentUpdateDetected as exc:
        raise _concurrent_update(exc)
    return _provider_traits_response(req, rp, traits)


@wsgi_wrapper.PlacementWsgify
@microversion.version_handler('1.6')
def delete_traits_for_resource_provider(req):
    context = req.environ['placement.context']
    uuid = util.wsgi_path_item(req.environ, 'uuid')
    context.can(policies.RP_TRAIT_DELETE)
    rp = rp_obj.ResourceProvider.get_by_uuid(context, uuid)
    try:
        trait_obj.delete_traits_for_provider(context, rp)
    except exception.ResourceProviderConcurrentUpdateDetected as exc:
        raise _concurrent_update(exc)
    return util.send_empty(req)
