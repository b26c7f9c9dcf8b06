"""Handlers of /resource_providers/{uuid}/inventories[/{resource_class}].

Messages and codes follow spec inventories.md endpoint by endpoint; they
differ on purpose (e.g. deleting one allocated class is a
``concurrent_update`` conflict, replacing all is ``inventory.inuse``).
"""

from oslo_db import exception as db_exc
import webob.exc

from placement import errors
from placement import exception
from placement import microversion
from placement.objects import inventory as inv_obj
from placement.objects import resource_provider as rp_obj
from placement.policies import inventory as policies
from placement.schemas import inventory as schema
from placement import util
from placement import wsgi_wrapper


def _serialize_inventory(inv, generation=None):
    data = inv.values()
    if generation:
        data['resource_provider_generation'] = generation
    return data


def _serialize_inventories(inventories, generation):
    return {
        'resource_provider_generation': generation,
        'inventories': {inv.resource_class: inv.values()
                        for inv in inventories},
    }


def _make_inventory(context, rp, resource_class, data):
    """An Inventory of ``data``, a validated body (or PUT-all record)."""
    values = dict(data)
    # Sent by clients, not part of an inventory.
    values.pop('resource_provider_generation', None)
    values.pop('resource_class', None)
    return inv_obj.Inventory(context, resource_provider=rp,
                             resource_class=resource_class, **values)


def _min_capacity(req):
    """The capacity rule of the request's microversion (1.26 allows 0)."""
    if req.environ[microversion.MICROVERSION_ENVIRON].matches((1, 26)):
        return inv_obj.MIN_CAPACITY
    return inv_obj.MIN_CAPACITY_BEFORE_1_26


def _get_provider_for_read(context, uuid):
    """The provider; the read handlers word their 404 their own way."""
    try:
        return rp_obj.ResourceProvider.get_by_uuid(context, uuid)
    except exception.NotFound as exc:
        raise webob.exc.HTTPNotFound(
            'No resource provider with uuid %s found : %s' % (uuid, exc))


def _check_generation(rp, data):
    if data['resource_provider_generation'] != rp.generation:
        raise webob.exc.HTTPConflict(
            'resource provider generation conflict',
            comment=errors.CONCURRENT_UPDATE)


@wsgi_wrapper.PlacementWsgify
@util.check_accept('application/json')
def get_inventories(req):
    context = req.environ['placement.context']
    context.can(policies.LIST)
    uuid = util.wsgi_path_item(req.environ, 'uuid')
    rp = _get_provider_for_read(context, uuid)
    inventories = inv_obj.get_all_by_resource_provider(context, rp)
    return util.send_json(
        req, _serialize_inventories(inventories, rp.generation),
        last_modified=util.last_modified_of(inventories))


@wsgi_wrapper.PlacementWsgify
@util.require_content('application/json')
def create_inventory(req):
    """POST one inventory. The body's generation is ignored."""
    context = req.environ['placement.context']
    context.can(policies.CREATE)
    uuid = util.wsgi_path_item(req.environ, 'uuid')
    rp = rp_obj.ResourceProvider.get_by_uuid(context, uuid)
    data = util.extract_json(req.body, schema.POST_INVENTORY_SCHEMA)
    inv = _make_inventory(context, rp, data['resource_class'], data)
    try:
        inv_obj.add_inventory(context, rp, inv,
                              min_capacity=_min_capacity(req))
    except (exception.ConcurrentUpdateDetected,
            db_exc.DBDuplicateEntry) as exc:
        raise webob.exc.HTTPConflict(
            'Update conflict: %s' % exc, comment=errors.CONCURRENT_UPDATE)
    except (exception.InvalidInventory,
            exception.ResourceClassNotFound) as exc:
        raise webob.exc.HTTPBadRequest(
            'Unable to create inventory for resource provider %s: %s'
            % (uuid, exc))
    req.response.location = util.inventory_url(
        req.environ, rp, inv.resource_class)
    return util.send_json(req, _serialize_inventory(inv, rp.generation),
                          status=201, last_modified=util.utcnow())


@wsgi_wrapper.PlacementWsgify
@util.require_content('application/json')
def set_inventories(req):
    """PUT the whole inventory of a provider."""
    context = req.environ['placement.context']
    context.can(policies.UPDATE)
    uuid = util.wsgi_path_item(req.environ, 'uuid')
    rp = rp_obj.ResourceProvider.get_by_uuid(context, uuid)
    data = util.extract_json(req.body, schema.PUT_INVENTORY_SCHEMA)
    _check_generation(rp, data)
    inventories = [_make_inventory(context, rp, rc, record)
                   for rc, record in data['inventories'].items()]
    try:
        inv_obj.set_inventory(context, rp, inventories,
                              min_capacity=_min_capacity(req))
    except exception.InvalidInventory as exc:
        raise webob.exc.HTTPBadRequest(
            'Unable to update inventory for resource provider %s: %s'
            % (uuid, exc))
    except exception.ResourceClassNotFound as exc:
        raise webob.exc.HTTPBadRequest(
            'Unknown resource class in inventory for resource provider '
            '%s: %s' % (uuid, exc))
    except exception.InventoryInUse as exc:
        raise webob.exc.HTTPConflict(
            'update conflict: %s' % exc, comment=errors.INVENTORY_INUSE)
    except exception.ConcurrentUpdateDetected as exc:
        raise webob.exc.HTTPConflict(
            'update conflict: %s' % exc, comment=errors.CONCURRENT_UPDATE)
    except exception.InventoryWithResourceClassNotFound as exc:
        raise webob.exc.HTTPConflict(
            'Race condition detected when setting inventory. No inventory '
            'record with resource class for resource provider %s: %s'
            % (uuid, exc))
    return util.send_json(req, _serialize_inventories(inventories,
                                                      rp.generation),
                          last_modified=util.utcnow())


@wsgi_wrapper.PlacementWsgify
@microversion.version_handler('1.5', status_code=405)
def delete_inventories(req):
    """DELETE all inventory of a provider (no generation in the request)."""
    context = req.environ['placement.context']
    context.can(policies.DELETE)
    uuid = util.wsgi_path_item(req.environ, 'uuid')
    rp = rp_obj.ResourceProvider.get_by_uuid(context, uuid)
    try:
        inv_obj.set_inventory(context, rp, [])
    except exception.InventoryInUse as exc:
        raise webob.exc.HTTPConflict(
            str(exc), comment=errors.INVENTORY_INUSE)
    except exception.ConcurrentUpdateDetected:
        raise webob.exc.HTTPConflict(
            'Unable to delete inventory for resource provider %s because '
            'the inventory was updated by another process. Please retry '
            'your request.' % uuid, comment=errors.CONCURRENT_UPDATE)
    return util.send_empty(req)


@wsgi_wrapper.PlacementWsgify
@util.check_accept('application/json')
def get_inventory(req):
    context = req.environ['placement.context']
    context.can(policies.SHOW)
    uuid = util.wsgi_path_item(req.environ, 'uuid')
    resource_class = util.wsgi_path_item(req.environ, 'resource_class')
    rp = _get_provider_for_read(context, uuid)
    inv = inv_obj.find(inv_obj.get_all_by_resource_provider(context, rp),
                       resource_class)
    if inv is None:
        raise webob.exc.HTTPNotFound(
            'No inventory of class %s for %s' % (resource_class, uuid))
    return util.send_json(req, _serialize_inventory(inv, rp.generation),
                          last_modified=util.pick_last_modified(None, inv))


@wsgi_wrapper.PlacementWsgify
@util.require_content('application/json')
def update_inventory(req):
    """PUT one existing inventory; an unknown class escapes as a 404."""
    context = req.environ['placement.context']
    context.can(policies.UPDATE)
    uuid = util.wsgi_path_item(req.environ, 'uuid')
    resource_class = util.wsgi_path_item(req.environ, 'resource_class')
    rp = rp_obj.ResourceProvider.get_by_uuid(context, uuid)
    data = util.extract_json(req.body, schema.BASE_INVENTORY_SCHEMA)
    _check_generation(rp, data)
    inv = _make_inventory(context, rp, resource_class, data)
    try:
        inv_obj.update_inventory(context, rp, inv,
                                 min_capacity=_min_capacity(req))
    except exception.InvalidInventory as exc:
        raise webob.exc.HTTPBadRequest(
            'Unable to update inventory for resource provider %s: %s'
            % (uuid, exc))
    except exception.InventoryWithResourceClassNotFound as exc:
        raise webob.exc.HTTPBadRequest(
            'No inventory record with resource class for resource provider '
            '%s: %s' % (uuid, exc))
    except exception.ConcurrentUpdateDetected as exc:
        raise webob.exc.HTTPConflict(
            'update conflict: %s' % exc, comment=errors.CONCURRENT_UPDATE)
    return util.send_json(req, _serialize_inventory(inv, rp.generation),
                          last_modified=util.utcnow())


@wsgi_wrapper.PlacementWsgify
def delete_inventory(req):
    context = req.environ['placement.context']
    context.can(policies.DELETE)
    uuid = util.wsgi_path_item(req.environ, 'uuid')
    resource_class = util.wsgi_path_item(req.environ, 'resource_class')
    rp = rp_obj.ResourceProvider.get_by_uuid(context, uuid)
    try:
        inv_obj.delete_inventory(context, rp, resource_class)
    except (exception.InventoryInUse,
            exception.ConcurrentUpdateDetected) as exc:
        raise webob.exc.HTTPConflict(
            'Unable to delete inventory of class %s: %s'
            % (resource_class, exc), comment=errors.CONCURRENT_UPDATE)
    except exception.NotFound as exc:
        raise webob.exc.HTTPNotFound(
            'No inventory of class %s found for delete: %s'
            % (resource_class, exc))
    return util.send_empty(req)
