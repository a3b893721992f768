import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('raw_event')
export class RawEventEntity {
  @PrimaryColumn('text') topic!: string;
  @PrimaryColumn('integer') partition!: number;
  @PrimaryColumn({ type: 'bigint', name: 'offset' }) offset!: string;
  @Column('bytea', { nullable: true }) key!: Buffer | null;
  @Column('bytea', { nullable: true }) value!: Buffer | null;
  @Column('jsonb') headers!: Record<string, string>;
  @Column('uuid', { nullable: true }) eventId!: string | null;
  @Column('boolean') valid!: boolean;
  @Column('timestamptz') receivedAt!: Date;
}

@Entity('canonical_record')
export class CanonicalRecordEntity {
  @PrimaryColumn('text') entity!: string;
  @PrimaryColumn('text') recordId!: string;
  @Column('text') operation!: string;
  @Column('timestamptz') occurredAt!: Date;
  @Column('text') mapVersion!: string;
  @Column('uuid') lastEventId!: string;
  @Column('jsonb') data!: Record<string, unknown>;
  @Column('timestamptz') updatedAt!: Date;
}

@Entity('dual_write_map_version')
export class DualWriteMapVersionEntity {
  @PrimaryColumn('text') mapName!: string;
  @PrimaryColumn('text') version!: string;
  @Column('text', { nullable: true }) state!: string | null;
  @Column('timestamptz', { nullable: true }) stateAt!: Date | null;
  @Column('timestamptz') firstSeenAt!: Date;
  @Column('timestamptz') lastSeenAt!: Date;
}

export const ingestionEntities = [RawEventEntity, CanonicalRecordEntity, DualWriteMapVersionEntity];
