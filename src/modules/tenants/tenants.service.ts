import { Injectable } from '@nestjs/common';
import { TransactionContext } from '../../database/transaction-context';
import { NotFoundError } from '../../errors/app-error';
import { apiKeyDisplayPrefix, generateApiKey, hashApiKey } from '../../tenancy/api-key';
import { TenantResolver } from '../../tenancy/auth.types';
import { TenantKeyCache } from '../../tenancy/tenant-key-cache';
import { Tenant } from './tenant.entity';

// Serialises demo seeding across instances that start together.
const DEMO_SEED_LOCK_ID = 724_011_002;

export interface IssuedKey {
  tenant: Tenant;
  apiKey: string;
}

@Injectable()
export class TenantsService implements TenantResolver {
  constructor(
    private readonly tx: TransactionContext,
    private readonly keyCache: TenantKeyCache,
  ) {}

  async create(name: string): Promise<IssuedKey> {
    const apiKey = generateApiKey();
    const repo = this.tx.repository(Tenant);
    const tenant = await repo.save(
      repo.create({
        name,
        apiKeyHash: hashApiKey(apiKey),
        apiKeyPrefix: apiKeyDisplayPrefix(apiKey),
        apiKeyIssuedAt: new Date(),
      }),
    );
    return { tenant, apiKey };
  }

  async get(id: string): Promise<Tenant> {
    const tenant = await this.tx.repository(Tenant).findOneBy({ id });
    if (tenant === null) throw new NotFoundError('tenant', id);
    return tenant;
  }

  /**
   * Issues a new key; the old one stops working in the same statement. The trigger on `tenants`
   * tells every instance's key cache at commit; this instance stops caching the tenant at once.
   */
  async rotateApiKey(id: string): Promise<IssuedKey> {
    const apiKey = generateApiKey();
    this.keyCache.keyChanging(id);
    const result = await this.tx
      .repository(Tenant)
      .createQueryBuilder()
      .update()
      .set({
        apiKeyHash: hashApiKey(apiKey),
        apiKeyPrefix: apiKeyDisplayPrefix(apiKey),
        apiKeyIssuedAt: () => 'now()',
      })
      .where('id = :id', { id })
      .execute();
    if (result.affected !== 1) throw new NotFoundError('tenant', id);
    return { tenant: await this.get(id), apiKey };
  }

  async findByApiKeyHash(hash: string): Promise<{ id: string; name: string } | null> {
    return this.tx
      .repository(Tenant)
      .findOne({ where: { apiKeyHash: hash }, select: { id: true, name: true } });
  }

  /** On the first start with an empty database, a demo tenant so a newcomer can try the API. */
  async seedDemoTenant(): Promise<IssuedKey | null> {
    return this.tx.run(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1)', [DEMO_SEED_LOCK_ID]);
      if ((await manager.getRepository(Tenant).count()) > 0) return null;
      return this.create('Demo Tenant');
    });
  }
}
