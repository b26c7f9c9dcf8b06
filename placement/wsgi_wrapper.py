"""The webob ``wsgify`` used by every handler.

It gives errors raised in handlers the placement JSON body: the error
``code`` handed over as the exception's ``comment`` is moved into the WSGI
environ (so it does not leak into the detail text) and the JSON formatter
is attached.
"""

import webob.dec
import webob.exc

from placement import util


def prepare_error(req_environ, exc):
    """Attach the JSON formatter and record the error code of ``exc``."""
    req_environ[util.ENV_ERROR_CODE] = exc.comment
    exc.comment = None
    exc.json_formatter = util.json_error_formatter
    return exc


class PlacementWsgify(webob.dec.wsgify):

    def call_func(self, req, *args, **kwargs):
        try:
            return super().call_func(req, *args, **kwargs)
        except webob.exc.WSGIHTTPException as exc:
            return prepare_error(req.environ, exc)
