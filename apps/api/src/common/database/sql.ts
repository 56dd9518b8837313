/**
 * Thin typed helpers over TypeORM's query runner. Security-critical statements (counters, state transitions)
 * are written as explicit SQL so their atomicity is visible where they are used.
 */
import type { EntityManager } from 'typeorm';

export type Executor = Pick<EntityManager, 'query'>;

export interface WriteResult {
  affectedRows: number;
  insertId: number;
}

export async function select<T>(db: Executor, sql: string, params: unknown[] = []): Promise<T[]> {
  return (await db.query(sql, params)) as T[];
}

export async function selectOne<T>(db: Executor, sql: string, params: unknown[] = []): Promise<T | undefined> {
  const rows = await select<T>(db, sql, params);
  return rows[0];
}

export async function execute(db: Executor, sql: string, params: unknown[] = []): Promise<WriteResult> {
  const result = (await db.query(sql, params)) as { affectedRows: number; insertId: number };
  return { affectedRows: result.affectedRows, insertId: Number(result.insertId) };
}

export function isDuplicateKey(error: unknown, key?: string): boolean {
  const err = error as { code?: string; driverError?: { code?: string; sqlMessage?: string }; message?: string };
  const code = err?.driverError?.code ?? err?.code;
  if (code !== 'ER_DUP_ENTRY') return false;
  return key === undefined || (err.driverError?.sqlMessage ?? err.message ?? '').includes(key);
}
