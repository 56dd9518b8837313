/**
 * What a registration does to a card's enrollment: the first one with a secure ID is a 登録 (REGISTERED), any
 * later one a 変更 (CHANGED). A provisional-phone enrollment the issuer set has no secure ID yet, so the
 * administrator's first registration over it still counts as a registration.
 */
export type EnrollmentChange = 'REGISTERED' | 'CHANGED';

export function enrollmentChange(previous: { secure_id: string | null } | undefined): EnrollmentChange {
  return previous?.secure_id ? 'CHANGED' : 'REGISTERED';
}

export const AUDIT_ACTION_OF_CHANGE = { REGISTERED: 'ENROLLMENT_REGISTERED', CHANGED: 'ENROLLMENT_CHANGED' } as const;
