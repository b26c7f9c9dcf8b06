"""Database probe for oslo.middleware's ``/healthcheck`` application.

Registered as the ``oslo.middleware.healthcheck`` entry point
``placement_database``. A load balancer then sees ``503`` when this
process cannot reach its database, not only when it is down.
"""

from oslo_config import cfg
from oslo_db.sqlalchemy import enginefacade
from oslo_log import log as logging
from oslo_middleware.healthcheck import opts as healthcheck_opts
from oslo_middleware.healthcheck import pluginbase
import sqlalchemy as sa

from placement import db_api

LOG = logging.getLogger(__name__)
BACKEND_NAME = 'placement_database'


@enginefacade.transaction_context_provider
class _ProbeContext(object):
    """Bare holder of the enginefacade transaction state of one probe."""


@db_api.placement_context_manager.reader
def _probe(context):
    return context.session.execute(sa.select(sa.literal(1))).scalar()


class DatabaseHealthcheck(pluginbase.HealthcheckBaseExtension):
    """Healthy when ``SELECT 1`` succeeds on the placement database."""

    def healthcheck(self, server_port):
        try:
            _probe(_ProbeContext())
        except Exception as exc:
            # Any failure to reach the database makes the process unfit.
            LOG.warning('Health check: database unavailable: %s', exc)
            return pluginbase.HealthcheckResult(
                available=False, reason='Database unavailable',
                details=str(exc))
        return pluginbase.HealthcheckResult(
            available=True, reason='Database OK')


def set_defaults():
    """Make the database probe the default ``[healthcheck]backends``."""
    cfg.set_defaults(healthcheck_opts.HEALTHCHECK_OPTS,
                     backends=[BACKEND_NAME])
