/**
 * Records every SQL statement the app runs through TypeORM (its logger sees each one), for tests about which
 * statements run: query plans, idle polling.
 */
import type { Logger } from 'typeorm';
import type { TestApp } from './test-app.js';

export interface RecordedStatement {
  sql: string;
  params: unknown[];
  /** the connection's query runner: statements of one transaction share it */
  runner?: object;
}

export function recordStatements(h: Pick<TestApp, 'db'>): { statements: RecordedStatement[]; stop(): void } {
  const statements: RecordedStatement[] = [];
  const original = h.db.logger;
  let recording = true;
  const logger: Logger = {
    logQuery: (sql, params, runner) => { if (recording) statements.push({ sql, params: Array.isArray(params) ? params : [], runner }); },
    logQueryError: () => undefined,
    logQuerySlow: () => undefined,
    logSchemaBuild: () => undefined,
    logMigration: () => undefined,
    log: () => undefined,
  };
  Object.defineProperty(h.db, 'logger', { value: logger, configurable: true, writable: true });
  return {
    statements,
    stop() {
      recording = false;
      Object.defineProperty(h.db, 'logger', { value: original, configurable: true, writable: true });
    },
  };
}
