/** Stops the API processes and drops the browser run's database. */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mysql from 'mysql2/promise';

export default async function globalTeardown(): Promise<void> {
  const file = join(tmpdir(), `corpweb-browser-${process.pid}.json`);
  if (!existsSync(file)) return;
  const { pids, server, database } = JSON.parse(readFileSync(file, 'utf8')) as { pids: number[]; server: string; database: string };
  for (const pid of pids) {
    try {
      process.kill(pid);
    } catch {
      // already gone
    }
  }
  rmSync(file);
  const url = new URL(server);
  const connection = await mysql.createConnection({ host: url.hostname, port: Number(url.port || 3306), user: decodeURIComponent(url.username) || 'root', password: decodeURIComponent(url.password) });
  await connection.query(`DROP DATABASE IF EXISTS \`${database}\``);
  await connection.end();
}
