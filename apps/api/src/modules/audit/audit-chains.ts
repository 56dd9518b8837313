/**
 * Audit events are spread over AUDIT_CHAINS independent hash chains so that appending is not one global lock;
 * each chain starts from GENESIS_HASH. The seed migration writes the same values as its own literals (a
 * migration never changes once applied, so runtime code does not import it).
 */
export const AUDIT_CHAINS = 8;
export const GENESIS_HASH = Buffer.alloc(32, 0);
