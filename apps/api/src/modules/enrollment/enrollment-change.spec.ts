import { AUDIT_ACTION_OF_CHANGE, enrollmentChange } from './enrollment-change.js';

describe('enrollment change', () => {
  it('no enrollment, or one without a secure ID (a provisional phone), is a registration', () => {
    expect(enrollmentChange(undefined)).toBe('REGISTERED');
    expect(enrollmentChange({ secure_id: null })).toBe('REGISTERED');
  });

  it('an enrollment with a secure ID is changed, and audited as a change', () => {
    expect(enrollmentChange({ secure_id: 'yamada.keiri' })).toBe('CHANGED');
    expect(AUDIT_ACTION_OF_CHANGE[enrollmentChange({ secure_id: 'yamada.keiri' })]).toBe('ENROLLMENT_CHANGED');
    expect(AUDIT_ACTION_OF_CHANGE.REGISTERED).toBe('ENROLLMENT_REGISTERED');
  });
});
