/**
 * The names an email or SMS is stored under in the outbox (the `template` column): one per message of the API's
 * notifications/ folder. The dev outbox page and the tests find messages by them.
 */
export const EmailTemplates = [
  'application-received', 'application-approved', 'application-rejected', 'password-reset', 'password-changed',
  'login-id-reminder', 'enrollment-accepted', 'enrollment-cancelled', 'reregistration-required',
] as const;
export type EmailTemplate = (typeof EmailTemplates)[number];

export const SmsTemplates = ['enrollment-otp', 'acs-challenge-otp'] as const;
export type SmsTemplate = (typeof SmsTemplates)[number];

export type OutboxTemplate = EmailTemplate | SmsTemplate;
