/**
 * A software WebAuthn authenticator for e2e tests: a real EC P-256 key pair (node:crypto), real 'none'
 * attestation objects and real assertions, signed over authenticatorData ‖ SHA-256(clientDataJSON) exactly as a
 * browser + authenticator would produce them. The few CBOR items needed (a map of text keys, the COSE key) are
 * encoded by hand. Test knobs: the origin written into clientDataJSON, the counter, a wrong signature.
 */
import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';

const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest();

/** CBOR head: major type + argument (RFC 8949 §3) */
function head(major: number, value: number): Buffer {
  if (value < 24) return Buffer.from([(major << 5) | value]);
  if (value < 0x100) return Buffer.from([(major << 5) | 24, value]);
  const b = Buffer.alloc(3);
  b[0] = (major << 5) | 25;
  b.writeUInt16BE(value, 1);
  return b;
}
const cborText = (text: string) => Buffer.concat([head(3, Buffer.byteLength(text)), Buffer.from(text)]);
const cborBytes = (bytes: Buffer) => Buffer.concat([head(2, bytes.length), bytes]);
/** small integers only: positive (major 0) or negative (major 1, -1 - n) */
const cborInt = (n: number) => (n >= 0 ? head(0, n) : head(1, -1 - n));

export interface SoftCredential {
  id: Buffer;
  privateKey: KeyObject;
  counter: number;
  userHandle?: string;
}

export class SoftAuthenticator {
  origin: string;
  constructor(readonly rpId: string, origin: string) {
    this.origin = origin;
  }

  newCredential(): SoftCredential {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    return { id: randomBytes(16), privateKey, counter: 0 };
  }

  private coseKey(credential: SoftCredential): Buffer {
    const jwk = credential.privateKey.export({ format: 'jwk' });
    const x = Buffer.from(jwk.x!, 'base64url');
    const y = Buffer.from(jwk.y!, 'base64url');
    // {1: 2 (EC2), 3: -7 (ES256), -1: 1 (P-256), -2: x, -3: y}
    return Buffer.concat([head(5, 5), cborInt(1), cborInt(2), cborInt(3), cborInt(-7), cborInt(-1), cborInt(1), cborInt(-2), cborBytes(x), cborInt(-3), cborBytes(y)]);
  }

  private clientData(type: string, challenge: string): Buffer {
    return Buffer.from(JSON.stringify({ type, challenge, origin: this.origin, crossOrigin: false }));
  }

  /** navigator.credentials.create() with the options the API gave: a RegistrationResponseJSON */
  register(options: any, credential = this.newCredential(), flags = 0x45 /* UP | UV | AT */) {
    credential.userHandle = options.user?.id;
    const authData = Buffer.concat([
      sha256(this.rpId), Buffer.from([flags]), Buffer.alloc(4), Buffer.alloc(16) /* aaguid */,
      Buffer.from([credential.id.length >> 8, credential.id.length & 0xff]), credential.id, this.coseKey(credential),
    ]);
    const attestationObject = Buffer.concat([
      head(5, 3), cborText('fmt'), cborText('none'), cborText('attStmt'), head(5, 0), cborText('authData'), cborBytes(authData),
    ]);
    const json = {
      id: credential.id.toString('base64url'), rawId: credential.id.toString('base64url'), type: 'public-key',
      response: {
        clientDataJSON: this.clientData('webauthn.create', options.challenge).toString('base64url'),
        attestationObject: attestationObject.toString('base64url'),
        transports: ['internal'],
      },
      clientExtensionResults: {},
      authenticatorAttachment: 'platform',
    };
    return { credential, json };
  }

  /** navigator.credentials.get(): an AuthenticationResponseJSON; the counter moves forward unless told */
  assert(options: any, credential: SoftCredential, knobs: { counter?: number; badSignature?: boolean; flags?: number; userHandle?: string | null } = {}) {
    credential.counter = knobs.counter ?? credential.counter + 1;
    const counter = Buffer.alloc(4);
    counter.writeUInt32BE(credential.counter);
    const authData = Buffer.concat([sha256(this.rpId), Buffer.from([knobs.flags ?? 0x05 /* UP | UV */]), counter]);
    const clientDataJSON = this.clientData('webauthn.get', options.challenge);
    let signature = sign('sha256', Buffer.concat([authData, sha256(clientDataJSON)]), credential.privateKey);
    if (knobs.badSignature) signature = sign('sha256', Buffer.from('something else'), credential.privateKey);
    const userHandle = knobs.userHandle === undefined ? credential.userHandle : knobs.userHandle;
    return {
      id: credential.id.toString('base64url'), rawId: credential.id.toString('base64url'), type: 'public-key',
      response: {
        clientDataJSON: clientDataJSON.toString('base64url'),
        authenticatorData: authData.toString('base64url'),
        signature: signature.toString('base64url'),
        ...(userHandle ? { userHandle } : {}),
      },
      clientExtensionResults: {},
      authenticatorAttachment: 'platform',
    };
  }
}
