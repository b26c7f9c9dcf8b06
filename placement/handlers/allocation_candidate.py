"""Placeholder: allocation_candidate handlers are being written."""

import webob.exc

from placement import wsgi_wrapper


@wsgi_wrapper.PlacementWsgify
def list_allocation_candidates(req):
    raise webob.exc.HTTPNotImplemented()
