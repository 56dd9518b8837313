/** One DataSource definition for the app, the migration CLI and the tests. Never `synchronize`. */
import { DataSource, type DataSourceOptions } from 'typeorm';
import { parseDatabaseUrl } from './connection-options.js';
import { migrations } from './migrations/index.js';

export function dataSourceOptions(databaseUrl: string): DataSourceOptions {
  const connection = parseDatabaseUrl(databaseUrl);
  return {
    type: 'mysql',
    ...connection,
    charset: 'utf8mb4_unicode_ci',
    // every DATETIME is UTC; the business time zone is applied only when formatting
    timezone: 'Z',
    synchronize: false,
    migrationsRun: false,
    migrations,
    migrationsTableName: 'schema_migrations',
    entities: [],
    supportBigNumbers: true,
    bigNumberStrings: false,
    poolSize: 16,
    // trace: false — mysql2 otherwise captures a stack trace for every query (8 % of the API's CPU under
    // card-inquiry load, bench/profile.mjs); a failing query's error still carries its SQL state and message
    extra: { connectTimeout: 5_000, enableKeepAlive: true, maxIdle: 16, idleTimeout: 60_000, trace: false },
    logging: false,
  };
}

export function createDataSource(databaseUrl: string): DataSource {
  return new DataSource(dataSourceOptions(databaseUrl));
}
