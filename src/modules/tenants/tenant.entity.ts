import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

@Entity({ name: 'tenants' })
export class Tenant {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  name!: string;

  /** SHA-256 of the API key: the key itself is shown once and never stored. */
  @Index('uq_tenants_api_key_hash', { unique: true })
  @Column({ name: 'api_key_hash', type: 'char', length: 64 })
  apiKeyHash!: string;

  /** The key's first characters, so an operator can tell keys apart without holding one. */
  @Column({ name: 'api_key_prefix', type: 'text' })
  apiKeyPrefix!: string;

  @Column({ name: 'api_key_issued_at', type: 'timestamptz' })
  apiKeyIssuedAt!: Date;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
