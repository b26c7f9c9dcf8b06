"""The startup sync of standard traits and resource classes."""

import multiprocessing
import threading
from unittest import mock

import os_resource_classes
import os_traits
import sqlalchemy as sa
import testtools

from placement.db.sqlalchemy import models
from placement.db import standard_data
from placement.tests import fixtures as db_fixtures

_TRAITS = models.Trait.__table__
_CLASSES = models.ResourceClass.__table__
WORKERS = 4


def _sync_new_engine(url):
    """Sync through an engine of its own, as a separate worker would."""
    engine = db_fixtures.make_factory(url).get_writer_engine()
    try:
        standard_data.sync(engine)
    finally:
        engine.dispose()


class _StandardData:
    """Test mixin: an empty schema on ``server_name``."""

    server_name = None

    def setUp(self):
        super().setUp()
        server = db_fixtures.server_or_skip(self, self.server_name)
        self.url = server.create_database()
        self.addCleanup(server.drop_database, self.url)
        self.engine = db_fixtures.make_factory(self.url).get_writer_engine()
        self.addCleanup(self.engine.dispose)
        models.BASE.metadata.create_all(self.engine)

    def _rows(self, table):
        with self.engine.connect() as conn:
            return [tuple(row) for row in conn.execute(
                sa.select(table.c.id, table.c.name).order_by(table.c.id))]

    def assertStandardData(self, extra_traits=(), extra_classes=()):
        traits = sorted(name for _, name in self._rows(_TRAITS))
        self.assertEqual(sorted(os_traits.get_traits() + list(extra_traits)),
                         traits)
        self.assertEqual(
            list(enumerate(os_resource_classes.STANDARDS)) +
            list(extra_classes), self._rows(_CLASSES))

    def test_sync(self):
        standard_data.sync(self.engine)
        self.assertStandardData()

    def test_sync_adds_missing_and_removes_nothing(self):
        with self.engine.begin() as conn:
            conn.execute(_TRAITS.insert(), [{'name': 'CUSTOM_GOLD'},
                                            {'name': 'HW_CPU_X86_AVX'}])
            conn.execute(_CLASSES.insert(), [{'id': 10000,
                                              'name': 'CUSTOM_FPGA'},
                                             {'id': 1, 'name': 'MEMORY_MB'}])
        standard_data.sync(self.engine)
        self.assertStandardData(extra_traits=['CUSTOM_GOLD'],
                                extra_classes=[(10000, 'CUSTOM_FPGA')])

    def test_sync_twice(self):
        standard_data.sync(self.engine)
        _sync_new_engine(self.url)
        self.assertStandardData()

    def test_once_per_engine(self):
        standard_data.sync(self.engine)
        with self.engine.begin() as conn:
            conn.execute(_TRAITS.delete().where(
                _TRAITS.c.name == 'HW_CPU_X86_AVX'))
        standard_data.sync(self.engine)
        self.assertNotIn('HW_CPU_X86_AVX',
                         [name for _, name in self._rows(_TRAITS)])

    def test_row_inserted_by_another_worker_meanwhile(self):
        with self.engine.begin() as conn:
            conn.execute(_TRAITS.insert().values(name='HW_CPU_X86_AVX'))
            conn.execute(_CLASSES.insert().values(id=1, name='MEMORY_MB'))
        # As if both rows had been missing when this worker looked.
        missing = mock.patch.multiple(
            standard_data,
            _missing_traits=lambda conn: [
                {'name': name} for name in os_traits.get_traits()],
            _missing_resource_classes=lambda conn: [
                {'id': index, 'name': name} for index, name in
                enumerate(os_resource_classes.STANDARDS)])
        with missing:
            standard_data.sync(self.engine)
        self.assertStandardData()

    def test_concurrent_threads(self):
        barrier = threading.Barrier(WORKERS)
        errors = []

        def sync():
            barrier.wait()
            try:
                _sync_new_engine(self.url)
            except Exception as error:
                errors.append(error)

        threads = [threading.Thread(target=sync) for _ in range(WORKERS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.assertEqual([], errors)
        self.assertStandardData()

    def test_concurrent_processes(self):
        with multiprocessing.get_context('spawn').Pool(WORKERS) as pool:
            pool.map(_sync_new_engine, [self.url] * WORKERS)
        self.assertStandardData()


class TestStandardDataSQLite(_StandardData, testtools.TestCase):
    server_name = 'sqlite'


class TestStandardDataMySQL(_StandardData, testtools.TestCase):
    server_name = 'mysql'


class TestStandardDataPostgreSQL(_StandardData, testtools.TestCase):
    server_name = 'postgresql'
