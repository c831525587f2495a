import { DataSource } from 'typeorm';
import { loadConfig } from './src/config/app-config';
import { dataSourceOptions } from './src/database/data-source-options';

/**
 * The TypeORM CLI's data source (`npm run typeorm -- migration:run`), over MIGRATIONS_DATABASE_URL
 * (DATABASE_URL unless set) like the service's own migrations. The application builds its own
 * from the same `dataSourceOptions`, with the entities its modules register.
 */
export default new DataSource({
  ...dataSourceOptions(loadConfig().migrationsDatabaseUrl),
  entities: [__dirname + '/src/**/*.entity.{ts,js}'],
});
