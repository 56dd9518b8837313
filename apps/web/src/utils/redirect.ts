/**
 * `?redirect=` after login may only lead back into this SPA: a path on this origin, never `//host`,
 * `/\host` or an absolute URL, so a crafted login link cannot send someone to another site.
 */
export function safeRedirect(value: unknown, fallback: string): string {
  const candidate = Array.isArray(value) ? value[0] : value;
  if (typeof candidate !== 'string') return fallback;
  if (!candidate.startsWith('/') || candidate.startsWith('//') || candidate.startsWith('/\\')) return fallback;
  if (/[\u0000-\u001f]/.test(candidate)) return fallback;
  return candidate;
}
