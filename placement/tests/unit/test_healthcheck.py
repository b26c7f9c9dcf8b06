"""The database probe of the /healthcheck application."""

from unittest import mock

from oslo_config import cfg
from oslo_config import fixture as config_fixture
from oslo_middleware.healthcheck import opts as healthcheck_opts
import testtools

from placement import conf as placement_conf
from placement import healthcheck
from placement.tests import fixtures as db_fixtures


class TestDatabaseHealthcheck(testtools.TestCase):

    def setUp(self):
        super().setUp()
        conf = cfg.ConfigOpts()
        conf_fixture = self.useFixture(config_fixture.Config(conf))
        placement_conf.register_opts(conf)
        self.useFixture(db_fixtures.Database(conf_fixture, set_config=True))
        self.check = healthcheck.DatabaseHealthcheck(conf, {})

    def test_database_reachable(self):
        result = self.check.healthcheck(8778)
        self.assertTrue(result.available)
        self.assertEqual('Database OK', result.reason)

    def test_database_unreachable(self):
        with mock.patch.object(healthcheck, '_probe', autospec=True,
                               side_effect=Exception('gone away')):
            result = self.check.healthcheck(8778)
        self.assertFalse(result.available)
        self.assertEqual('Database unavailable', result.reason)
        self.assertEqual('gone away', result.details)


class TestDefaults(testtools.TestCase):

    def test_backend_is_the_default(self):
        opt = next(o for o in healthcheck_opts.HEALTHCHECK_OPTS
                   if o.name == 'backends')
        self.addCleanup(setattr, opt, 'default', opt.default)
        healthcheck.set_defaults()
        conf = cfg.ConfigOpts()
        conf.register_opts(healthcheck_opts.HEALTHCHECK_OPTS,
                           group='healthcheck')
        conf([], default_config_files=[])
        self.assertEqual(['placement_database'], conf.healthcheck.backends)
