"""WSGI entry for servers: ``init_application()`` (spec config.md).

The configuration comes from ``$OS_PLACEMENT_CONFIG_DIR/placement.conf``
when that variable is set, else from oslo.config's default search for the
project ``placement``. A missing ``[placement_database]connection`` is a
hard start failure.
"""

import gc
import logging as py_logging
import os
import socket

from oslo_config import cfg
from oslo_db import exception as db_exc
from oslo_log import log as logging
from oslo_utils import importutils

from placement import conf as placement_conf
from placement import db_api
from placement import deploy
from placement import version

LOG = logging.getLogger(__name__)
osprofiler_initializer = importutils.try_import('osprofiler.initializer')
CONFIG_FILE = 'placement.conf'


def _config_files():
    config_dir = os.environ.get('OS_PLACEMENT_CONFIG_DIR', '').strip()
    if config_dir:
        return [os.path.join(config_dir, CONFIG_FILE)]
    return None


def parse_config(conf, argv=None, default_config_files=None,
                 defaults=None, default_config_dirs=None):
    """Register every option and parse argv and the config files.

    ``defaults`` maps (group, name) to a default set before parsing.
    Config files and dirs default to oslo.config's search for the project.
    """
    placement_conf.register_opts(conf)
    placement_conf.base.set_lib_defaults()
    for (group, name), value in (defaults or {}).items():
        conf.set_default(name, value, group=group)
    conf(argv or [], project='placement',
         version=version.version_string(),
         default_config_files=default_config_files,
         default_config_dirs=default_config_dirs)


def setup_logging(conf):
    """oslo.log set-up with routes quietened; warnings captured."""
    extra = ['routes=INFO']
    logging.set_defaults(default_log_levels=logging.get_default_log_levels()
                         + extra)
    logging.setup(conf, 'placement')
    py_logging.captureWarnings(True)


def init_profiler(conf):
    """Start osprofiler tracing if it is installed and enabled."""
    if (osprofiler_initializer is None or 'profiler' not in conf
            or not conf.profiler.enabled):
        return
    osprofiler_initializer.init_from_conf(
        conf=conf, context={}, project='placement', service='placement',
        host=socket.gethostname())


def build_application(conf):
    """Configure logging, the database and profiling, then load the
    pipeline.
    """
    setup_logging(conf)
    db_api.configure(conf)
    if conf.log_options:
        conf.log_opt_values(LOG, py_logging.DEBUG)
    init_profiler(conf)
    application = deploy.loadapp(conf)
    # Everything made at start lives as long as the process: keep it out
    # of the cyclic collector's full passes, which large answers (tens of
    # thousands of candidates) would otherwise make walk it again and
    # again. Frozen objects are still freed by reference counting.
    gc.freeze()
    return application


def init_application():
    """Build and return the WSGI application of this process.

    A configuration or database problem ends the start with one line
    naming it rather than a traceback.
    """
    conf = cfg.ConfigOpts()
    try:
        parse_config(conf, default_config_files=_config_files())
        return build_application(conf)
    except (cfg.Error, ValueError, db_exc.DBError) as exc:
        message = 'placement cannot start: %s' % exc
        LOG.critical(message)
        raise SystemExit(message)
