/** Numbers that are part of the product's rules. Both sides read them from here. */
export const Limits = {
  pinLength: 4,
  pinMaxConsecutiveFailures: 3,
  inquiryTtlSeconds: 10 * 60,
  otpLength: 6,
  otpTtlSeconds: 5 * 60,
  otpMaxWrongTries: 5,
  otpResendMinIntervalSeconds: 60,
  otpMaxSendsPerPhonePerHour: 5,
  secureIdMinLength: 6,
  secureIdMaxLength: 20,
  passwordMinLength: 8,
  passwordMaxLength: 64,
  loginMaxConsecutiveFailures: 5,
  loginLockoutSeconds: 30 * 60,
  sessionIdleTimeoutSeconds: 15 * 60,
  sessionAbsoluteTimeoutSeconds: 8 * 60 * 60,
  passwordSetupTokenTtlSeconds: 72 * 60 * 60,
  passwordResetTokenTtlSeconds: 60 * 60,
  applicationListMaxPageSize: 100,
  auditListMaxPageSize: 200,
  /** rows in one CSV export of the audit log (a narrower filter gets the rest) */
  auditExportMaxRows: 10_000,
  cardImportMaxBytes: 50 * 1024 * 1024,
  acsMaxWrongAnswers: 3,
  acsMaxOtpResends: 3,
  acsChallengeTimeoutSeconds: 600,
  acsCreqTimeoutSeconds: 30,
  /** consecutive wrong answers to a fixed-password challenge, across challenges, that lock the credential */
  acsPasswordMaxConsecutiveFailures: 5,
  acsSessionDataMaxBytes: 1024,
  rejectionReasonMaxLength: 1000,
  cardSearchMaxPageSize: 200,
  /** login IDs as typed into a search or login field */
  loginIdMaxLength: 64,
} as const;

/** The sign-up form's column limits (characters), checked by the API's DTO and shown by the SPA's form. */
export const SignupMaxLength = {
  company: { name: 200, nameKana: 200, corporateNumber: 13, postalCode: 8, address: 300, phone: 20 },
  administrator: { name: 100, nameKana: 100, department: 100, email: 254, phone: 20 },
  termsVersion: 20,
} as const;
