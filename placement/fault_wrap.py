"""Turn any unexpected exception into the JSON 500 of the spec."""

from oslo_log import log as logging
import webob.dec
import webob.exc

from placement import util

LOG = logging.getLogger(__name__)


class FaultWrapper(object):
    """Catch what escapes the application; never send a traceback."""

    def __init__(self, application):
        self.application = application

    @webob.dec.wsgify
    def __call__(self, req):
        try:
            return req.get_response(self.application)
        except webob.exc.WSGIHTTPException:
            raise
        except Exception as unexpected:
            LOG.exception('Placement API unexpected error: %s', unexpected)
            return webob.exc.HTTPInternalServerError(
                str(unexpected), json_formatter=util.json_error_formatter)
