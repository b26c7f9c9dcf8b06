"""Authentication layers: keystone ``auth_token``, ``noauth2`` and the
request context (conventions.md 1 and 9)."""

from keystonemiddleware import auth_token
from oslo_log import log as logging
from oslo_middleware import request_id
import webob.dec
import webob.exc

from placement import context

LOG = logging.getLogger(__name__)

# Paths that are never authenticated: the version document.
_OPEN_PATHS = ('/', '')


class NoAuthMiddleware(object):
    """Trust ``X-Auth-Token: user[:project]``; for development and tests."""

    def __init__(self, application):
        self.application = application

    @webob.dec.wsgify
    def __call__(self, req):
        if req.environ['PATH_INFO'] == '/':
            return self.application
        if 'X-Auth-Token' not in req.headers:
            return webob.exc.HTTPUnauthorized()
        token = req.headers['X-Auth-Token']
        user_id, _sep, project_id = token.partition(':')
        project_id = project_id or user_id
        if 'X-Roles' in req.headers:
            roles = req.headers['X-Roles']
        elif user_id == 'admin':
            roles = 'admin'
        else:
            roles = ''
        req.headers['X-User-Id'] = user_id
        req.headers['X-Roles'] = roles
        if 'OpenStack-System-Scope' not in req.headers:
            req.headers['X-Tenant-Id'] = project_id
        return self.application


class PlacementKeystoneAuth(auth_token.AuthProtocol):
    """keystonemiddleware ``auth_token`` that leaves the root open."""

    def __init__(self, app, conf):
        self._plain_app = app
        super().__init__(app, conf)

    def __call__(self, environ, start_response):
        if environ['PATH_INFO'] in _OPEN_PATHS:
            return self._plain_app(environ, start_response)
        return super().__call__(environ, start_response)


class PlacementContext(object):
    """Build the ``RequestContext``; refuse requests without a user."""

    def __init__(self, application, conf):
        self.application = application
        self.conf = conf

    @webob.dec.wsgify
    def __call__(self, req):
        ctx = context.RequestContext.from_environ(
            req.environ,
            request_id=req.environ.get(request_id.ENV_REQUEST_ID),
            config=self.conf)
        if ctx.user_id is None and req.environ['PATH_INFO'] not in (
                _OPEN_PATHS):
            LOG.debug('Neither X_USER_ID nor X_USER found in request')
            return webob.exc.HTTPUnauthorized()
        req.environ['placement.context'] = ctx
        return self.application
