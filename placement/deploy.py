"""Build the placement WSGI application (spec conventions.md section 1).

The pipeline is described by a PasteDeploy file: ``api-paste.ini`` found
next to the configuration files, else the copy shipped in this package.
Filter factories find the service ``ConfigOpts`` through a registry keyed
by the ``placement_conf`` global of the paste file.
"""

import os
import threading

from microversion_parse import middleware as mp_middleware
from oslo_log import log as logging
from oslo_middleware import cors
from oslo_middleware import healthcheck
from oslo_middleware import http_proxy_to_wsgi
from oslo_utils import importutils
import paste.deploy

from placement import auth
from placement import db_api
from placement.db import standard_data
from placement.db.sqlalchemy import migration
from placement import fault_wrap
from placement import handler
from placement import microversion
from placement import policy
from placement import requestlog
from placement import util

LOG = logging.getLogger(__name__)
osprofiler_web = importutils.try_import('osprofiler.web')

PASTE_FILE = 'api-paste.ini'
BUILTIN_PASTE_FILE = os.path.join(os.path.dirname(__file__), PASTE_FILE)

# ConfigOpts of the applications being built, by their id.
_CONFS = {}
_CONFS_LOCK = threading.Lock()


def _conf(global_conf):
    return _CONFS[global_conf['placement_conf']]


def router_factory(global_conf, **local_conf):
    return handler.PlacementHandler()


def healthcheck_factory(global_conf, **local_conf):
    conf = _conf(global_conf)
    return healthcheck.Healthcheck(None, conf)


def osprofiler_factory(global_conf, **local_conf):
    conf = _conf(global_conf)
    enabled = (osprofiler_web is not None and 'profiler' in conf
               and conf.profiler.enabled)

    def make(app):
        if enabled:
            return osprofiler_web.WsgiMiddleware(app)
        return app
    return make


def http_proxy_to_wsgi_factory(global_conf, **local_conf):
    conf = _conf(global_conf)
    return lambda app: http_proxy_to_wsgi.HTTPProxyToWSGI(app, conf)


def request_log_factory(global_conf, **local_conf):
    return lambda app: requestlog.RequestLog(app)


def cors_factory(global_conf, **local_conf):
    conf = _conf(global_conf)

    def make(app):
        if conf.cors.allowed_origin:
            return cors.CORS(app, conf)
        return app
    return make


def auth_factory(global_conf, **local_conf):
    conf = _conf(global_conf)

    def make(app):
        if conf.api.auth_strategy == 'noauth2':
            return auth.NoAuthMiddleware(app)
        return auth.PlacementKeystoneAuth(app, {'oslo_config_config': conf})
    return make


def context_factory(global_conf, **local_conf):
    conf = _conf(global_conf)
    return lambda app: auth.PlacementContext(app, conf)


def fault_wrap_factory(global_conf, **local_conf):
    return fault_wrap.FaultWrapper


def microversion_factory(global_conf, **local_conf):
    def make(app):
        return mp_middleware.MicroversionMiddleware(
            app, microversion.SERVICE_TYPE, microversion.VERSIONS,
            json_error_formatter=util.json_error_formatter)
    return make


def wsgi_profiler_factory(global_conf, **local_conf):
    profile_dir = os.environ.get('OS_WSGI_PROFILER')

    def make(app):
        if not profile_dir:
            return app
        from werkzeug.middleware import profiler
        LOG.warning('Profiling every request into %s', profile_dir)
        return profiler.ProfilerMiddleware(app, profile_dir=profile_dir)
    return make


def find_paste_config(conf):
    """The deployer's api-paste.ini next to the config, else built-in."""
    return conf.find_file(PASTE_FILE) or BUILTIN_PASTE_FILE


def deploy(conf):
    """Build the middleware pipeline for ``conf``."""
    key = str(id(conf))
    with _CONFS_LOCK:
        _CONFS[key] = conf
    paste_file = os.path.abspath(find_paste_config(conf))
    LOG.debug('Loading the WSGI pipeline from %s', paste_file)
    return paste.deploy.loadapp('config:%s' % paste_file,
                                global_conf={'placement_conf': key})


def update_database(conf):
    """Upgrade the schema if asked to, then sync standard names."""
    if conf.placement_database.sync_on_startup:
        migration.upgrade('head')
    standard_data.sync(db_api.get_placement_engine())


def loadapp(conf, project_name='placement'):
    """The full pipeline for an already parsed ``conf``.

    Also initialises policy and does the database start-up work.
    """
    application = deploy(conf)
    policy.init(conf)
    update_database(conf)
    return application
