/** Drops the run's database (KEEP_TEST_DATABASE=true keeps it for inspection). */
import mysql from 'mysql2/promise';

export default async function globalTeardown(): Promise<void> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url || process.env.KEEP_TEST_DATABASE === 'true') return;
  const parsed = new URL(url);
  const connection = await mysql.createConnection({
    host: parsed.hostname, port: Number(parsed.port || 3306), user: decodeURIComponent(parsed.username), password: decodeURIComponent(parsed.password),
  });
  await connection.query(`DROP DATABASE IF EXISTS \`${parsed.pathname.slice(1)}\``);
  await connection.end();
}
