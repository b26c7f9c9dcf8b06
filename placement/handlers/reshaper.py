"""Placeholder: reshaper handlers are being written."""

import webob.exc

from placement import wsgi_wrapper


@wsgi_wrapper.PlacementWsgify
def reshape(req):
    raise webob.exc.HTTPNotImplemented()
