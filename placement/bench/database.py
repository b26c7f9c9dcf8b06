"""Fresh, uniquely named benchmark databases on the three backends."""

import os
import uuid

import sqlalchemy as sa

SERVER_URLS = {
    'mysql': 'mysql+pymysql://root@127.0.0.1:3306/',
    'postgresql': 'postgresql+psycopg2://postgres@127.0.0.1:5432/postgres',
}
BACKENDS = ('sqlite',) + tuple(SERVER_URLS)


class Database(object):
    """A database created for one server start and dropped after it."""

    def __init__(self, backend, workdir):
        self.backend = backend
        self._admin_url = None
        if backend == 'sqlite':
            path = os.path.join(workdir, 'placement.sqlite')
            self.url = 'sqlite:///%s' % path
            return
        self._admin_url = sa.engine.make_url(SERVER_URLS[backend])
        name = 'placement_bench_%s' % uuid.uuid4().hex
        # A database name cannot be a bind parameter; it is generated
        # here from a uuid, never taken from input.
        self._execute('CREATE DATABASE %s' % name)
        self.url = self._admin_url.set(database=name).render_as_string(
            hide_password=False)

    def _execute(self, statement):
        engine = sa.create_engine(self._admin_url,
                                  isolation_level='AUTOCOMMIT')
        try:
            with engine.connect() as conn:
                conn.execute(sa.text(statement))
        finally:
            engine.dispose()

    def drop(self):
        if self._admin_url is not None:
            name = sa.engine.make_url(self.url).database
            self._execute('DROP DATABASE IF EXISTS %s' % name)
