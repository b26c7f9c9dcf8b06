"""Concurrent writers on one SQLite file neither fail nor lose updates.

Each worker process repeatedly reads a counter and then compare-and-swaps
it to the next value in one writer transaction, while others read. With
deferred transactions this fails with "database is locked" (a reader
cannot upgrade to writer once another writer committed) or loses updates.
"""

import multiprocessing

from oslo_db.sqlalchemy import enginefacade
import sqlalchemy as sa
import testtools

from placement import db_api
from placement.tests import fixtures as db_fixtures

WORKERS = 4
INCREMENTS = 40
_METADATA = sa.MetaData()
_COUNTER = sa.Table('counter', _METADATA,
                    sa.Column('id', sa.Integer, primary_key=True),
                    sa.Column('value', sa.Integer, nullable=False))


@enginefacade.transaction_context_provider
class _Context:
    pass


@db_api.placement_context_manager.writer
def _increment(ctx):
    value = ctx.session.execute(
        sa.select(_COUNTER.c.value).where(_COUNTER.c.id == 1)).scalar()
    return ctx.session.execute(
        _COUNTER.update().where(_COUNTER.c.id == 1,
                                _COUNTER.c.value == value).values(
            value=value + 1)).rowcount


@db_api.placement_context_manager.reader
def _read(ctx):
    return ctx.session.execute(sa.select(_COUNTER.c.value)).scalar()


def _worker(url):
    """Increment the counter INCREMENTS times; return (failures, errors)."""
    db_api.placement_context_manager.configure(connection=url)
    ctx = _Context()
    lost = 0
    errors = []
    for _ in range(INCREMENTS):
        try:
            _read(ctx)
            if _increment(ctx) != 1:
                lost += 1
        except Exception as error:
            errors.append(str(error))
    return lost, errors


class TestSQLiteConcurrentWriters(testtools.TestCase):
    def setUp(self):
        super().setUp()
        server = db_fixtures.SERVERS['sqlite']
        self.url = server.create_database()
        self.addCleanup(server.drop_database, self.url)
        engine = db_fixtures.make_factory(self.url).get_writer_engine()
        self.addCleanup(engine.dispose)
        _METADATA.create_all(engine)
        with engine.begin() as conn:
            conn.execute(_COUNTER.insert().values(id=1, value=0))
        self.engine = engine

    def test_processes_never_locked_nor_lose_updates(self):
        # spawn: children configure their own enginefacade from scratch.
        with multiprocessing.get_context('spawn').Pool(WORKERS) as pool:
            results = pool.map(_worker, [self.url] * WORKERS)
        errors = [error for _, worker_errors in results
                  for error in worker_errors]
        self.assertEqual([], errors)
        self.assertEqual([0] * WORKERS, [lost for lost, _ in results])
        with self.engine.connect() as conn:
            self.assertEqual(WORKERS * INCREMENTS, conn.execute(
                sa.select(_COUNTER.c.value)).scalar())

    def test_wal_mode(self):
        with self.engine.connect() as conn:
            self.assertEqual('wal', conn.exec_driver_sql(
                'PRAGMA journal_mode').scalar())
            self.assertEqual(db_api.SQLITE_BUSY_TIMEOUT_MS,
                             conn.exec_driver_sql(
                                 'PRAGMA busy_timeout').scalar())
