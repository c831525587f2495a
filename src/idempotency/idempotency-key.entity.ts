import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

export type IdempotencyKeyStatus = 'processing' | 'completed';

/**
 * One row per (scope, key). `tenant_id` is the tenant's id, or ADMIN_SCOPE for admin requests: a
 * NULL would never collide with itself in the unique index.
 */
@Entity({ name: 'idempotency_keys' })
@Unique('uq_idempotency_keys_tenant_key', ['tenantId', 'key'])
export class IdempotencyKey {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  @Column({ type: 'uuid' })
  key!: string;

  @Column({ type: 'text' })
  status!: IdempotencyKeyStatus;

  @Column({ type: 'char', length: 64 })
  fingerprint!: string;

  @Column({ name: 'fingerprint_version', type: 'smallint' })
  fingerprintVersion!: number;

  @Column({ type: 'text' })
  method!: string;

  @Column({ type: 'text' })
  path!: string;

  /** Who holds the key while it is processing; completion succeeds only with the same token. */
  @Column({ name: 'lock_token', type: 'uuid', nullable: true })
  lockToken!: string | null;

  @Column({ name: 'locked_until', type: 'timestamptz', nullable: true })
  lockedUntil!: Date | null;

  @Column({ name: 'response_status', type: 'integer', nullable: true })
  responseStatus!: number | null;

  /** The response body as sent (text keeps its bytes and key order, which jsonb would not). */
  @Column({ name: 'response_body', type: 'text', nullable: true })
  responseBody!: string | null;

  @Column({ name: 'response_headers', type: 'jsonb', nullable: true })
  responseHeaders!: Record<string, string> | null;

  /**
   * The last phase a multi-phase request (a purchase, a refund) committed, and the row it made:
   * what a retry of this key, or the recovery job, resumes from. NULL for one-transaction routes.
   */
  @Column({ name: 'recovery_point', type: 'text', nullable: true })
  recoveryPoint!: string | null;

  @Column({ name: 'resource_id', type: 'uuid', nullable: true })
  resourceId!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt!: Date | null;

  @Index('ix_idempotency_keys_expires_at')
  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;
}
