"""``placement-api``: a development server that needs no configuration.

With no configuration file it serves on loopback from an SQLite file in
the user's data directory, creates the schema itself and runs without
authentication (noauth2), saying so loudly. Configuration files and
``OS_<GROUP>__<NAME>`` variables are honoured as usual. This is not the
production entry point: use ``placement.wsgi.api:application`` under a
WSGI server.
"""

import argparse
import os
import socketserver
import sys
from wsgiref import simple_server

from oslo_config import cfg
from oslo_log import log as logging

from placement import wsgi

LOG = logging.getLogger(__name__)


def data_dir():
    base = os.environ.get('XDG_DATA_HOME') or os.path.join(
        os.path.expanduser('~'), '.local', 'share')
    return os.path.join(base, 'placement')


class ThreadingWSGIServer(socketserver.ThreadingMixIn,
                          simple_server.WSGIServer):
    daemon_threads = True


class QuietHandler(simple_server.WSGIRequestHandler):
    """Leave access logging to placement's own request log."""

    def log_message(self, *args):
        pass


def sqlite_url():
    return 'sqlite:///%s' % os.path.join(data_dir(), 'placement.sqlite')


def apply_zero_config(conf):
    """Fill in what a bare development start needs; return warnings."""
    warnings = []
    if conf.placement_database.connection == sqlite_url():
        os.makedirs(data_dir(), exist_ok=True)
        conf.set_override('sync_on_startup', True,
                          group='placement_database')
        warnings.append('No [placement_database]connection configured: '
                        'using %s' % sqlite_url())
    if not conf.config_file and 'OS_API__AUTH_STRATEGY' not in os.environ:
        conf.set_override('auth_strategy', 'noauth2', group='api')
    if conf.api.auth_strategy == 'noauth2':
        warnings.append('RUNNING WITHOUT AUTHENTICATION (noauth2): any '
                        'X-Auth-Token is trusted. Never expose this server.')
    return warnings


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--host', default='127.0.0.1')
    parser.add_argument('--port', type=int, default=8000)
    args, remaining = parser.parse_known_args(argv)
    conf = cfg.ConfigOpts()
    try:
        wsgi.parse_config(
            conf, argv=remaining,
            defaults={('placement_database', 'connection'): sqlite_url()})
        warnings = apply_zero_config(conf)
        application = wsgi.build_application(conf)
    except (cfg.Error, ValueError) as exc:
        sys.exit('placement-api cannot start: %s' % exc)
    for warning in warnings:
        LOG.warning(warning)
    server = simple_server.make_server(
        args.host, args.port, application, server_class=ThreadingWSGIServer,
        handler_class=QuietHandler)
    LOG.info('Placement API listening on http://%s:%s/',
             args.host, args.port)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == '__main__':
    sys.exit(main())
