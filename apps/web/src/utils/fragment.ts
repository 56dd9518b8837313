/** `#token=abc` → `abc`. The setup/reset links carry the token in the URL fragment (never sent to a server). */
export function tokenFromFragment(hash: string): string | null {
  const params = new URLSearchParams(hash.startsWith('#') ? hash.slice(1) : hash);
  const token = params.get('token');
  return token && /^[A-Za-z0-9_-]{16,256}$/.test(token) ? token : null;
}

/** `#token=…&id=CW12345678` → `CW12345678`: the setup link names the login ID the password is for. */
export function loginIdFromFragment(hash: string): string | null {
  const params = new URLSearchParams(hash.startsWith('#') ? hash.slice(1) : hash);
  const id = params.get('id');
  return id && /^[A-Za-z0-9._-]{1,64}$/.test(id) ? id : null;
}
