import type { AuditEvent } from '@corpweb/shared-types';
import { auditCsv, csvCell, formatAuditTime } from './audit-csv.js';

describe('audit CSV', () => {
  it.each(['=HYPERLINK("http://evil")', '+1+1', '-2+3', '@SUM(A1)', '\tx', '\rx'])('neutralises %p', (value) => {
    expect(csvCell(value).startsWith(`"'`)).toBe(true);
  });

  it('quotes every cell and doubles quotes', () => {
    expect(csvCell('a "b", c')).toBe('"a ""b"", c"');
    expect(csvCell('3540 **** **** 1234')).toBe('"3540 **** **** 1234"');
  });

  it('shows the time to the second in the business time zone', () => {
    expect(formatAuditTime('2026-12-01T03:04:05.678Z', 'Asia/Tokyo')).toBe('2026-12-01 12:04:05');
  });

  it('writes labels, the actor login ID and the masked target, with a BOM for Excel', () => {
    const event: AuditEvent = {
      id: '7', occurredAt: '2026-12-01T03:04:05.000Z', actorType: 'STAFF', actorId: '1', actorLoginId: '=cmd', action: 'PIN_UNLOCKED',
      targetType: 'CARD', targetId: '3', targetLabel: '3540 **** **** 1234(株式会社サンプル)', ip: '127.0.0.1', detail: { wasLocked: true, failCount: 3 },
    };
    const csv = auditCsv([event], 'ja', 'Asia/Tokyo');
    expect(csv.startsWith('\uFEFF"日時","操作"')).toBe(true);
    const row = csv.split('\r\n')[1]!;
    expect(row).toBe('"2026-12-01 12:04:05","暗証番号ロックの解除","PIN_UNLOCKED","事務局スタッフ","\'=cmd","3540 **** **** 1234(株式会社サンプル)","127.0.0.1","ロック中だった:はい / 失敗回数:3","","7"');
  });
});

describe('audit CSV targets without a label', () => {
  it('names the target type', () => {
    const csv = auditCsv([{ id: '1', occurredAt: '2026-12-01T00:00:00.000Z', actorType: 'SYSTEM', action: 'CARD_IMPORT_FAILED', targetType: 'CARD_IMPORT', targetId: '3' }], 'ja', 'Asia/Tokyo');
    expect(csv).toContain('"カード取込 #3"');
  });
});
