/** The only writer of `signup_applications` and their `application_notes`. */
import { Injectable } from '@nestjs/common';
import type { ApplicationStatus } from '@corpweb/shared-types';
import type { DataSource } from 'typeorm';
import { execute, isoTimeOf, prepared, select, selectOne, type Executor } from '../../common/database/sql.js';

/** An application with who decided it and the member it created (login IDs; null until decided). */
export interface ApplicationRow {
  id: number;
  status: ApplicationStatus;
  /** null only for rows from before numbers were stored, until ReceiptNumbers.fillMissing reaches them */
  receipt_number: string | null;
  corporate_number: string;
  company_name: string;
  company_name_kana: string;
  postal_code: string;
  address: string;
  company_phone: string;
  admin_name: string;
  admin_name_kana: string;
  admin_department: string;
  admin_email: string;
  admin_phone: string;
  terms_version: string;
  consent_at: Date;
  consent_ip: string;
  consent_user_agent: string;
  received_at: Date;
  decided_at: Date | null;
  decided_by: string | null;
  rejection_reason: string | null;
  member_login_id: string | null;
}

/** What a list row and the detail's head show: the times as ISO text from MariaDB (isoTimeOf). */
export type ApplicationSummaryRow = Pick<ApplicationRow, 'id' | 'status' | 'receipt_number' | 'corporate_number' | 'company_name' | 'admin_name'> & {
  received_iso: string;
  decided_iso: string | null;
};

const SUMMARY_TIMES = `${isoTimeOf('received_at')} AS received_iso, ${isoTimeOf('decided_at')} AS decided_iso`;

const SELECT_APPLICATION = `SELECT a.*, ${SUMMARY_TIMES}, s.login_id AS decided_by, m.login_id AS member_login_id
  FROM signup_applications a LEFT JOIN staff s ON s.id = a.decided_by_staff_id LEFT JOIN members m ON m.id = a.member_id`;

export interface NewApplication {
  corporateNumber: string;
  companyName: string;
  companyNameKana: string;
  postalCode: string | null;
  address: string;
  companyPhone: string | null;
  adminName: string;
  adminNameKana: string;
  adminDepartment: string;
  adminEmail: string;
  adminPhone: string | null;
  termsVersion: string;
  consentIp: string;
  consentUserAgent: string;
}

@Injectable()
export class SignupApplicationsRepository {
  /**
   * A RECEIVED application with its consent evidence; `active_corporate_number` carries the unique key that allows
   * one live application per corporate number (isDuplicateKey 'uq_application_active_corporate_number').
   */
  async insertReceived(db: Executor, app: NewApplication, now: Date): Promise<number> {
    const { insertId } = await execute(
      db,
      `INSERT INTO signup_applications (status, corporate_number, active_corporate_number, company_name, company_name_kana,
         postal_code, address, company_phone, admin_name, admin_name_kana, admin_department, admin_email, admin_phone,
         terms_version, consent_at, consent_ip, consent_user_agent, received_at)
       VALUES ('RECEIVED', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [app.corporateNumber, app.corporateNumber, app.companyName, app.companyNameKana, app.postalCode, app.address, app.companyPhone,
        app.adminName, app.adminNameKana, app.adminDepartment, app.adminEmail, app.adminPhone, app.termsVersion, now, app.consentIp,
        app.consentUserAgent, now],
    );
    return insertId;
  }

  /** The number derived at submission, in the submission's transaction (the id it derives from comes with the INSERT). */
  async setReceiptNumber(db: Executor, id: number, receiptNumber: string): Promise<void> {
    await execute(db, 'UPDATE signup_applications SET receipt_number = ? WHERE id = ?', [receiptNumber, id]);
  }

  /**
   * Applications from before numbers were stored. The index is forced: once none is left, the optimizer would
   * otherwise walk the whole table in id order to find that out, at every start (test/query-plans).
   */
  withoutReceiptNumber(db: Executor, limit: number): Promise<Pick<ApplicationRow, 'id' | 'received_at'>[]> {
    return select<Pick<ApplicationRow, 'id' | 'received_at'>>(
      db, 'SELECT id, received_at FROM signup_applications FORCE INDEX (ix_application_receipt_number) WHERE receipt_number IS NULL LIMIT ?', [limit],
    );
  }

  /** One statement for a batch; a row another instance filled meanwhile keeps its (identical) number. */
  async fillReceiptNumbers(db: Executor, numbers: { id: number; receiptNumber: string }[]): Promise<void> {
    if (numbers.length === 0) return;
    await execute(
      db,
      `UPDATE signup_applications SET receipt_number = CASE id ${numbers.map(() => 'WHEN ? THEN ?').join(' ')} END
        WHERE id IN (${numbers.map(() => '?').join(', ')}) AND receipt_number IS NULL`,
      [...numbers.flatMap(({ id, receiptNumber }) => [id, receiptNumber]), ...numbers.map(({ id }) => id)],
    );
  }

  /** Keyset page on the primary key, newest first: page 1,000 costs what page 1 costs. */
  listNewestFirst(dataSource: DataSource, filter: { status?: ApplicationStatus; beforeId?: number }, limit: number): Promise<ApplicationSummaryRow[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.status) { where.push('status = ?'); params.push(filter.status); }
    if (filter.beforeId) { where.push('id < ?'); params.push(filter.beforeId); }
    return prepared<ApplicationSummaryRow[]>(
      dataSource,
      `SELECT id, status, receipt_number, corporate_number, company_name, admin_name, ${SUMMARY_TIMES} FROM signup_applications
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`,
      [...params, limit],
    );
  }

  findWithDecision(db: Executor, id: number): Promise<(ApplicationRow & ApplicationSummaryRow) | undefined> {
    return selectOne<ApplicationRow & ApplicationSummaryRow>(db, `${SELECT_APPLICATION} WHERE a.id = ?`, [id]);
  }

  /** Only the application's own columns (decided_by and member_login_id are not read). */
  findById(db: Executor, id: number): Promise<ApplicationRow | undefined> {
    return selectOne<ApplicationRow>(db, 'SELECT * FROM signup_applications WHERE id = ?', [id]);
  }

  async exists(db: Executor, id: number): Promise<boolean> {
    return (await selectOne(db, 'SELECT id FROM signup_applications WHERE id = ?', [id])) !== undefined;
  }

  notesOf(db: Executor, applicationId: number): Promise<{ created_at: Date; login_id: string; text: string }[]> {
    return select<{ created_at: Date; login_id: string; text: string }>(
      db,
      'SELECT n.created_at, s.login_id, n.text FROM application_notes n JOIN staff s ON s.id = n.staff_id WHERE n.application_id = ? ORDER BY n.id',
      [applicationId],
    );
  }

  /**
   * The state transition itself: only a RECEIVED application can be decided, once (false otherwise). A rejection
   * frees the corporate number for a new application.
   */
  async decide(db: Executor, id: number, status: 'APPROVED' | 'REJECTED', staffId: number, reason: string | null, now: Date): Promise<boolean> {
    const { affectedRows } = await execute(
      db,
      `UPDATE signup_applications SET status = ?, decided_at = ?, decided_by_staff_id = ?, rejection_reason = ?,
              active_corporate_number = IF(? = 'REJECTED', NULL, active_corporate_number)
        WHERE id = ? AND status = 'RECEIVED'`,
      [status, now, staffId, reason, status, id],
    );
    return affectedRows === 1;
  }

  async linkMember(db: Executor, id: number, memberId: number): Promise<void> {
    await execute(db, 'UPDATE signup_applications SET member_id = ? WHERE id = ?', [memberId, id]);
  }

  async addNote(db: Executor, id: number, staffId: number, text: string, now: Date): Promise<void> {
    await execute(db, 'INSERT INTO application_notes (application_id, staff_id, text, created_at) VALUES (?, ?, ?, ?)', [id, staffId, text, now]);
  }
}
