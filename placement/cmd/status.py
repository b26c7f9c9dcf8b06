"""``placement-status upgrade check``: readiness checks for an upgrade."""

import sys

from oslo_config import cfg
from oslo_upgradecheck import common_checks
from oslo_upgradecheck import upgradecheck
import sqlalchemy as sa

from placement import conf
from placement import context
from placement.db.sqlalchemy import models
from placement import db_api

_PROVIDERS = models.ResourceProvider.__table__
_ALLOCATIONS = models.Allocation.__table__
_CONSUMERS = models.Consumer.__table__

MISSING_ROOT_IDS = (
    'There is at least one resource provider table record which misses its '
    'root provider id. Run the "placement-manage db online_data_migrations" '
    'command.')
INCOMPLETE_CONSUMERS = (
    'There are %(count)i incomplete consumers table records for existing '
    'allocations. Run the "placement-manage db online_data_migrations" '
    'command.')


@db_api.placement_context_manager.reader
def _count_missing_root_provider_ids(ctx):
    return ctx.session.execute(
        sa.select(sa.func.count()).select_from(_PROVIDERS).where(
            _PROVIDERS.c.root_provider_id.is_(None))).scalar()


@db_api.placement_context_manager.reader
def _count_incomplete_consumers(ctx):
    consumer_ids = sa.select(_ALLOCATIONS.c.consumer_id).distinct(
    ).select_from(_ALLOCATIONS.outerjoin(
        _CONSUMERS, _ALLOCATIONS.c.consumer_id == _CONSUMERS.c.uuid)
    ).where(_CONSUMERS.c.id.is_(None)).subquery()
    return ctx.session.execute(
        sa.select(sa.func.count()).select_from(consumer_ids)).scalar()


class Checks(upgradecheck.UpgradeCommands):
    """The upgrade checks of placement, run against *config*'s database."""

    def __init__(self, config):
        self.config = config
        self.ctx = context.RequestContext(config=config)
        self._upgrade_checks = (
            ('Missing Root Provider IDs', Checks._check_root_provider_ids),
            ('Incomplete Consumers', Checks._check_incomplete_consumers),
            ('Policy File JSON to YAML Migration',
             Checks._check_policy_json),
        )

    def check(self):
        # Runs once the command line is parsed (upgradecheck.main).
        db_api.configure(self.config)
        return super().check()

    def _check_policy_json(self):
        """oslo.upgradecheck's JSON policy check, as a warning.

        A JSON policy file still works; newer oslo.upgradecheck releases
        call it a failure, the spec (cli.md) a warning.
        """
        result = common_checks.check_policy_json(self, conf=self.config)
        if result.code == upgradecheck.Code.FAILURE:
            return upgradecheck.Result(upgradecheck.Code.WARNING,
                                       details=result.details)
        return result

    def _check_root_provider_ids(self):
        if _count_missing_root_provider_ids(self.ctx):
            return upgradecheck.Result(upgradecheck.Code.FAILURE,
                                       details=MISSING_ROOT_IDS)
        return upgradecheck.Result(upgradecheck.Code.SUCCESS)

    def _check_incomplete_consumers(self):
        count = _count_incomplete_consumers(self.ctx)
        if count:
            return upgradecheck.Result(
                upgradecheck.Code.WARNING,
                details=INCOMPLETE_CONSUMERS % {'count': count})
        return upgradecheck.Result(upgradecheck.Code.SUCCESS)


def main(argv=None):
    config = cfg.ConfigOpts()
    conf.register_opts(config)
    return upgradecheck.main(
        config, 'placement', Checks(config),
        argv=sys.argv[1:] if argv is None else argv)
