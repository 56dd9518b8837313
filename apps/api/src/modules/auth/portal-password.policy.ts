/** Portal passwords follow the fixed-password rules minus card and phone. */
import { AppException } from '../../common/errors/app.exception.js';
import { checkPassword } from '@corpweb/shared-types/password-strength';

export function assertPortalPassword(password: string, loginId: string, field = 'password'): void {
  const codes = checkPassword(password, { loginId });
  if (codes.length > 0) throw AppException.validation(codes.map((code) => ({ field, code })));
}
