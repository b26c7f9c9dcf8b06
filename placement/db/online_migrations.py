"""Online data migrations run by ``placement-manage db
online_data_migrations``.

Each is ``f(context, count) -> (found, done)`` and handles at most
*count* rows per call.
"""

import sqlalchemy as sa

from placement.db.sqlalchemy import models
from placement import db_api

_PROVIDERS = models.ResourceProvider.__table__
_ALLOCATIONS = models.Allocation.__table__
_CONSUMERS = models.Consumer.__table__
_PROJECTS = models.Project.__table__
_USERS = models.User.__table__


@db_api.placement_context_manager.writer
def set_root_provider_ids(context, count):
    """Make providers without a root provider id their own root."""
    ids = context.session.execute(
        sa.select(_PROVIDERS.c.id).where(
            _PROVIDERS.c.root_provider_id.is_(None)).limit(count)
    ).scalars().all()
    for provider_id in ids:
        context.session.execute(
            _PROVIDERS.update().where(_PROVIDERS.c.id == provider_id).values(
                root_provider_id=provider_id))
    return len(ids), len(ids)


def _ensure_external_id(session, table, external_id):
    """Return the id of *table*'s row for *external_id*, creating it."""
    query = sa.select(table.c.id).where(table.c.external_id == external_id)
    row_id = session.execute(query).scalar()
    if row_id is None:
        row_id = session.execute(
            table.insert().values(external_id=external_id)
        ).inserted_primary_key[0]
    return row_id


@db_api.placement_context_manager.writer
def create_incomplete_consumers(context, count):
    """Create consumer records for allocations that have none.

    They belong to the configured incomplete-consumer project and user.
    """
    session = context.session
    conf = context.config.placement
    project_id = _ensure_external_id(
        session, _PROJECTS, conf.incomplete_consumer_project_id)
    user_id = _ensure_external_id(
        session, _USERS, conf.incomplete_consumer_user_id)
    missing = session.execute(
        sa.select(_ALLOCATIONS.c.consumer_id).distinct().select_from(
            _ALLOCATIONS.outerjoin(
                _CONSUMERS, _ALLOCATIONS.c.consumer_id == _CONSUMERS.c.uuid)
        ).where(_CONSUMERS.c.id.is_(None)).limit(count)
    ).scalars().all()
    if missing:
        session.execute(_CONSUMERS.insert(), [
            {'uuid': uuid, 'project_id': project_id, 'user_id': user_id,
             'generation': 0, 'consumer_type_id': None}
            for uuid in missing])
    return len(missing), len(missing)
