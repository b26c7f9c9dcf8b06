"""Handler of POST /reshaper (v1.30+, spec reshaper.md)."""

import webob.exc

from placement import errors
from placement import exception
from placement.handlers import allocation as allocation_handler
from placement import microversion
from placement.objects import inventory
from placement.objects import reshaper
from placement.objects import resource_provider as rp_obj
from placement.policies import reshaper as policies
from placement.schemas import reshaper as schema
from placement import util
from placement import wsgi_wrapper


def _schema(want_version):
    if want_version.matches((1, 38)):
        return schema.POST_RESHAPER_SCHEMA_V1_38
    if want_version.matches((1, 34)):
        return schema.POST_RESHAPER_SCHEMA_V1_34
    return schema.POST_RESHAPER_SCHEMA


def _inventories(context, data):
    """Step 1: [(provider, [Inventory])] in body order."""
    result = []
    for rp_uuid, body in data.items():
        try:
            rp = rp_obj.ResourceProvider.get_by_uuid(context, rp_uuid)
        except exception.NotFound as exc:
            raise webob.exc.HTTPBadRequest(
                'Resource provider %s in inventories not found: %s'
                % (rp_uuid, exc), comment=errors.RESOURCE_PROVIDER_NOT_FOUND)
        given = body['resource_provider_generation']
        if rp.generation != given:
            raise webob.exc.HTTPConflict(
                'resource provider generation conflict for provider %s: '
                'actual: %s, given: %s' % (rp_uuid, rp.generation, given),
                comment=errors.CONCURRENT_UPDATE)
        inventories = []
        for resource_class, fields in body['inventories'].items():
            fields = dict(fields)
            fields.pop('resource_provider_generation', None)
            inventories.append(inventory.Inventory(
                context, resource_provider=rp, resource_class=resource_class,
                **fields))
        result.append((rp, inventories))
    return result


@wsgi_wrapper.PlacementWsgify
@microversion.version_handler('1.30')
@util.require_content('application/json')
def reshape(req):
    context = req.environ['placement.context']
    context.can(policies.RESHAPE)
    want_version = req.environ[microversion.MICROVERSION_ENVIRON]
    data = util.extract_json(req.body, _schema(want_version))
    inventories = _inventories(context, data['inventories'])
    requests = allocation_handler.consumer_requests(
        data['allocations'], want_version, context.config)
    items, created = allocation_handler.prepare_write(
        context, requests, want_version)
    try:
        with allocation_handler.cleanup_on_error(context, created):
            reshaper.reshape(context, inventories, items)
    except exception.InventoryInUse as exc:
        raise webob.exc.HTTPConflict('update conflict: %s' % exc,
                                     comment=errors.INVENTORY_INUSE)
    except exception.ConcurrentUpdateDetected as exc:
        raise webob.exc.HTTPConflict('update conflict: %s' % exc,
                                     comment=errors.CONCURRENT_UPDATE)
    except exception.ResourceClassNotFound as exc:
        raise webob.exc.HTTPBadRequest('malformed reshaper data: %s' % exc)
    except exception.InvalidInventory as exc:
        raise webob.exc.HTTPConflict('Unable to allocate inventory: %s' % exc)
    return util.send_empty(req)
