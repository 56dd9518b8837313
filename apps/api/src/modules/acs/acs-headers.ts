/**
 * Response headers of the ACS. Everything refuses to be framed, except the challenge pages, which live inside
 * any merchant's iframe (frame-ancestors *) and may post only to the ACS itself and, on the last page, to the
 * merchant's notificationURL.
 */
export function defaultAcsHeaders(secure: boolean): Record<string, string> {
  return {
    'content-security-policy': "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
    'x-frame-options': 'DENY',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-store',
    'cross-origin-resource-policy': 'same-site',
    ...(secure ? { 'strict-transport-security': 'max-age=31536000; includeSubDomains' } : {}),
  };
}

export function challengePageHeaders(publicUrl: string, formTarget?: string): Record<string, string> {
  const self = new URL(publicUrl).origin;
  const formAction = ["'self'", self, ...(formTarget && formTarget !== self ? [formTarget] : [])].join(' ');
  return {
    'content-security-policy':
      `default-src 'none'; style-src ${self}; script-src ${self}; img-src ${self} data:; form-action ${formAction}; frame-ancestors *; base-uri 'none'`,
    'cross-origin-resource-policy': 'cross-origin',
  };
}
