import { DataSource } from 'typeorm';
import { loadConfig } from './src/config/app-config';
import { dataSourceOptions } from './src/database/data-source-options';

/**
 * The TypeORM CLI's data source (`npm run typeorm -- migration:run`). The application builds its
 * own from the same `dataSourceOptions`, with the entities its modules register.
 */
export default new DataSource({
  ...dataSourceOptions(loadConfig().databaseUrl),
  entities: [__dirname + '/src/**/*.entity.{ts,js}'],
});
