"""SQLAlchemy models of the placement database at the alembic head.

Table, column, constraint and index names are those of deployed upstream
databases (spec database.md); ``test_migrations`` checks that these models
and the migrations agree.
"""

from oslo_db.sqlalchemy import models
import sqlalchemy as sa
from sqlalchemy import orm

_TABLE_ARGS = {'mysql_engine': 'InnoDB', 'mysql_charset': 'utf8'}


class _Base(models.TimestampMixin, models.ModelBase):
    """``created_at`` (insert) and ``updated_at`` (update), naive UTC."""


BASE = orm.declarative_base(cls=_Base)


class ResourceClass(BASE):
    __tablename__ = 'resource_classes'
    __table_args__ = (
        sa.UniqueConstraint('name', name='uniq_resource_classes0name'),
        _TABLE_ARGS,
    )

    # Standard classes use their os-resource-classes index, custom >= 10000.
    id = sa.Column(sa.Integer, primary_key=True, nullable=False)
    name = sa.Column(sa.String(255), nullable=False)


class ResourceProvider(BASE):
    __tablename__ = 'resource_providers'
    __table_args__ = (
        sa.Index('resource_providers_root_provider_id_idx',
                 'root_provider_id'),
        sa.Index('resource_providers_parent_provider_id_idx',
                 'parent_provider_id'),
        sa.UniqueConstraint('uuid', name='uniq_resource_providers0uuid'),
        sa.UniqueConstraint('name', name='uniq_resource_providers0name'),
        _TABLE_ARGS,
    )

    id = sa.Column(sa.Integer, primary_key=True, nullable=False)
    uuid = sa.Column(sa.String(36), nullable=False)
    name = sa.Column(sa.Unicode(200), nullable=True)
    generation = sa.Column(sa.Integer, default=0)
    root_provider_id = sa.Column(
        sa.Integer, sa.ForeignKey('resource_providers.id'), nullable=True)
    parent_provider_id = sa.Column(
        sa.Integer, sa.ForeignKey('resource_providers.id'), nullable=True)


class Inventory(BASE):
    __tablename__ = 'inventories'
    __table_args__ = (
        sa.Index('inventories_resource_class_id_idx', 'resource_class_id'),
        sa.UniqueConstraint(
            'resource_provider_id', 'resource_class_id',
            name='uniq_inventories0resource_provider_resource_class'),
        _TABLE_ARGS,
    )

    id = sa.Column(sa.Integer, primary_key=True, nullable=False)
    resource_provider_id = sa.Column(sa.Integer, nullable=False)
    resource_class_id = sa.Column(sa.Integer, nullable=False)
    total = sa.Column(sa.Integer, nullable=False)
    reserved = sa.Column(sa.Integer, nullable=False)
    min_unit = sa.Column(sa.Integer, nullable=False)
    max_unit = sa.Column(sa.Integer, nullable=False)
    step_size = sa.Column(sa.Integer, nullable=False)
    allocation_ratio = sa.Column(sa.Float, nullable=False)


class Allocation(BASE):
    __tablename__ = 'allocations'
    __table_args__ = (
        sa.Index('allocations_resource_provider_class_used_idx',
                 'resource_provider_id', 'resource_class_id', 'used'),
        sa.Index('allocations_resource_class_id_idx', 'resource_class_id'),
        sa.Index('allocations_consumer_id_idx', 'consumer_id'),
        _TABLE_ARGS,
    )

    id = sa.Column(sa.Integer, primary_key=True, nullable=False)
    resource_provider_id = sa.Column(sa.Integer, nullable=False)
    # The consumer's uuid, not consumers.id.
    consumer_id = sa.Column(sa.String(36), nullable=False)
    resource_class_id = sa.Column(sa.Integer, nullable=False)
    used = sa.Column(sa.Integer, nullable=False)


class PlacementAggregate(BASE):
    __tablename__ = 'placement_aggregates'
    __table_args__ = (
        sa.UniqueConstraint('uuid', name='uniq_placement_aggregates0uuid'),
        _TABLE_ARGS,
    )

    id = sa.Column(sa.Integer, primary_key=True, autoincrement=True)
    uuid = sa.Column(sa.String(36), nullable=True)


class ResourceProviderAggregate(BASE):
    __tablename__ = 'resource_provider_aggregates'
    __table_args__ = (
        sa.Index('resource_provider_aggregates_aggregate_id_idx',
                 'aggregate_id'),
        _TABLE_ARGS,
    )

    resource_provider_id = sa.Column(
        sa.Integer, primary_key=True, nullable=False, autoincrement=False)
    aggregate_id = sa.Column(
        sa.Integer, primary_key=True, nullable=False, autoincrement=False)


class Trait(BASE):
    __tablename__ = 'traits'
    __table_args__ = (
        sa.UniqueConstraint('name', name='uniq_traits0name'),
        _TABLE_ARGS,
    )

    id = sa.Column(sa.Integer, primary_key=True, nullable=False,
                   autoincrement=True)
    name = sa.Column(sa.Unicode(255), nullable=False)


class ResourceProviderTrait(BASE):
    __tablename__ = 'resource_provider_traits'
    __table_args__ = (
        sa.Index('resource_provider_traits_resource_provider_trait_idx',
                 'resource_provider_id', 'trait_id'),
        _TABLE_ARGS,
    )

    trait_id = sa.Column(sa.Integer, sa.ForeignKey('traits.id'),
                         primary_key=True, nullable=False,
                         autoincrement=False)
    resource_provider_id = sa.Column(
        sa.Integer, sa.ForeignKey('resource_providers.id'),
        primary_key=True, nullable=False, autoincrement=False)


class Project(BASE):
    __tablename__ = 'projects'
    __table_args__ = (
        sa.UniqueConstraint('external_id', name='uniq_projects0external_id'),
        _TABLE_ARGS,
    )

    id = sa.Column(sa.Integer, primary_key=True, nullable=False,
                   autoincrement=True)
    external_id = sa.Column(sa.String(255), nullable=False)


class User(BASE):
    __tablename__ = 'users'
    __table_args__ = (
        sa.UniqueConstraint('external_id', name='uniq_users0external_id'),
        _TABLE_ARGS,
    )

    id = sa.Column(sa.Integer, primary_key=True, nullable=False,
                   autoincrement=True)
    external_id = sa.Column(sa.String(255), nullable=False)


class ConsumerType(BASE):
    __tablename__ = 'consumer_types'
    __table_args__ = (
        sa.UniqueConstraint('name', name='uniq_consumer_types0name'),
        _TABLE_ARGS,
    )

    id = sa.Column(sa.Integer, primary_key=True, nullable=False,
                   autoincrement=True)
    name = sa.Column(sa.Unicode(255), nullable=False)


class Consumer(BASE):
    __tablename__ = 'consumers'
    __table_args__ = (
        sa.Index('consumers_project_id_uuid_idx', 'project_id', 'uuid'),
        sa.Index('consumers_project_id_user_id_uuid_idx',
                 'project_id', 'user_id', 'uuid'),
        sa.Index('consumers_consumer_type_id_idx', 'consumer_type_id'),
        sa.UniqueConstraint('uuid', name='uniq_consumers0uuid'),
        _TABLE_ARGS,
    )

    id = sa.Column(sa.Integer, primary_key=True, nullable=False,
                   autoincrement=True)
    uuid = sa.Column(sa.String(36), nullable=False)
    project_id = sa.Column(sa.Integer, nullable=False)
    user_id = sa.Column(sa.Integer, nullable=False)
    generation = sa.Column(sa.Integer, nullable=False, server_default='0',
                           default=0)
    # NULL is the consumer type "unknown".
    consumer_type_id = sa.Column(
        sa.Integer,
        sa.ForeignKey('consumer_types.id',
                      name='consumers_consumer_type_id_fkey'),
        nullable=True)
