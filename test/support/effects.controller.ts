import { Body, Controller, Injectable, Post, Res } from '@nestjs/common';
import { IsInt, IsOptional, IsString, Max, Min, IsObject, IsArray } from 'class-validator';
import type { FastifyReply } from 'fastify';
import type { DataSource } from 'typeorm';
import { TransactionContext } from '../../src/database/transaction-context';
import { InvalidStateError } from '../../src/errors/app-error';
import { CurrentTenant, TenantRoute } from '../../src/tenancy/auth.decorators';
import type { TenantPrincipal } from '../../src/tenancy/auth.types';

/** A test-only table: one row per time a handler's effect happened. */
export async function createEffectsTable(dataSource: DataSource): Promise<void> {
  await dataSource.query(`CREATE TABLE IF NOT EXISTS test_effects (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id uuid NOT NULL,
    label text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now())`);
}

export async function countEffects(dataSource: DataSource, label: string): Promise<number> {
  const rows: Array<{ n: number }> = await dataSource.query(
    'SELECT count(*)::int AS n FROM test_effects WHERE label = $1',
    [label],
  );
  return rows[0].n;
}

export class EffectDto {
  @IsString()
  label!: string;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100)
  seats?: number;

  @IsOptional()
  @IsObject()
  meta?: Record<string, unknown>;

  @IsOptional()
  @IsArray()
  tags?: unknown[];
}

/** Lets a test hold a handler mid-flight, or make the next one fail after its write. */
@Injectable()
export class EffectsControl {
  private gate: Promise<void> | null = null;
  private openGate: (() => void) | null = null;
  private entered: (() => void) | null = null;
  failNext = false;

  /** The next handler to run writes its row, then waits until `release()`. */
  holdNext(): { entered: Promise<void>; release: () => void } {
    const entered = new Promise<void>((resolve) => (this.entered = resolve));
    this.gate = new Promise<void>((resolve) => (this.openGate = resolve));
    return { entered, release: () => this.openGate?.() };
  }

  async pass(): Promise<void> {
    const gate = this.gate;
    if (gate === null) return;
    this.gate = null;
    this.entered?.();
    await gate;
  }
}

@TenantRoute()
@Controller('v1/test-effects')
export class EffectsController {
  constructor(
    private readonly tx: TransactionContext,
    private readonly control: EffectsControl,
  ) {}

  /** The same handler under a second path, to prove the path is part of the fingerprint. */
  @Post(['', 'copy'])
  async create(
    @CurrentTenant() tenant: TenantPrincipal,
    @Body() body: EffectDto,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<{ id: string; label: string; transactional: boolean }> {
    const rows: Array<{ id: string }> = await this.tx.manager.query(
      'INSERT INTO test_effects (tenant_id, label) VALUES ($1, $2) RETURNING id',
      [tenant.tenantId, body.label],
    );
    await this.control.pass();
    if (this.control.failNext) {
      this.control.failNext = false;
      throw new InvalidStateError('failing on purpose after the write');
    }
    res.header('Location', `/v1/test-effects/${rows[0].id}`);
    return { id: rows[0].id, label: body.label, transactional: this.tx.active };
  }
}
