import { AppException } from '../errors/app.exception.js';
import { CONCURRENT_HASHES, MAX_QUEUED_HASHES, PasswordHasher } from './password-hasher.service.js';

describe('PasswordHasher admission', () => {
  it('refuses a new operation beyond the queue, but never the second hash of an admitted one', async () => {
    const hasher = new PasswordHasher();
    const admitted = Array.from({ length: CONCURRENT_HASHES + MAX_QUEUED_HASHES }, (_, index) => hasher.hash(`filler-${index}`));
    const refused = hasher.hash('one too many').catch((error: unknown) => error);
    expect(() => hasher.admit()).toThrow(AppException);
    const admittedHash = hasher.hash('second hash of an admitted change', { admitted: true });
    const admittedVerify = hasher.verify(await admitted[0]!, 'filler-0', { admitted: true });

    const error = await refused;
    expect(error).toBeInstanceOf(AppException);
    expect((error as AppException).code).toBe('SERVER_BUSY');
    await expect(admittedHash).resolves.toMatch(/^\$argon2id\$/);
    await expect(admittedVerify).resolves.toBe(true);
    await Promise.all(admitted);
  }, 60_000);
});
