"""Handlers of /resource_classes and /resource_classes/{name} (v1.2+).

Unknown class names in the URL raise ``exception.ResourceClassNotFound``
out of the handler; the router turns it into the 404.
"""

import webob.exc

from placement import errors
from placement import exception
from placement import microversion
from placement.objects import resource_class as rc_obj
from placement.policies import resource_class as policies
from placement.schemas import resource_class as schema
from placement import util
from placement import wsgi_wrapper


def _serialize(environ, rc):
    return {
        'name': rc.name,
        'links': [{'rel': 'self',
                   'href': util.resource_class_url(environ, rc)}],
    }


def _create(rc):
    """Create ``rc``; only a duplicate name escapes (as the exception)."""
    try:
        rc.create()
    except exception.MaxDBRetriesExceeded:
        raise webob.exc.HTTPConflict(
            'Max retries of DB transaction exceeded attempting to create '
            'resource class: %s, please try again.' % rc.name,
            comment=errors.DEFAULT)


@wsgi_wrapper.PlacementWsgify
@microversion.version_handler('1.2')
@util.check_accept('application/json')
def list_resource_classes(req):
    context = req.environ['placement.context']
    context.can(policies.LIST)
    rcs = rc_obj.get_all(context)
    data = {'resource_classes': [_serialize(req.environ, rc) for rc in rcs]}
    return util.send_json(req, data,
                          last_modified=util.last_modified_of(rcs))


@wsgi_wrapper.PlacementWsgify
@microversion.version_handler('1.2')
@util.require_content('application/json')
def create_resource_class(req):
    context = req.environ['placement.context']
    context.can(policies.CREATE)
    data = util.extract_json(req.body, schema.RESOURCE_CLASS_SCHEMA)
    rc = rc_obj.ResourceClass(context, name=data['name'])
    try:
        _create(rc)
    except exception.ResourceClassExists:
        raise webob.exc.HTTPConflict(
            'Conflicting resource class already exists: %s' % rc.name,
            comment=errors.DEFAULT)
    return util.send_empty(req, 201, util.resource_class_url(req.environ, rc))


@wsgi_wrapper.PlacementWsgify
@microversion.version_handler('1.2')
@util.check_accept('application/json')
def get_resource_class(req):
    context = req.environ['placement.context']
    name = util.wsgi_path_item(req.environ, 'name')
    context.can(policies.SHOW)
    rc = rc_obj.ResourceClass.get_by_name(context, name)
    return util.send_json(req, _serialize(req.environ, rc),
                          last_modified=util.last_modified_of([rc]))


@wsgi_wrapper.PlacementWsgify
@microversion.version_handler('1.2', '1.6')
@util.require_content('application/json')
def update_resource_class(req):
    """Rename a custom class (v1.2-v1.6)."""
    context = req.environ['placement.context']
    name = util.wsgi_path_item(req.environ, 'name')
    context.can(policies.UPDATE)
    data = util.extract_json(req.body, schema.RESOURCE_CLASS_SCHEMA)
    rc = rc_obj.ResourceClass.get_by_name(context, name)
    rc.name = data['name']
    try:
        rc.save()
    except exception.ResourceClassCannotUpdateStandard:
        raise webob.exc.HTTPBadRequest(
            'Cannot update standard resource class %s' % name,
            comment=errors.DEFAULT)
    except exception.ResourceClassExists:
        raise webob.exc.HTTPConflict(
            'Resource class already exists: %s' % rc.name,
            comment=errors.DEFAULT)
    # Below v1.15: no caching headers.
    return util.send_json(req, _serialize(req.environ, rc))


@wsgi_wrapper.PlacementWsgify
@microversion.version_handler('1.7')
def update_resource_class(req):  # noqa: F811
    """Create a custom class, or confirm it exists (v1.7+); no body."""
    context = req.environ['placement.context']
    name = util.wsgi_path_item(req.environ, 'name')
    context.can(policies.UPDATE)
    # The URL name is validated as the body of a POST would be, text and
    # all (so a name with a quote is "Malformed JSON").
    util.extract_json('{"name": "%s"}' % name, schema.RESOURCE_CLASS_SCHEMA)
    location = util.url_for(req.environ, '/resource_classes/%s' % name)
    try:
        rc_obj.ResourceClass.get_by_name(context, name)
        return util.send_empty(req, 204, location)
    except exception.ResourceClassNotFound:
        rc = rc_obj.ResourceClass(context, name=name)
    try:
        _create(rc)
    except exception.ResourceClassExists:
        # Another request created it meanwhile: it exists, as asked.
        return util.send_empty(req, 204, location)
    return util.send_empty(req, 201, location)


@wsgi_wrapper.PlacementWsgify
@microversion.version_handler('1.2')
def delete_resource_class(req):
    context = req.environ['placement.context']
    name = util.wsgi_path_item(req.environ, 'name')
    context.can(policies.DELETE)
    rc = rc_obj.ResourceClass.get_by_name(context, name)
    try:
        rc.destroy()
    except exception.ResourceClassCannotDeleteStandard as exc:
        raise webob.exc.HTTPBadRequest(
            'Error in delete resource class: %s' % exc,
            comment=errors.DEFAULT)
    except exception.ResourceClassInUse as exc:
        raise webob.exc.HTTPConflict(
            'Error in delete resource class: %s' % exc,
            comment=errors.DEFAULT)
    return util.send_empty(req)
