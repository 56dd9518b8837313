/** `pnpm start` on a fresh machine creates the database when it is missing. */
import mysql from 'mysql2/promise';
import { parseDatabaseUrl } from './connection-options.js';

export async function ensureDatabase(databaseUrl: string): Promise<void> {
  const { database, host, port, username, password } = parseDatabaseUrl(databaseUrl);
  const connection = await mysql.createConnection({ host, port, user: username, password });
  try {
    await connection.query(
      `CREATE DATABASE IF NOT EXISTS \`${database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
    );
  } finally {
    await connection.end();
  }
}
