"""initial schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-27 06:29:18.713775
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import app.db.types

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('citizens',
    sa.Column('personal_id', sa.String(length=12), nullable=False),
    sa.Column('full_name', sa.String(length=120), nullable=False),
    sa.Column('date_of_birth', sa.Date(), nullable=False),
    sa.Column('sex', sa.String(length=6), nullable=False),
    sa.Column('province_code', sa.String(length=3), nullable=False),
    sa.Column('vneid_level', sa.SmallInteger(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('reference_template', sa.LargeBinary(), nullable=True),
    sa.Column('reference_source', sa.String(length=16), nullable=True),
    sa.Column('reference_updated_at', app.db.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', app.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('personal_id', name=op.f('pk_citizens'))
    )
    op.create_table('clock_state',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sim_anchor', app.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('real_anchor', app.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('speed', sa.Float(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_clock_state'))
    )
    op.create_table('flights',
    sa.Column('flight_id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('flight_no', sa.String(length=8), nullable=False),
    sa.Column('carrier', sa.String(length=2), nullable=False),
    sa.Column('origin', sa.String(length=3), nullable=False),
    sa.Column('destination', sa.String(length=3), nullable=False),
    sa.Column('departure_time', app.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('gate', sa.String(length=8), nullable=False),
    sa.Column('aircraft', sa.String(length=16), nullable=True),
    sa.Column('capacity', sa.Integer(), nullable=True),
    sa.Column('checkin_count', sa.Integer(), nullable=False),
    sa.Column('created_at', app.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('flight_id', name=op.f('pk_flights')),
    sa.UniqueConstraint('flight_no', 'departure_time', name=op.f('uq_flights_flight_no_departure_time'))
    )
    with op.batch_alter_table('flights', schema=None) as batch_op:
        batch_op.create_index('ix_flights_origin_departure', ['origin', 'departure_time'], unique=False)

    op.create_table('journey_events',
    sa.Column('event_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('pnr', sa.String(length=6), nullable=True),
    sa.Column('flight_id', sa.Integer(), nullable=True),
    sa.Column('touchpoint_id', sa.String(length=40), nullable=True),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('decision', sa.String(length=10), nullable=True),
    sa.Column('reason', sa.String(length=40), nullable=True),
    sa.Column('state_from', sa.String(length=20), nullable=True),
    sa.Column('state_to', sa.String(length=20), nullable=True),
    sa.Column('distance', sa.Float(), nullable=True),
    sa.Column('margin', sa.Float(), nullable=True),
    sa.Column('latency_ms', sa.Float(), nullable=True),
    sa.Column('detail', sa.JSON(), nullable=True),
    sa.Column('occurred_at', app.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('recorded_at', app.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('event_id', name=op.f('pk_journey_events'))
    )
    with op.batch_alter_table('journey_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_journey_events_flight_id'), ['flight_id'], unique=False)
        batch_op.create_index('ix_journey_events_occurred', ['occurred_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_journey_events_pnr'), ['pnr'], unique=False)
        batch_op.create_index('uq_journey_events_boarded_once', ['pnr'], unique=True, sqlite_where=sa.text("state_to = 'boarded'"), postgresql_where=sa.text("state_to = 'boarded'"))

    op.create_table('sequence_counters',
    sa.Column('name', sa.String(length=32), nullable=False),
    sa.Column('value', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_sequence_counters'))
    )
    op.create_table('touchpoints',
    sa.Column('touchpoint_id', sa.String(length=40), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('airport', sa.String(length=3), nullable=False),
    sa.Column('location', sa.String(length=80), nullable=False),
    sa.Column('gate', sa.String(length=8), nullable=True),
    sa.Column('api_key_hash', sa.String(length=64), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', app.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('touchpoint_id', name=op.f('pk_touchpoints')),
    sa.UniqueConstraint('api_key_hash', name=op.f('uq_touchpoints_api_key_hash'))
    )
    op.create_table('bookings',
    sa.Column('pnr', sa.String(length=6), nullable=False),
    sa.Column('flight_id', sa.Integer(), nullable=False),
    sa.Column('personal_id', sa.String(length=12), nullable=True),
    sa.Column('full_name', sa.String(length=120), nullable=False),
    sa.Column('document_type', sa.String(length=8), nullable=False),
    sa.Column('document_no', sa.String(length=20), nullable=False),
    sa.Column('nationality', sa.String(length=2), nullable=False),
    sa.Column('seat', sa.String(length=4), nullable=False),
    sa.Column('checked_bags', sa.SmallInteger(), nullable=False),
    sa.Column('special', sa.Boolean(), nullable=False),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('state_changed_at', app.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('checkin_sequence', sa.Integer(), nullable=True),
    sa.Column('failed_attempts', sa.SmallInteger(), nullable=False),
    sa.Column('locked_until', app.db.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', app.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['flight_id'], ['flights.flight_id'], name=op.f('fk_bookings_flight_id_flights')),
    sa.ForeignKeyConstraint(['personal_id'], ['citizens.personal_id'], name=op.f('fk_bookings_personal_id_citizens')),
    sa.PrimaryKeyConstraint('pnr', name=op.f('pk_bookings')),
    sa.UniqueConstraint('flight_id', 'seat', name=op.f('uq_bookings_flight_id_seat'))
    )
    with op.batch_alter_table('bookings', schema=None) as batch_op:
        batch_op.create_index('ix_bookings_flight_state', ['flight_id', 'state'], unique=False)
        batch_op.create_index(batch_op.f('ix_bookings_personal_id'), ['personal_id'], unique=False)

    op.create_table('enrolments',
    sa.Column('enrolment_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('pnr', sa.String(length=6), nullable=False),
    sa.Column('personal_id', sa.String(length=12), nullable=False),
    sa.Column('flight_id', sa.Integer(), nullable=False),
    sa.Column('channel', sa.String(length=8), nullable=False),
    sa.Column('touchpoint_id', sa.String(length=40), nullable=True),
    sa.Column('template', sa.LargeBinary(), nullable=True),
    sa.Column('model', sa.String(length=32), nullable=False),
    sa.Column('distance', sa.Float(), nullable=True),
    sa.Column('quality', sa.JSON(), nullable=True),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('seq', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('consent_at', app.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('created_at', app.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', app.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('withdrawn_at', app.db.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('purged_at', app.db.types.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['flight_id'], ['flights.flight_id'], name=op.f('fk_enrolments_flight_id_flights')),
    sa.ForeignKeyConstraint(['personal_id'], ['citizens.personal_id'], name=op.f('fk_enrolments_personal_id_citizens')),
    sa.ForeignKeyConstraint(['pnr'], ['bookings.pnr'], name=op.f('fk_enrolments_pnr_bookings')),
    sa.PrimaryKeyConstraint('enrolment_id', name=op.f('pk_enrolments')),
    sa.UniqueConstraint('pnr', name=op.f('uq_enrolments_pnr'))
    )
    with op.batch_alter_table('enrolments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_enrolments_flight_id'), ['flight_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_enrolments_seq'), ['seq'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('enrolments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_enrolments_seq'))
        batch_op.drop_index(batch_op.f('ix_enrolments_flight_id'))

    op.drop_table('enrolments')
    with op.batch_alter_table('bookings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_bookings_personal_id'))
        batch_op.drop_index('ix_bookings_flight_state')

    op.drop_table('bookings')
    op.drop_table('touchpoints')
    op.drop_table('sequence_counters')
    with op.batch_alter_table('journey_events', schema=None) as batch_op:
        batch_op.drop_index('uq_journey_events_boarded_once', sqlite_where=sa.text("state_to = 'boarded'"), postgresql_where=sa.text("state_to = 'boarded'"))
        batch_op.drop_index(batch_op.f('ix_journey_events_pnr'))
        batch_op.drop_index('ix_journey_events_occurred')
        batch_op.drop_index(batch_op.f('ix_journey_events_flight_id'))

    op.drop_table('journey_events')
    with op.batch_alter_table('flights', schema=None) as batch_op:
        batch_op.drop_index('ix_flights_origin_departure')

    op.drop_table('flights')
    op.drop_table('clock_state')
    op.drop_table('citizens')
