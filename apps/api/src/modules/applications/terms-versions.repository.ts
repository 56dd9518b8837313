/** The terms of use, one row per version; written by migrations only, read here. */
import { Injectable } from '@nestjs/common';
import { selectOne, type Executor } from '../../common/database/sql.js';

export interface TermsVersionRow {
  version: string;
  title: string;
  body: string;
  /** YYYY-MM-DD */
  effective: string;
}

@Injectable()
export class TermsVersionsRepository {
  /** The latest version whose effective date (a calendar day, YYYY-MM-DD) is on or before `day`. */
  inForceOn(db: Executor, day: string): Promise<TermsVersionRow | undefined> {
    return selectOne<TermsVersionRow>(
      db,
      `SELECT version, title, body, DATE_FORMAT(effective_date, '%Y-%m-%d') AS effective FROM terms_versions
        WHERE effective_date <= ? ORDER BY effective_date DESC, id DESC LIMIT 1`,
      [day],
    );
  }
}
