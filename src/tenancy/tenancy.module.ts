import { Global, Module } from '@nestjs/common';
import { TenantKeyCache } from './tenant-key-cache';

/** The per-instance cache of the guard's tenant lookup, shared with the code that rotates keys. */
@Global()
@Module({
  providers: [TenantKeyCache],
  exports: [TenantKeyCache],
})
export class TenancyModule {}
