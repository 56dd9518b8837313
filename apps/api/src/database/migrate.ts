/** `pnpm migrate`: creates the database when missing and applies pending migrations. */
import { loadConfig } from '../config/app-config.js';
import { createDataSource } from './data-source.js';
import { ensureDatabase } from './ensure-database.js';

export async function migrate(databaseUrl: string): Promise<string[]> {
  await ensureDatabase(databaseUrl);
  const dataSource = createDataSource(databaseUrl);
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((migration) => migration.name);
  } finally {
    await dataSource.destroy();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const applied = await migrate(loadConfig().databaseUrl);
  console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
}
