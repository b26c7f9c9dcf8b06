"""Placeholder: resource_class handlers are being written."""

import webob.exc

from placement import wsgi_wrapper


@wsgi_wrapper.PlacementWsgify
def list_resource_classes(req):
    raise webob.exc.HTTPNotImplemented()


@wsgi_wrapper.PlacementWsgify
def create_resource_class(req):
    raise webob.exc.HTTPNotImplemented()


@wsgi_wrapper.PlacementWsgify
def get_resource_class(req):
    raise webob.exc.HTTPNotImplemented()


@wsgi_wrapper.PlacementWsgify
def update_resource_class(req):
    raise webob.exc.HTTPNotImplemented()


@wsgi_wrapper.PlacementWsgify
def delete_resource_class(req):
    raise webob.exc.HTTPNotImplemented()
