"""A test case with a fresh database and a request context."""

from oslo_config import cfg
from oslo_config import fixture as config_fixture
import testtools

from placement import conf
from placement import context
from placement.tests import fixtures as db_fixtures


class DBTestCase(testtools.TestCase):
    """``self.ctx`` is an admin context on a fresh database (``self.db``)."""

    def setUp(self):
        super().setUp()
        config = cfg.ConfigOpts()
        conf.register_opts(config)
        conf_fixture = self.useFixture(config_fixture.Config(config))
        self.db = self.useFixture(db_fixtures.Database(conf_fixture))
        self.ctx = self.new_context()

    def new_context(self):
        """Another request's context (its own attribute caches)."""
        return context.RequestContext(
            user_id='admin', project_id='admin',
            config=self.db.conf_fixture.conf)

    def execute(self, statement, rows=None):
        """Run ``statement`` in a transaction of its own."""
        with self.db.engine.begin() as conn:
            return conn.execute(statement, rows)
