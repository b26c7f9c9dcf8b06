"""Call placement in-process, without a web server (spec README).

``PlacementDirect`` is for tools such as ``nova-manage`` that hold a
placement configuration and want to use the API as a client would::

    with direct.PlacementDirect(conf) as client:
        resp = client.get('/resource_providers')

Requests go through the whole middleware pipeline, with ``noauth2``
authentication as ``admin``, by way of wsgi-intercept on a URL that no
real host answers.
"""

from keystoneauth1 import adapter
from keystoneauth1 import session
from keystoneauth1 import token_endpoint
from oslo_db.sqlalchemy import enginefacade
from oslo_utils import uuidutils
from wsgi_intercept import interceptor

from placement import db_api
from placement import deploy
from placement import microversion

ADMIN_TOKEN = 'admin'


def configure_database(conf):
    """Point the database facade at ``conf`` unless it already runs.

    A running facade (a test fixture's, or an earlier
    ``PlacementDirect``'s in the same process) is used as it is.
    """
    try:
        db_api.configure(conf)
    except enginefacade.AlreadyStartedError:
        pass


def intercept_url():
    """An endpoint on a random host name, so no real server is hit."""
    return 'http://%s/placement' % uuidutils.generate_uuid()


class PlacementDirect(object):
    """Context manager yielding a keystoneauth1 ``Adapter`` on placement.

    ``conf`` is a parsed ``ConfigOpts`` with placement's options and a
    ``[placement_database]connection``; ``[api]auth_strategy`` is forced
    to ``noauth2``. With ``latest_microversion`` every request asks for
    the latest microversion; otherwise the adapter sends none (1.0) unless
    the caller passes ``microversion=``.
    """

    def __init__(self, conf, latest_microversion=False):
        conf.set_override('auth_strategy', 'noauth2', group='api')
        self._conf = conf
        self._latest_microversion = latest_microversion
        self.url = intercept_url()
        self._interceptor = None

    def __enter__(self):
        configure_database(self._conf)
        app = deploy.loadapp(self._conf)
        # wsgi-intercept asks for the application on every connection.
        self._interceptor = interceptor.RequestsInterceptor(
            lambda: app, url=self.url)
        self._interceptor.install_intercept()
        auth = token_endpoint.Token(self.url, ADMIN_TOKEN)
        return adapter.Adapter(
            session.Session(auth=auth),
            service_type=microversion.SERVICE_TYPE,
            endpoint_override=self.url,
            default_microversion=(
                'latest' if self._latest_microversion else None),
            raise_exc=False)

    def __exit__(self, *exc_info):
        self._interceptor.uninstall_intercept()
