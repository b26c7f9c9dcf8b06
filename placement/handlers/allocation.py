"""Handlers of /allocations, /allocations/{consumer_uuid} and
/resource_providers/{uuid}/allocations (spec allocations-and-consumers.md).

The write handlers (and the reshaper) share steps 1 and 2 of the write
algorithm, done here: get or create every consumer (each creation
committed on its own, so races resolve by re-reading) and resolve the
providers. Steps 3-7 are ``allocation.replace_all``.
"""

import collections
import contextlib
import datetime
import uuid as uuidlib

from oslo_utils import uuidutils
import webob.exc

from placement import errors
from placement import exception
from placement import microversion
from placement.objects import allocation
from placement.objects import consumer as consumer_obj
from placement.objects import consumer_type
from placement.objects import resource_provider as rp_obj
from placement.policies import allocation as policies
from placement.schemas import allocation as schema
from placement import util
from placement import wsgi_wrapper

# One consumer of a write request; ``allocations`` is {provider uuid:
# {class: amount}}, empty to remove all of the consumer's allocations.
ConsumerRequest = collections.namedtuple(
    'ConsumerRequest',
    'uuid project_id user_id consumer_type generation allocations')


def _last_modified(rows):
    if not rows:
        return util.utcnow()
    return max(row['created_at'] for row in rows).replace(
        tzinfo=datetime.timezone.utc)


@wsgi_wrapper.PlacementWsgify
@util.check_accept('application/json')
def list_for_consumer(req):
    """GET /allocations/{consumer_uuid}: never 404, no uuid validation."""
    context = req.environ['placement.context']
    context.can(policies.LIST)
    want_version = req.environ[microversion.MICROVERSION_ENVIRON]
    consumer_uuid = util.wsgi_path_item(req.environ, 'consumer_uuid')
    rows = allocation.get_for_consumer(context, consumer_uuid)
    allocations = {}
    for row in rows:
        entry = allocations.setdefault(row['provider_uuid'], {
            'generation': row['provider_generation'], 'resources': {}})
        entry['resources'][row['resource_class']] = row['used']
    result = {'allocations': allocations}
    if rows:
        first = rows[0]
        if want_version.matches((1, 12)):
            result['project_id'] = first['project_id']
            result['user_id'] = first['user_id']
        if want_version.matches((1, 28)):
            result['consumer_generation'] = first['consumer_generation']
        if want_version.matches((1, 38)):
            result['consumer_type'] = (first['consumer_type']
                                       or consumer_type.UNKNOWN)
    return util.send_json(req, result, last_modified=_last_modified(rows))


@wsgi_wrapper.PlacementWsgify
@util.check_accept('application/json')
def list_for_resource_provider(req):
    """GET /resource_providers/{uuid}/allocations."""
    context = req.environ['placement.context']
    context.can(policies.RP_ALLOC_LIST)
    want_version = req.environ[microversion.MICROVERSION_ENVIRON]
    uuid = util.wsgi_path_item(req.environ, 'uuid')
    try:
        provider = rp_obj.ResourceProvider.get_by_uuid(context, uuid)
    except exception.NotFound as exc:
        raise webob.exc.HTTPNotFound(
            "Resource provider '%s' not found: %s" % (uuid, exc))
    rows = allocation.get_for_provider(context, provider.id)
    allocations = {}
    for row in rows:
        entry = allocations.setdefault(row['consumer_id'], {'resources': {}})
        entry['resources'][row['resource_class']] = row['used']
        if want_version.matches((1, 28)):
            entry['consumer_generation'] = row['consumer_generation']
    result = {'allocations': allocations,
              'resource_provider_generation': provider.generation}
    return util.send_json(req, result, last_modified=_last_modified(rows))


@wsgi_wrapper.PlacementWsgify
def delete_allocations(req):
    """DELETE /allocations/{consumer_uuid}: no generations checked."""
    context = req.environ['placement.context']
    context.can(policies.DELETE)
    consumer_uuid = util.wsgi_path_item(req.environ, 'consumer_uuid')
    if not allocation.delete_for_consumer(context, consumer_uuid):
        raise webob.exc.HTTPNotFound(
            "No allocations for consumer '%s'" % consumer_uuid)
    return util.send_empty(req)


def _delete_created(context, created):
    if created:
        consumer_obj.delete_consumers_if_no_allocations(context, created)


def _ensure_consumers(context, requests, want_version):
    """Step 1: get or create the consumers of *requests*.

    :returns: the consumers, in request order, and the uuids of those this
        request created (deleted again if this step fails).
    """
    check_generation = want_version.matches((1, 28))
    consumers = []
    created = []
    try:
        for request in requests:
            consumer, new = consumer_obj.ensure_consumer(
                context, request.uuid, request.project_id, request.user_id,
                request.consumer_type, request.generation, check_generation)
            consumers.append(consumer)
            if new:
                created.append(consumer.uuid)
    except exception.ConsumerGenerationConflict as exc:
        _delete_created(context, created)
        raise webob.exc.HTTPConflict(str(exc),
                                     comment=errors.CONCURRENT_UPDATE)
    except Exception:
        _delete_created(context, created)
        raise
    return consumers, created


def _provider_ids(context, requests):
    """Step 2: {provider uuid: id}; 400 for the first unknown one."""
    uuids = [rp_uuid for request in requests
             for rp_uuid in request.allocations]
    ids = allocation.get_provider_ids(context, uuids)
    for rp_uuid in uuids:
        if rp_uuid not in ids:
            raise webob.exc.HTTPBadRequest(
                "Allocation for resource provider '%s' that does not "
                "exist." % rp_uuid)
    return ids


def prepare_write(context, requests, want_version):
    """Steps 1 and 2 of the write algorithm for *requests*.

    :returns: (allocation items for ``allocation.replace_all``, uuids of
        the consumers created by this request). An unknown provider is a
        400 that leaves created consumers behind (upstream quirk).
    """
    consumers, created = _ensure_consumers(context, requests, want_version)
    provider_ids = _provider_ids(context, requests)
    items = []
    for request, consumer in zip(requests, consumers):
        if not request.allocations:
            items.extend(allocation.removal_items(context, consumer))
        for rp_uuid, resources in request.allocations.items():
            items.extend(
                allocation.AllocationItem(consumer, provider_ids[rp_uuid],
                                          rp_uuid, resource_class, amount)
                for resource_class, amount in resources.items())
    return items, created


@contextlib.contextmanager
def cleanup_on_error(context, created):
    """Delete the consumers this request created if the write fails."""
    try:
        yield
    except Exception:
        _delete_created(context, created)
        raise


def _write(req, requests, class_not_found_format):
    """Write *requests*, translating failures to HTTP errors."""
    context = req.environ['placement.context']
    want_version = req.environ[microversion.MICROVERSION_ENVIRON]
    items, created = prepare_write(context, requests, want_version)
    try:
        with cleanup_on_error(context, created):
            allocation.replace_all(context, items)
    except exception.ResourceClassNotFound as exc:
        raise webob.exc.HTTPBadRequest(class_not_found_format % exc)
    except exception.InvalidInventory as exc:
        raise webob.exc.HTTPConflict(
            'Unable to allocate inventory: %s' % exc)
    except exception.ConcurrentUpdateDetected as exc:
        raise webob.exc.HTTPConflict(
            'Inventory and/or allocations changed while attempting to '
            'allocate: %s' % exc, comment=errors.CONCURRENT_UPDATE)
    return util.send_empty(req)


def consumer_request(consumer_uuid, data, want_version, conf):
    """A ConsumerRequest from a PUT body or one consumer of a POST body."""
    allocations = data['allocations']
    if isinstance(allocations, list):
        # List format (below v1.12): a repeated provider's last entry wins.
        allocations = {entry['resource_provider']['uuid']: entry
                       for entry in allocations}
    allocations = {rp_uuid: entry['resources']
                   for rp_uuid, entry in allocations.items()}
    if want_version.matches((1, 8)):
        project_id, user_id = data['project_id'], data['user_id']
    else:
        project_id = conf.placement.incomplete_consumer_project_id
        user_id = conf.placement.incomplete_consumer_user_id
    return ConsumerRequest(
        consumer_uuid, project_id, user_id, data.get('consumer_type'),
        data.get('consumer_generation'), allocations)


def _set_allocations_for_consumer(req, body_schema):
    context = req.environ['placement.context']
    context.can(policies.UPDATE)
    want_version = req.environ[microversion.MICROVERSION_ENVIRON]
    consumer_uuid = util.wsgi_path_item(req.environ, 'consumer_uuid')
    if not uuidutils.is_uuid_like(consumer_uuid):
        raise webob.exc.HTTPBadRequest(
            'Malformed consumer_uuid: %s' % consumer_uuid)
    consumer_uuid = str(uuidlib.UUID(consumer_uuid))
    data = util.extract_json(req.body, body_schema)
    request = consumer_request(consumer_uuid, data, want_version,
                               context.config)
    return _write(req, [request],
                  'Unable to allocate inventory for consumer %s: %%s'
                  % consumer_uuid)


# The body schema of PUT /allocations/{consumer_uuid}, newest first.
_PUT_SCHEMAS = (
    ((1, 38), schema.ALLOCATION_SCHEMA_V1_38),
    ((1, 34), schema.ALLOCATION_SCHEMA_V1_34),
    ((1, 28), schema.ALLOCATION_SCHEMA_V1_28),
    ((1, 12), schema.ALLOCATION_SCHEMA_V1_12),
    ((1, 8), schema.ALLOCATION_SCHEMA_V1_8),
    ((1, 0), schema.ALLOCATION_SCHEMA),
)


@wsgi_wrapper.PlacementWsgify
@util.require_content('application/json')
def set_allocations_for_consumer(req):
    want_version = req.environ[microversion.MICROVERSION_ENVIRON]
    body_schema = next(body_schema for version, body_schema in _PUT_SCHEMAS
                       if want_version.matches(version))
    return _set_allocations_for_consumer(req, body_schema)


def post_schema(want_version):
    """The POST /allocations body schema of *want_version*."""
    if want_version.matches((1, 38)):
        return schema.POST_ALLOCATIONS_V1_38
    if want_version.matches((1, 34)):
        return schema.POST_ALLOCATIONS_V1_34
    if want_version.matches((1, 28)):
        return schema.POST_ALLOCATIONS_V1_28
    return schema.POST_ALLOCATIONS_V1_13


def consumer_requests(data, want_version, conf):
    """ConsumerRequests of a POST /allocations-shaped body."""
    return [consumer_request(consumer_uuid, body, want_version, conf)
            for consumer_uuid, body in data.items()]


@wsgi_wrapper.PlacementWsgify
@microversion.version_handler('1.13')
@util.require_content('application/json')
def set_allocations(req):
    """POST /allocations: all consumers at once, atomically."""
    context = req.environ['placement.context']
    context.can(policies.MANAGE)
    want_version = req.environ[microversion.MICROVERSION_ENVIRON]
    data = util.extract_json(req.body, post_schema(want_version))
    return _write(req, consumer_requests(data, want_version, context.config),
                  'Unable to allocate inventory %s')
