// Password hashing, below the services so that the seed and test fixtures can hash without them.
// argon2id with the library's defaults (m=19 MiB, t=2, p=1: OWASP's minimum).
import { hash, verify } from '@node-rs/argon2';

const ARGON2ID = 2;

// A hash of no one's password: checked when the user is unknown, so timing does not reveal who exists.
const DUMMY_HASH =
  '$argon2id$v=19$m=19456,t=2,p=1$ArJZXnWPVSwRqODeHAjXWg$2r77S5REX2fh4upO5ioV4kop46XNPKveVuoyFZcFjR0';

export function hashPassword(password: string): Promise<string> {
  return hash(password, { algorithm: ARGON2ID });
}

/** False for a wrong password, a malformed hash, or no user (`stored` null), in about the same time. */
export async function verifyPassword(stored: string | null | undefined, password: string): Promise<boolean> {
  const ok = await verify(stored ?? DUMMY_HASH, password).catch(() => false);
  return ok && !!stored;
}
