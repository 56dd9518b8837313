/** The audit sealer chains committed events within a second; tests that read chain columns seal first instead of waiting. */
import { AuditSealer } from '../../src/modules/audit/audit-sealer.service.js';
import type { TestApp } from './test-app.js';

export async function sealAudit(h: TestApp): Promise<void> {
  while ((await h.app.get(AuditSealer).sealPending()) > 0) { /* until nothing committed is left unsealed */ }
}
