"""Handlers of /resource_providers/{uuid}/aggregates (v1.1+).

Unlike other handlers these check Accept / Content-Type before the
microversion (spec aggregates.md).
"""

from oslo_db import exception as db_exc
import webob.exc

from placement import errors
from placement import exception
from placement import microversion
from placement.objects import resource_provider as rp_obj
from placement.policies import aggregate as policies
from placement.schemas import aggregate as schema
from placement import util
from placement import wsgi_wrapper

_GENERATION_VERSION = (1, 19)


def _send_aggregates(req, rp, aggregate_uuids):
    want_version = req.environ[microversion.MICROVERSION_ENVIRON]
    data = {'aggregates': aggregate_uuids}
    if want_version.matches(_GENERATION_VERSION):
        data['resource_provider_generation'] = rp.generation
    return util.send_json(req, data, last_modified=util.utcnow())


def _provider(req):
    context = req.environ['placement.context']
    uuid = util.wsgi_path_item(req.environ, 'uuid')
    return rp_obj.ResourceProvider.get_by_uuid(context, uuid)


@wsgi_wrapper.PlacementWsgify
@util.check_accept('application/json')
@microversion.version_handler('1.1')
def get_aggregates(req):
    context = req.environ['placement.context']
    context.can(policies.LIST)
    rp = _provider(req)
    return _send_aggregates(req, rp, rp_obj.get_aggregates(context, rp))


@wsgi_wrapper.PlacementWsgify
@util.require_content('application/json')
@microversion.version_handler('1.1')
def set_aggregates(req):
    context = req.environ['placement.context']
    context.can(policies.UPDATE)
    want_version = req.environ[microversion.MICROVERSION_ENVIRON]
    rp = _provider(req)
    consider_generation = want_version.matches(_GENERATION_VERSION)
    if consider_generation:
        data = util.extract_json(req.body,
                                 schema.SET_AGGREGATES_SCHEMA_V1_19)
        if data['resource_provider_generation'] != rp.generation:
            raise webob.exc.HTTPConflict(
                "Resource provider's generation already changed. Please "
                "update the generation and try again.",
                comment=errors.CONCURRENT_UPDATE)
        aggregate_uuids = data['aggregates']
    else:
        aggregate_uuids = util.extract_json(req.body,
                                            schema.SET_AGGREGATES_SCHEMA)
    try:
        rp_obj.set_aggregates(context, rp, aggregate_uuids,
                              increment_generation=consider_generation)
    except exception.ConcurrentUpdateDetected as exc:
        raise webob.exc.HTTPConflict('Update conflict: %s' % exc,
                                     comment=errors.CONCURRENT_UPDATE)
    except db_exc.DBDuplicateEntry as exc:
        raise webob.exc.HTTPConflict('Update conflict: %s' % exc)
    return _send_aggregates(req, rp, aggregate_uuids)
