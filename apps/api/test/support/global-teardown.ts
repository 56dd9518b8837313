/** Drops the run's database (KEEP_TEST_DATABASE=true keeps it for inspection). */
import mysql from 'mysql2/promise';

export default async function globalTeardown(): Promise<void> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url || process.env.KEEP_TEST_DATABASE === 'true') return;
  const parsed = new URL(url);
  const connection = await mysql.createConnection({
    host: parsed.hostname, port: Number(parsed.port || 3306), user: decodeURIComponent(parsed.username), password: decodeURIComponent(parsed.password),
  });
  // the template and every test file's clone of it
  const template = parsed.pathname.slice(1);
  const [rows] = await connection.query<mysql.RowDataPacket[]>('SHOW DATABASES');
  for (const { Database: name } of rows) {
    if (name === template || String(name).startsWith(`${template}_`)) await connection.query(`DROP DATABASE IF EXISTS \`${name}\``);
  }
  await connection.end();
}
