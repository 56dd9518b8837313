/**
 * Every email and SMS the service sends, one file per message (emails/, sms/), each in Japanese and English: an
 * email carries both languages, an SMS the one of the person it is for. The footer, the shared shape and the date
 * formats are in email-content.ts, the one-segment rule for SMS in sms/one-segment.ts. Callers use
 * `Emails.x(...)` / `Sms.x(...)`.
 */
import { applicationReceived } from './emails/application-received.js';
import { applicationApproved } from './emails/application-approved.js';
import { applicationRejected } from './emails/application-rejected.js';
import { passwordReset } from './emails/password-reset.js';
import { passwordChanged } from './emails/password-changed.js';
import { loginIdReminder } from './emails/login-id-reminder.js';
import { enrollmentAccepted } from './emails/enrollment-accepted.js';
import { enrollmentCancelled } from './emails/enrollment-cancelled.js';
import { reregistrationRequired } from './emails/reregistration-required.js';
import { enrollmentCode } from './sms/enrollment-code.js';
import { challengeCode } from './sms/challenge-code.js';

export {
  ENGLISH_FOLLOWS, businessTime, emailFooter, formatBusinessTime, formatBusinessTimeEn,
  type BusinessTime, type EmailContent, type FooterPurpose, type MessageLocale,
} from './email-content.js';

export const Emails = { applicationReceived, applicationApproved, applicationRejected, passwordReset, passwordChanged, loginIdReminder, enrollmentAccepted, enrollmentCancelled, reregistrationRequired };

export const Sms = { enrollmentCode, challengeCode };
