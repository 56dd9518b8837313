/** The only writer of `signup_applications` and their `application_notes`. */
import { Injectable } from '@nestjs/common';
import { execute, type Executor } from '../../common/database/sql.js';

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
