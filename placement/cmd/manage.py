"""``placement-manage``: database schema and data maintenance."""

import sys

from oslo_config import cfg
from oslo_log import log as logging
import prettytable

from placement import conf
from placement import context
from placement.db import online_migrations
from placement.db.sqlalchemy import migration
from placement import db_api
from placement import version

LOG = logging.getLogger(__name__)

# Run in this order by ``db online_data_migrations``.
ONLINE_MIGRATIONS = (
    online_migrations.set_root_provider_ids,
    online_migrations.create_incomplete_consumers,
)
DEFAULT_BATCH_SIZE = 50


class DbCommands:
    def __init__(self, config):
        self.config = config

    def db_sync(self):
        migration.upgrade('head')
        return 0

    def db_version(self):
        print(migration.version())
        return 0

    def db_stamp(self):
        migration.stamp(self.config.command.version)
        return 0

    def db_online_data_migrations(self):
        max_count = self.config.command.max_count
        limited = max_count is not None
        if limited:
            try:
                max_count = int(max_count)
            except ValueError:
                max_count = -1
            if max_count < 1:
                print('Must supply a positive value for max_count')
                return 127
        else:
            max_count = DEFAULT_BATCH_SIZE
            print('Running batches of %i until complete' % max_count)

        ctx = context.RequestContext(config=self.config)
        totals = {}
        failed = False
        while True:
            batch, batch_failed = self._run_batch(ctx, max_count)
            failed = failed or batch_failed
            migrated = 0
            for name, (found, done) in batch.items():
                total_found, total_done = totals.get(name, (0, 0))
                totals[name] = (total_found + found, total_done + done)
                migrated += done
            if limited or not migrated:
                break

        table = prettytable.PrettyTable(
            ['Migration', 'Total Found', 'Completed'])
        for name, (found, done) in totals.items():
            table.add_row([name, found, done])
        print(table)

        if failed and not (limited and migrated):
            print('Some migrations failed unexpectedly. Check log for '
                  'details.')
            return 2
        # With a limit, more rows may remain to be migrated.
        return 1 if limited and migrated else 0

    @staticmethod
    def _run_batch(ctx, batch_size):
        """Run each migration on what is left of one batch.

        Returns ({name: (found, done)}, whether any migration raised).
        """
        results = {}
        failed = False
        migrated = 0
        for func in ONLINE_MIGRATIONS:
            try:
                found, done = func(ctx, batch_size - migrated)
            except Exception:
                message = 'Error attempting to run %s' % func
                print(message)
                LOG.exception(message)
                failed = True
                found = done = 0
            if found:
                print('%(found)i rows matched query %(name)s, %(done)i '
                      'migrated' % {'found': found, 'name': func.__name__,
                                    'done': done})
            results[func.__name__] = (found, done)
            migrated += done
            if migrated >= batch_size:
                break
        return results, failed


def add_db_command_parsers(subparsers, config):
    # Without a category print the help and exit 1 (main), not argparse's 2.
    subparsers.required = False
    commands = DbCommands(config)
    parser = subparsers.add_parser('db')
    parser.set_defaults(func=parser.print_help)
    actions = parser.add_subparsers(description='database commands')

    sync = actions.add_parser('sync', help='Sync the datatabase to the '
                                           'current version.')
    sync.set_defaults(func=commands.db_sync)

    show = actions.add_parser('version', help='Report the current version '
                                              'of the database.')
    show.set_defaults(func=commands.db_version)

    stamp = actions.add_parser('stamp', help='Stamp the revision table '
                                             'with the given version.')
    stamp.add_argument('version', help='the version to stamp')
    stamp.set_defaults(func=commands.db_stamp)

    online = actions.add_parser(
        'online_data_migrations',
        help='Run the data migration and, if specified, limit the number '
             'of records to be migrated.')
    online.add_argument(
        '--max-count', metavar='<number>', dest='max_count',
        help='Maximum number of objects to consider.')
    online.set_defaults(func=commands.db_online_data_migrations)


def main(argv=None):
    config = cfg.ConfigOpts()
    conf.register_opts(config)
    config.register_cli_opt(cfg.SubCommandOpt(
        'db', dest='command', help='Available DB commands',
        handler=lambda subparsers: add_db_command_parsers(subparsers,
                                                          config)))
    config(sys.argv[1:] if argv is None else argv, project='placement',
           version=version.version_string())
    logging.setup(config, 'placement')
    db_api.configure(config)
    try:
        func = config.command.func
    except cfg.NoSuchOptError:
        config.print_help()
        return 1
    return func() or 0
