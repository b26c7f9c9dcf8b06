"""Placeholder: aggregate handlers are being written."""

import webob.exc

from placement import wsgi_wrapper


@wsgi_wrapper.PlacementWsgify
def get_aggregates(req):
    raise webob.exc.HTTPNotImplemented()


@wsgi_wrapper.PlacementWsgify
def set_aggregates(req):
    raise webob.exc.HTTPNotImplemented()
