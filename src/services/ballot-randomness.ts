// Node's randomness and SHA-256 for the pure ballot crypto (src/domain/ballot-crypto.ts), shared by
// opening, voting and closing.
import crypto from 'node:crypto';
import type { BallotCryptoDeps } from '../domain/ballot-crypto';

export const ballotCryptoDeps: BallotCryptoDeps = {
  randomBytes: (n) => new Uint8Array(crypto.randomBytes(n)),
  sha256: (data) => new Uint8Array(crypto.createHash('sha256').update(data).digest()),
};
