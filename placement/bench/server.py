"""Start the real WSGI application under gunicorn on a fresh database."""

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time

import requests
import sqlalchemy as sa

from placement.bench import database

CONF_TEMPLATE = """[DEFAULT]
log_options = False
[api]
auth_strategy = noauth2
[placement_database]
connection = %(connection)s
sync_on_startup = True
"""
# placement-manage, whichever bin directory it was installed in.
MANAGE = ('import sys; from placement.cmd import manage; '
          'sys.exit(manage.main())')
STARTUP_TIMEOUT = 120
DEFAULT_WORKERS = {'sqlite': 1, 'mysql': 2, 'postgresql': 2}
# One SQLite worker is bound by the GIL and SQLite serialises its writers:
# more threads only add contention (measured: 14 req/s with 10 threads,
# 24 req/s with one, on the concurrent flat query).
DEFAULT_THREADS = {'sqlite': 1, 'mysql': 10, 'postgresql': 10}


class ServerError(Exception):
    pass


def _free_port():
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


class Server(object):
    """gunicorn gthread serving ``placement.wsgi.api:application``.

    The schema is created with ``placement-manage db sync`` before the
    workers start, so that several workers do not race on the first
    migration; ``sync_on_startup`` then finds the schema at head.
    """

    def __init__(self, backend, workers, threads):
        self.backend = backend
        self.workers = workers
        self.threads = threads
        self.workdir = tempfile.mkdtemp(prefix='placement-bench-')
        self.log_path = os.path.join(self.workdir, 'server.log')
        self.database = None
        self.process = None
        self.url = None

    def start(self):
        try:
            self.database = database.Database(self.backend, self.workdir)
        except sa.exc.SQLAlchemyError as exc:
            raise ServerError('cannot create a %s database: %s'
                              % (self.backend, exc))
        with open(os.path.join(self.workdir, 'placement.conf'), 'w') as f:
            f.write(CONF_TEMPLATE % {'connection': self.database.url})
        env = dict(os.environ, OS_PLACEMENT_CONFIG_DIR=self.workdir)
        conf_file = os.path.join(self.workdir, 'placement.conf')
        with open(self.log_path, 'ab') as log:
            sync = subprocess.run(
                [sys.executable, '-c', MANAGE, '--config-file', conf_file,
                 'db', 'sync'],
                stdout=log, stderr=subprocess.STDOUT, env=env)
            if sync.returncode:
                raise ServerError('db sync failed: %s' % self.log_tail())
            port = _free_port()
            self.url = 'http://127.0.0.1:%d' % port
            self.process = subprocess.Popen(
                [sys.executable, '-m', 'gunicorn',
                 '--worker-class', 'gthread',
                 '--workers', str(self.workers),
                 '--threads', str(self.threads),
                 '--no-control-socket',
                 '--bind', '127.0.0.1:%d' % port,
                 'placement.wsgi.api:application'],
                env=env, stdout=log, stderr=subprocess.STDOUT)
        self._wait_ready()
        return self

    def _wait_ready(self):
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise ServerError('server exited: %s' % self.log_tail())
            try:
                if requests.get(self.url + '/', timeout=2).ok:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.2)
        raise ServerError('server not ready: %s' % self.log_tail())

    @property
    def pid(self):
        return self.process.pid if self.process else None

    def stop(self):
        """Stop the server, drop its database, remove its files."""
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.database is not None:
            self.database.drop()
        shutil.rmtree(self.workdir, ignore_errors=True)

    def log_tail(self, size=4000):
        with open(self.log_path, errors='replace') as log:
            return log.read()[-size:]
