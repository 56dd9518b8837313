import type { DataSource } from 'typeorm';
import { eventually } from './eventually.js';

export interface OutboxAttempts {
  attempts: number;
  status: string;
}

/**
 * Waits until the outbox has recorded at least `atLeast` attempts of one message and returns its row. A test
 * moves the manual clock past a back-off only after this: the worker counts the back-off from the clock at the
 * moment it records the failure, so a clock moved while a send is still in flight can leave the retry never due.
 */
export async function outboxAttemptsRecorded(
  db: DataSource,
  message: { dedupeKey: string } | { recipient: string },
  atLeast: number,
): Promise<OutboxAttempts> {
  const [column, value] = 'dedupeKey' in message ? ['dedupe_key', message.dedupeKey] : ['recipient', message.recipient];
  return eventually(async () => {
    const [row] = await db.query(`SELECT attempts, status FROM outbox_messages WHERE ${column} = ?`, [value]);
    return row && Number(row.attempts) >= atLeast ? { attempts: Number(row.attempts), status: row.status } : undefined;
  }, `attempt ${atLeast} of the outbox message to ${value} recorded`, { timeoutMs: 10_000 });
}
