/**
 * The browser half of a passkey ceremony (@simplewebauthn/browser): options from the API in, the credential's
 * JSON out. A cancelled or timed-out browser dialog is not an error to show: it resolves to null.
 */
import { browserSupportsWebAuthn, startAuthentication, startRegistration } from '@simplewebauthn/browser';
import type { PasskeyCredentialJson } from '@corpweb/shared-types';

export const passkeysSupported = (): boolean => browserSupportsWebAuthn();

function cancelled(error: unknown): boolean {
  const name = (error as { name?: string; cause?: { name?: string } })?.cause?.name ?? (error as { name?: string })?.name;
  return name === 'NotAllowedError' || name === 'AbortError';
}

export async function createPasskey(options: Record<string, unknown>): Promise<PasskeyCredentialJson | null> {
  try {
    return (await startRegistration({ optionsJSON: options as never })) as unknown as PasskeyCredentialJson;
  } catch (error) {
    if (cancelled(error)) return null;
    throw error;
  }
}

export async function getPasskey(options: Record<string, unknown>): Promise<PasskeyCredentialJson | null> {
  try {
    return (await startAuthentication({ optionsJSON: options as never })) as unknown as PasskeyCredentialJson;
  } catch (error) {
    if (cancelled(error)) return null;
    throw error;
  }
}
