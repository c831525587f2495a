import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { TenantResolver } from '../../tenancy/auth.types';
import { Tenant } from './tenant.entity';
import { TenantsController } from './tenants.controller';
import { TenantsService } from './tenants.service';

/** Global so the TenantGuard (cross-cutting) can resolve keys through TenantResolver. */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([Tenant])],
  controllers: [TenantsController],
  providers: [TenantsService, { provide: TenantResolver, useExisting: TenantsService }],
  exports: [TenantsService, TenantResolver],
})
export class TenantsModule {}
