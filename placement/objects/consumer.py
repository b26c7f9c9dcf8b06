"""Consumers: the owners of allocations (instances, migrations, ...).

A consumer row is created by the first allocation write naming it, its
``generation`` is bumped by every write that includes it (compare-and-swap,
so concurrent writers detect each other) and it is deleted when a write
leaves it without allocations.
"""

from oslo_db import exception as db_exc
from oslo_versionedobjects import fields
import sqlalchemy as sa

from placement.db.sqlalchemy import models
from placement import db_api
from placement import exception
from placement.objects import base
from placement.objects import consumer_type as consumer_type_obj
from placement.objects import project as project_obj
from placement.objects import user as user_obj

_CONSUMERS = models.Consumer.__table__
_ALLOCATIONS = models.Allocation.__table__


class Consumer(base.VersionedObject, base.TimestampedObject):
    """One consumer; project, user and type are internal row ids."""

    fields = {
        'id': fields.IntegerField(read_only=True),
        'uuid': fields.StringField(nullable=False),
        'project_id': fields.IntegerField(nullable=False),
        'user_id': fields.IntegerField(nullable=False),
        'consumer_type_id': fields.IntegerField(nullable=True, default=None),
        'generation': fields.IntegerField(nullable=False, default=0),
    }

    def __init__(self, context=None, **kwargs):
        # Unregistered objects have plain attributes, so obj_set_defaults()
        # cannot tell what is set: apply the defaults here.
        kwargs.setdefault('consumer_type_id', None)
        kwargs.setdefault('generation', 0)
        super().__init__(context, **kwargs)

    @classmethod
    @db_api.placement_context_manager.reader
    def get_by_uuid(cls, context, uuid):
        row = context.session.execute(
            sa.select(_CONSUMERS).where(_CONSUMERS.c.uuid == uuid)
        ).mappings().first()
        if row is None:
            raise exception.ConsumerNotFound(uuid=uuid)
        return cls(context, **{name: row[name] for name in cls.fields})

    @db_api.placement_context_manager.writer
    def _insert(self, context):
        values = {name: getattr(self, name) for name in (
            'uuid', 'project_id', 'user_id', 'consumer_type_id')}
        values['generation'] = 0
        result = context.session.execute(_CONSUMERS.insert().values(values))
        self.id = result.inserted_primary_key[0]
        self.generation = 0

    def create(self):
        """Insert the consumer (generation 0).

        :raises: ConsumerExists if another request created it first.
        """
        try:
            self._insert(self._context)
        except db_exc.DBDuplicateEntry:
            raise exception.ConsumerExists(uuid=self.uuid)

    @db_api.placement_context_manager.writer
    def _bump(self, context):
        result = context.session.execute(
            _CONSUMERS.update().where(
                _CONSUMERS.c.id == self.id,
                _CONSUMERS.c.generation == self.generation,
            ).values(generation=self.generation + 1,
                     project_id=self.project_id, user_id=self.user_id,
                     consumer_type_id=self.consumer_type_id))
        if result.rowcount != 1:
            raise exception.ConcurrentUpdateDetected()
        self.generation += 1

    def increment_generation(self):
        """Compare-and-swap the generation in the caller's transaction.

        Project, user and type are written at the same time (re-pointing
        a consumer costs no extra generation).

        :raises: ConcurrentUpdateDetected if the stored generation is no
            longer ``self.generation``.
        """
        self._bump(self._context)


@db_api.placement_context_manager.writer
def delete_consumers_if_no_allocations(context, consumer_uuids):
    """Delete the consumers among *consumer_uuids* that own nothing."""
    has_allocations = sa.exists().where(
        _ALLOCATIONS.c.consumer_id == _CONSUMERS.c.uuid)
    context.session.execute(_CONSUMERS.delete().where(
        _CONSUMERS.c.uuid.in_(consumer_uuids), ~has_allocations))


def _check_generation(expected, given):
    if expected != given:
        raise exception.ConsumerGenerationConflict(
            expected_gen='null' if expected is None else expected,
            got_gen=given)


def ensure_consumer(context, uuid, project_id, user_id, consumer_type,
                    generation, check_generation):
    """Step 1 of the allocation write algorithm for one consumer.

    Get or create the project, the user, the consumer type (when
    *consumer_type* is not None) and the consumer. Runs outside the write
    transaction, each creation committed on its own, so that concurrent
    creators resolve their races by re-reading. With *check_generation*
    (v1.28+), *generation* must be the stored generation, or None for a
    consumer that does not exist yet.

    :returns: (consumer, created); the consumer object carries the new
        project, user and type ids, written by the allocation write.
    :raises: ConsumerGenerationConflict
    """
    project = project_obj.Project.ensure(context, project_id)
    user = user_obj.User.ensure(context, user_id)
    try:
        consumer = Consumer.get_by_uuid(context, uuid)
    except exception.ConsumerNotFound:
        if check_generation:
            _check_generation(None, generation)
        consumer = Consumer(context, uuid=uuid, project_id=project.id,
                            user_id=user.id)
        if consumer_type is not None:
            consumer.consumer_type_id = consumer_type_obj.ConsumerType.ensure(
                context, consumer_type).id
        try:
            consumer.create()
            return consumer, True
        except exception.ConsumerExists:
            # Created concurrently: from here on it is an existing consumer.
            consumer = Consumer.get_by_uuid(context, uuid)
    if check_generation:
        _check_generation(consumer.generation, generation)
    if consumer_type is not None:
        consumer.consumer_type_id = consumer_type_obj.ConsumerType.ensure(
            context, consumer_type).id
    consumer.project_id = project.id
    consumer.user_id = user.id
    return consumer, False
