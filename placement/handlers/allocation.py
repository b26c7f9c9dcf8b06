"""Placeholder: allocation handlers are being written."""

import webob.exc

from placement import wsgi_wrapper


@wsgi_wrapper.PlacementWsgify
def list_for_resource_provider(req):
    raise webob.exc.HTTPNotImplemented()


@wsgi_wrapper.PlacementWsgify
def set_allocations(req):
    raise webob.exc.HTTPNotImplemented()


@wsgi_wrapper.PlacementWsgify
def list_for_consumer(req):
    raise webob.exc.HTTPNotImplemented()


@wsgi_wrapper.PlacementWsgify
def set_allocations_for_consumer(req):
    raise webob.exc.HTTPNotImplemented()


@wsgi_wrapper.PlacementWsgify
def delete_allocations(req):
    raise webob.exc.HTTPNotImplemented()
