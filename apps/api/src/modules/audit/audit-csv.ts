/**
 * CSV of the audit log for staff (opened in Excel, hence the UTF-8 BOM and CRLF). Every cell is quoted, and a
 * cell that a spreadsheet would run as a formula (starting with = + - @, or a tab or CR) gets a leading `'`
 * (OWASP "CSV injection"): an attacker controls user agents, login IDs typed at the login form and company names.
 * Only what the screen shows is written: masked card numbers, never more card data.
 */
import { dateParts } from '../../common/clock/date-formats.js';
import { auditActionLabel, auditActorTypeLabel, auditDetailText, auditTargetText, type AuditEvent, type AuditLocale } from '@corpweb/shared-types';

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return `"${safe.replace(/"/g, '""')}"`;
}

const HEADERS: Record<AuditLocale, string[]> = {
  ja: ['日時', '操作', '操作コード', '操作者の種別', '操作者のログインID', '対象', 'IPアドレス', '詳細', 'ユーザーエージェント', 'イベントID'],
  en: ['Time', 'Action', 'Action code', 'Actor type', 'Actor login ID', 'Target', 'IP address', 'Detail', 'User agent', 'Event ID'],
};

/** `2026-12-01 12:34:56` in the business time zone: seconds matter when reading an incident. */
export function formatAuditTime(iso: string, timeZone: string): string {
  const parts = dateParts(new Date(iso), 'en-GB', {
    timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
  });
  const get = (type: 'year' | 'month' | 'day' | 'hour' | 'minute' | 'second') => parts[type] ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}:${get('second')}`;
}

export function auditCsv(events: AuditEvent[], locale: AuditLocale, timeZone: string): string {
  const lines = [HEADERS[locale].map(csvCell).join(',')];
  for (const event of events) {
    lines.push([
      formatAuditTime(event.occurredAt, timeZone),
      auditActionLabel(event.action, locale),
      event.action,
      auditActorTypeLabel(event.actorType, locale),
      event.actorLoginId ?? '',
      auditTargetText(event, locale),
      event.ip ?? '',
      auditDetailText(event.detail, locale),
      event.userAgent ?? '',
      event.id,
    ].map(csvCell).join(','));
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
