/** Cookie reading without dependencies, shared by the API client and the header (which must stay small). */

/** Reads a cookie by name, also accepting the `__Host-` prefixed form the API uses over HTTPS. */
export function readCookie(name: string, cookieHeader: string = globalThis.document?.cookie ?? ''): string | undefined {
  for (const part of cookieHeader.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const key = part.slice(0, eq).trim();
    if (key === name || key === `__Host-${name}`) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return part.slice(eq + 1).trim();
      }
    }
  }
  return undefined;
}

/** The readable CSRF cookies that the API sets next to each HttpOnly session cookie. */
export const CSRF_COOKIES = { member: 'corpweb_csrf', staff: 'corpweb_staff_csrf' } as const;
