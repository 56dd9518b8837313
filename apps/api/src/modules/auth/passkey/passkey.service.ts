/**
 * WebAuthn passkeys (issue 10 point 5, PCI DSS 8.4.2) with @simplewebauthn/server: registration and assertion
 * ceremonies for staff (a second factor standing for the TOTP code) and members (an optional passkey-first login).
 *
 * Challenges: 32 random bytes from the library, stored only as SHA-256, valid CHALLENGE_TTL_SECONDS, single use —
 * the answer's clientDataJSON names its challenge and one conditional UPDATE claims it *before* the signature is
 * checked, so a replayed or concurrently reused answer, and a second try on the same challenge, fail. Each
 * challenge is bound to its purpose, and:
 *   - REGISTRATION: to its owner and to the session that asked for it (another session cannot finish it);
 *   - STAFF_SECOND_FACTOR: to the staff member whose password was just right (the pre-login proof); only that
 *     member's credentials are allowed and accepted;
 *   - MEMBER_LOGIN: to nothing (discoverable credentials: the passkey itself says whose it is).
 * Every answer needs user verification (PIN or biometrics on the authenticator), the origin WEB_ORIGIN and the
 * RP ID of the config; the signature counter must move forward (a clone of the key shows as a counter that does
 * not), and the new counter is stored by a conditional UPDATE so two answers with the same counter cannot both win.
 */
import { Inject, Injectable } from '@nestjs/common';
import { createHash, createHmac, hkdfSync } from 'node:crypto';
import {
  generateAuthenticationOptions, generateRegistrationOptions, verifyAuthenticationResponse, verifyRegistrationResponse,
  type AuthenticationResponseJSON, type AuthenticatorTransport, type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { DataSource } from 'typeorm';
import type { PasskeyCredentialJson, PasskeySummary } from '@corpweb/shared-types';
import { Clock, addSeconds } from '../../../common/clock/clock.js';
import { execute, isDuplicateKey, select, selectOne, type Executor } from '../../../common/database/sql.js';
import { AppException } from '../../../common/errors/app.exception.js';
import type { RequestMeta } from '../../../common/http/request-meta.js';
import { RateLimits } from '../../../common/rate-limit/rate-limits.service.js';
import { APP_CONFIG, type AppConfig } from '../../../config/app-config.js';
import { AuditService } from '../../audit/audit.service.js';

export type PasskeyOwnerKind = 'STAFF' | 'MEMBER';
export interface PasskeyOwner {
  kind: PasskeyOwnerKind;
  id: number;
}
type Purpose = 'REGISTRATION' | 'STAFF_SECOND_FACTOR' | 'MEMBER_LOGIN';
export type PasskeyFailureReason =
  | 'MALFORMED' | 'CHALLENGE' | 'UNKNOWN_CREDENTIAL' | 'NOT_OWNER' | 'USER_HANDLE' | 'SIGNATURE' | 'COUNTER';

export const CHALLENGE_TTL_SECONDS = 120;
/** the most passkeys one account may hold */
const MAX_PASSKEYS = 10;
const ALGORITHMS = [-7, -257]; // ES256, RS256
const TRANSPORTS = new Set(['ble', 'cable', 'hybrid', 'internal', 'nfc', 'smart-card', 'usb']);

interface CredentialRow {
  id: number;
  credential_id: Buffer;
  owner_kind: PasskeyOwnerKind;
  owner_id: number;
  public_key: Buffer;
  counter: number;
  transports: string | null;
  backed_up: number;
  name: string;
  created_at: Date;
  last_used_at: Date | null;
}

export type PasskeyLoginResult =
  | { ok: true; owner: PasskeyOwner; credentialId: number }
  | { ok: false; reason: PasskeyFailureReason; owner?: PasskeyOwner; credentialId?: number };

function sha256(value: string | Buffer): Buffer {
  return createHash('sha256').update(value).digest();
}

function b64url(bytes: Buffer): string {
  return bytes.toString('base64url');
}

/** the challenge the browser signed, as it wrote it into clientDataJSON; undefined when that is not readable */
function challengeOf(credential: PasskeyCredentialJson, type: 'webauthn.create' | 'webauthn.get'): string | undefined {
  const encoded = credential.response.clientDataJSON;
  if (typeof encoded !== 'string' || encoded.length > 4096 || !/^[A-Za-z0-9_-]+={0,2}$/.test(encoded)) return undefined;
  try {
    const data = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8')) as { challenge?: unknown; type?: unknown };
    if (data.type !== type || typeof data.challenge !== 'string' || !/^[A-Za-z0-9_-]{16,128}$/.test(data.challenge)) return undefined;
    return data.challenge;
  } catch {
    return undefined;
  }
}

@Injectable()
export class PasskeyService {
  private readonly userHandleKey: Buffer;

  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly rateLimits: RateLimits,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.userHandleKey = Buffer.from(hkdfSync('sha256', config.keys.otpKey, Buffer.alloc(0), 'corpweb webauthn user handle v1', 32));
  }

  /** The WebAuthn user.id of an account: stable, opaque (no login ID or row id on the authenticator). */
  private userHandle(owner: PasskeyOwner): Buffer {
    return createHmac('sha256', this.userHandleKey).update(`${owner.kind}:${owner.id}`).digest().subarray(0, 32);
  }

  async count(owner: PasskeyOwner, db: Executor = this.dataSource): Promise<number> {
    const row = await selectOne<{ n: number }>(
      db, 'SELECT COUNT(*) AS n FROM webauthn_credentials WHERE owner_kind = ? AND owner_id = ?', [owner.kind, owner.id],
    );
    return Number(row?.n ?? 0);
  }

  async list(owner: PasskeyOwner): Promise<PasskeySummary[]> {
    const rows = await this.credentialsOf(owner);
    return rows.map((row) => ({
      id: String(row.id), name: row.name, createdAt: row.created_at.toISOString(), backedUp: Boolean(row.backed_up),
      ...(row.last_used_at ? { lastUsedAt: row.last_used_at.toISOString() } : {}),
    }));
  }

  async remove(owner: PasskeyOwner, id: string, meta: RequestMeta): Promise<void> {
    if (!/^\d{1,19}$/.test(id)) throw new AppException('NOT_FOUND');
    await this.dataSource.transaction(async (manager) => {
      const removed = await execute(
        manager, 'DELETE FROM webauthn_credentials WHERE id = ? AND owner_kind = ? AND owner_id = ?', [id, owner.kind, owner.id],
      );
      if (removed.affectedRows !== 1) throw new AppException('NOT_FOUND');
      await this.audit.append(manager, {
        actorType: owner.kind, actorId: owner.id, action: 'PASSKEY_REMOVED', targetType: 'PASSKEY', targetId: id, meta,
      });
    });
  }

  /** Options for navigator.credentials.create(); the challenge is bound to the owner and the asking session. */
  async registrationOptions(owner: PasskeyOwner, userName: string, sessionHash: Buffer): Promise<Record<string, unknown>> {
    const existing = await this.credentialsOf(owner);
    if (existing.length >= MAX_PASSKEYS) throw new AppException('PASSKEY_REGISTRATION_FAILED');
    const options = await generateRegistrationOptions({
      rpName: this.config.webAuthn.rpName,
      rpID: this.config.webAuthn.rpId,
      userName,
      userID: new Uint8Array(this.userHandle(owner)),
      userDisplayName: userName,
      timeout: CHALLENGE_TTL_SECONDS * 1000,
      attestationType: 'none',
      excludeCredentials: existing.map((row) => ({ id: b64url(row.credential_id), ...this.transportsOf(row) })),
      authenticatorSelection: {
        // a member logs in with the passkey alone, so it must be discoverable; staff name themselves first
        residentKey: owner.kind === 'MEMBER' ? 'required' : 'preferred',
        userVerification: 'required',
      },
      supportedAlgorithmIDs: ALGORITHMS,
    });
    await this.storeChallenge(options.challenge, 'REGISTRATION', owner, sessionHash);
    return options as unknown as Record<string, unknown>;
  }

  /** Verifies the browser's attestation ('none' accepted) and stores the credential; audited either way. */
  async register(owner: PasskeyOwner, sessionHash: Buffer, credential: PasskeyCredentialJson, name: string | undefined, meta: RequestMeta): Promise<PasskeySummary> {
    const fail = async (reason: string): Promise<never> => {
      await this.audit.record({ actorType: owner.kind, actorId: owner.id, action: 'PASSKEY_REGISTRATION_FAILED', meta, detail: { reason } });
      throw new AppException('PASSKEY_REGISTRATION_FAILED');
    };
    const challenge = challengeOf(credential, 'webauthn.create');
    if (!challenge) return fail('MALFORMED');
    if (!(await this.claimChallenge(challenge, 'REGISTRATION', owner, sessionHash))) return fail('CHALLENGE');
    let info;
    try {
      const verified = await verifyRegistrationResponse({
        response: credential as unknown as RegistrationResponseJSON,
        expectedChallenge: challenge,
        expectedOrigin: this.config.webAuthn.origin,
        expectedRPID: this.config.webAuthn.rpId,
        requireUserPresence: true,
        requireUserVerification: true,
        supportedAlgorithmIDs: ALGORITHMS,
      });
      if (!verified.verified) return fail('ATTESTATION');
      info = verified.registrationInfo;
    } catch {
      return fail('ATTESTATION');
    }
    const credentialId = Buffer.from(info.credential.id, 'base64url');
    const transports = (info.credential.transports ?? []).filter((t) => TRANSPORTS.has(t)).join(',') || null;
    const now = this.clock.now();
    const label = (name?.trim() || `パスキー ${now.toISOString().slice(0, 10)}`).slice(0, 64);
    try {
      const id = await this.dataSource.transaction(async (manager) => {
        if ((await this.count(owner, manager)) >= MAX_PASSKEYS) throw new AppException('PASSKEY_REGISTRATION_FAILED');
        const { insertId } = await execute(
          manager,
          `INSERT INTO webauthn_credentials
             (credential_id, credential_id_hash, owner_kind, owner_id, public_key, counter, transports, aaguid, backed_up, name, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          [credentialId, sha256(credentialId), owner.kind, owner.id, Buffer.from(info.credential.publicKey), info.credential.counter,
            transports, info.aaguid, info.credentialBackedUp ? 1 : 0, label, now],
        );
        await this.audit.append(manager, {
          actorType: owner.kind, actorId: owner.id, action: 'PASSKEY_REGISTERED', targetType: 'PASSKEY', targetId: insertId, meta,
          detail: { aaguid: info.aaguid, backedUp: info.credentialBackedUp },
        });
        return insertId;
      });
      return { id: String(id), name: label, createdAt: now.toISOString(), backedUp: info.credentialBackedUp };
    } catch (error) {
      if (isDuplicateKey(error)) return fail('DUPLICATE');
      throw error;
    }
  }

  /**
   * Options for navigator.credentials.get(): for a staff second factor, only that staff member's credentials are
   * allowed and the challenge is bound to them; for a member login, none are named (discoverable credentials).
   */
  async authenticationOptions(purpose: 'STAFF_SECOND_FACTOR' | 'MEMBER_LOGIN', meta: RequestMeta, owner?: PasskeyOwner): Promise<Record<string, unknown>> {
    await this.rateLimits.take([['passkeyChallengesPerIp', meta.ip]]);
    const allowed = owner ? await this.credentialsOf(owner) : [];
    const options = await generateAuthenticationOptions({
      rpID: this.config.webAuthn.rpId,
      timeout: CHALLENGE_TTL_SECONDS * 1000,
      userVerification: 'required',
      allowCredentials: allowed.map((row) => ({ id: b64url(row.credential_id), ...this.transportsOf(row) })),
    });
    await this.storeChallenge(options.challenge, purpose, owner);
    return options as unknown as Record<string, unknown>;
  }

  /**
   * Checks an assertion. A refusal is audited (PASSKEY_LOGIN_FAILED with its reason) and counted per source IP;
   * the caller decides what else it means (staff: a second-factor failure on the account that passed the password).
   */
  async verifyAssertion(purpose: 'STAFF_SECOND_FACTOR' | 'MEMBER_LOGIN', credential: PasskeyCredentialJson, meta: RequestMeta): Promise<PasskeyLoginResult> {
    await this.rateLimits.assertAllowed('passkeyFailuresPerIp', meta.ip);
    const result = await this.check(purpose, credential);
    if (!result.ok) {
      await this.rateLimits.hit('passkeyFailuresPerIp', meta.ip);
      await this.audit.record({
        actorType: result.owner?.kind ?? 'ANONYMOUS', actorId: result.owner?.id, action: 'PASSKEY_LOGIN_FAILED', meta,
        ...(result.credentialId !== undefined ? { targetType: 'PASSKEY', targetId: result.credentialId } : {}),
        detail: { reason: result.reason, purpose },
      });
    }
    return result;
  }

  private async check(purpose: Purpose, credential: PasskeyCredentialJson): Promise<PasskeyLoginResult> {
    const challenge = challengeOf(credential, 'webauthn.get');
    if (!challenge || !/^[A-Za-z0-9_-]{1,1400}$/.test(credential.id) || credential.id !== credential.rawId) {
      return { ok: false, reason: 'MALFORMED' };
    }
    const bound = await selectOne<{ owner_kind: PasskeyOwnerKind | null; owner_id: number | null }>(
      this.dataSource, 'SELECT owner_kind, owner_id FROM webauthn_challenges WHERE challenge_hash = ? AND purpose = ?', [sha256(challenge), purpose],
    );
    const boundOwner = bound?.owner_kind ? { kind: bound.owner_kind, id: Number(bound.owner_id) } : undefined;
    if (!bound || !(await this.claimChallenge(challenge, purpose, boundOwner))) return { ok: false, reason: 'CHALLENGE', owner: boundOwner };
    const rawId = Buffer.from(credential.id, 'base64url');
    const row = await selectOne<CredentialRow>(
      this.dataSource,
      `SELECT id, credential_id, owner_kind, owner_id, public_key, counter, transports, backed_up, name, created_at, last_used_at
         FROM webauthn_credentials WHERE credential_id_hash = ?`,
      [sha256(rawId)],
    );
    const expectedKind: PasskeyOwnerKind = purpose === 'MEMBER_LOGIN' ? 'MEMBER' : 'STAFF';
    if (!row || row.owner_kind !== expectedKind || !row.credential_id.equals(rawId)) return { ok: false, reason: 'UNKNOWN_CREDENTIAL', owner: boundOwner };
    const owner: PasskeyOwner = { kind: row.owner_kind, id: Number(row.owner_id) };
    if (boundOwner && boundOwner.id !== owner.id) return { ok: false, reason: 'NOT_OWNER', owner: boundOwner, credentialId: Number(row.id) };
    const failed = (reason: PasskeyFailureReason): PasskeyLoginResult => ({ ok: false, reason, owner, credentialId: Number(row.id) });
    const userHandle = credential.response.userHandle;
    if (userHandle !== undefined && userHandle !== null && userHandle !== '') {
      if (typeof userHandle !== 'string' || !Buffer.from(userHandle, 'base64url').equals(this.userHandle(owner))) return failed('USER_HANDLE');
    }
    const stored = Number(row.counter);
    let newCounter: number;
    let backedUp: boolean;
    try {
      const verified = await verifyAuthenticationResponse({
        response: credential as unknown as AuthenticationResponseJSON,
        expectedChallenge: challenge,
        expectedOrigin: this.config.webAuthn.origin,
        expectedRPID: this.config.webAuthn.rpId,
        credential: { id: b64url(row.credential_id), publicKey: new Uint8Array(row.public_key), counter: stored, ...this.transportsOf(row) },
        requireUserVerification: true,
      });
      if (!verified.verified) return failed('SIGNATURE');
      newCounter = verified.authenticationInfo.newCounter;
      backedUp = verified.authenticationInfo.credentialBackedUp;
    } catch (error) {
      // the library refuses a counter that did not move forward: a cloned authenticator, or a replay
      return failed(/counter/i.test((error as Error).message ?? '') ? 'COUNTER' : 'SIGNATURE');
    }
    // authenticators without a counter always send 0; otherwise the stored one only moves forward, once
    const moved = await execute(
      this.dataSource,
      'UPDATE webauthn_credentials SET counter = ?, backed_up = ?, last_used_at = ? WHERE id = ? AND (counter < ? OR (counter = 0 AND ? = 0))',
      [newCounter, backedUp ? 1 : 0, this.clock.now(), row.id, newCounter, newCounter],
    );
    if (moved.affectedRows !== 1) return failed('COUNTER');
    return { ok: true, owner, credentialId: Number(row.id) };
  }

  private async storeChallenge(challenge: string, purpose: Purpose, owner?: PasskeyOwner, sessionHash?: Buffer): Promise<void> {
    const now = this.clock.now();
    // expired challenges are swept a few at a time by whoever asks for a new one
    await execute(this.dataSource, 'DELETE FROM webauthn_challenges WHERE expires_at < ? ORDER BY expires_at LIMIT 50', [addSeconds(now, -3600)]);
    await execute(
      this.dataSource,
      `INSERT INTO webauthn_challenges (challenge_hash, purpose, owner_kind, owner_id, session_hash, created_at, expires_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
      [sha256(challenge), purpose, owner?.kind ?? null, owner?.id ?? null, sessionHash ?? null, now, addSeconds(now, CHALLENGE_TTL_SECONDS)],
    );
  }

  /** Single use: one conditional UPDATE; false when unknown, expired, used, or bound to someone or something else. */
  private async claimChallenge(challenge: string, purpose: Purpose, owner?: PasskeyOwner, sessionHash?: Buffer): Promise<boolean> {
    const now = this.clock.now();
    const claimed = await execute(
      this.dataSource,
      `UPDATE webauthn_challenges SET used_at = ?
        WHERE challenge_hash = ? AND purpose = ? AND used_at IS NULL AND expires_at > ?
          AND owner_kind <=> ? AND owner_id <=> ? AND session_hash <=> ?`,
      [now, sha256(challenge), purpose, now, owner?.kind ?? null, owner?.id ?? null, sessionHash ?? null],
    );
    return claimed.affectedRows === 1;
  }

  private credentialsOf(owner: PasskeyOwner): Promise<CredentialRow[]> {
    return select<CredentialRow>(
      this.dataSource,
      `SELECT id, credential_id, owner_kind, owner_id, public_key, counter, transports, backed_up, name, created_at, last_used_at
         FROM webauthn_credentials WHERE owner_kind = ? AND owner_id = ? ORDER BY id`,
      [owner.kind, owner.id],
    );
  }

  private transportsOf(row: CredentialRow): { transports?: AuthenticatorTransport[] } {
    return row.transports ? { transports: row.transports.split(',') as AuthenticatorTransport[] } : {};
  }
}
