/** The console's keyset cursor: the last row's created_at and acs_trans_id, opaque to clients (base64url). */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface AcsCursor {
  createdAt: Date;
  acsTransId: string;
}

export function encodeAcsCursor(cursor: AcsCursor): string {
  return Buffer.from(`${cursor.createdAt.getTime()}.${cursor.acsTransId}`).toString('base64url');
}

export function decodeAcsCursor(value: string): AcsCursor | undefined {
  if (!/^[A-Za-z0-9_-]{1,80}$/.test(value)) return undefined;
  const match = /^(\d{1,15})\.(.+)$/.exec(Buffer.from(value, 'base64url').toString('utf8'));
  if (!match || !UUID.test(match[2]!)) return undefined;
  return { createdAt: new Date(Number(match[1])), acsTransId: match[2]! };
}
