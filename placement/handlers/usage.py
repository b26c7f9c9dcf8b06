"""Handlers of /resource_providers/{uuid}/usages and /usages (v1.9+)."""

import webob.exc

from placement import exception
from placement import microversion
from placement.objects import resource_provider as rp_obj
from placement.objects import usage as usage_obj
from placement.policies import usage as policies
from placement.schemas import usage as schema
from placement import util
from placement import wsgi_wrapper


@wsgi_wrapper.PlacementWsgify
@util.check_accept('application/json')
def list_usages(req):
    """Usages of one provider: one key per class it has inventory of."""
    context = req.environ['placement.context']
    context.can(policies.PROVIDER_USAGES)
    uuid = util.wsgi_path_item(req.environ, 'uuid')
    try:
        rp = rp_obj.ResourceProvider.get_by_uuid(context, uuid)
    except exception.NotFound as exc:
        raise webob.exc.HTTPNotFound(
            'No resource provider with uuid %s found: %s' % (uuid, exc))
    data = {'resource_provider_generation': rp.generation,
            'usages': usage_obj.get_usages_by_provider(context, rp)}
    return util.send_json(req, data, last_modified=util.utcnow())


@wsgi_wrapper.PlacementWsgify
@microversion.version_handler('1.9')
@util.check_accept('application/json')
def get_total_usages(req):
    """Usages of a project (and user); grouped by consumer type at 1.38.

    The policy is checked against the queried project before the query
    string is validated, so that a project reader may read only its own
    project's usages.
    """
    context = req.environ['placement.context']
    project_id = req.GET.get('project_id')
    context.can(policies.TOTAL_USAGES, target={'project_id': project_id})
    want_version = req.environ[microversion.MICROVERSION_ENVIRON]
    by_type = want_version.matches((1, 38))
    util.validate_query_params(
        req, schema.GET_USAGES_SCHEMA_V1_38 if by_type
        else schema.GET_USAGES_SCHEMA_1_9)
    user_id = req.GET.get('user_id')
    if by_type:
        usages = usage_obj.get_total_usages_by_consumer_type(
            context, project_id, user_id=user_id,
            consumer_type=req.GET.get('consumer_type'))
    else:
        usages = usage_obj.get_total_usages(context, project_id,
                                            user_id=user_id)
    return util.send_json(req, {'usages': usages},
                          last_modified=util.utcnow())
