"""Request id, access log and Accept defaulting (conventions.md 1, 7)."""

import re

from oslo_log import log as logging
from oslo_middleware import request_id

from placement import microversion

LOG = logging.getLogger(__name__)


class RequestLog(request_id.RequestId):
    """Assign the request id and log one access line per request.

    A missing or ``*/*`` Accept header is rewritten to ``application/json``
    so that error bodies produced anywhere below are JSON.
    """

    def __call__(self, environ, start_response):
        if environ.get('HTTP_ACCEPT', '*/*') == '*/*':
            environ['HTTP_ACCEPT'] = 'application/json'
        LOG.debug('Starting request: %s "%s %s"',
                  environ.get('REMOTE_ADDR'), environ['REQUEST_METHOD'],
                  self._uri(environ))
        gr_id = environ.get('HTTP_X_OPENSTACK_REQUEST_ID')
        if gr_id and not re.match(request_id.ID_FORMAT, gr_id):
            LOG.warning('Ignoring malformed global request id %r', gr_id)

        def replacement_start_response(status, headers, exc_info=None):
            self._log(environ, status, headers)
            return start_response(status, headers, exc_info)

        return super().__call__(environ, replacement_start_response)

    @staticmethod
    def _uri(environ):
        uri = environ.get('SCRIPT_NAME', '') + environ.get('PATH_INFO', '')
        if environ.get('QUERY_STRING'):
            uri += '?%s' % environ['QUERY_STRING']
        return uri

    def _log(self, environ, status, headers):
        size = '-'
        for name, value in headers:
            if name.lower() == 'content-length':
                size = value
                break
        version = environ.get(microversion.MICROVERSION_ENVIRON)
        LOG.info('%(remote)s "%(method)s %(uri)s" status: %(status)s '
                 'len: %(len)s microversion: %(version)s',
                 {'remote': environ.get('REMOTE_ADDR', ''),
                  'method': environ['REQUEST_METHOD'],
                  'uri': self._uri(environ),
                  'status': status.split(None, 1)[0],
                  'len': size,
                  'version': version or '-'})
