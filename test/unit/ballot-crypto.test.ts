// R4 secret ballot: exponential ElGamal over RFC 3526 group 14, decrypted only as a whole box.
import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  BALLOT_GROUP,
  type BallotChoice,
  addVote,
  decodeBox,
  decryptTotals,
  emptyBox,
  encodeBox,
  encryptVote,
  isGroupElement,
  modPow,
  newTallyKey,
  parseTallyKey,
  publicKeyOf,
} from '../../src/domain/ballot-crypto';

const deps = {
  randomBytes: (n: number) => new Uint8Array(crypto.randomBytes(n)),
  sha256: (d: Uint8Array) => new Uint8Array(crypto.createHash('sha256').update(d).digest()),
};

function exponent(key: string): bigint {
  const k = parseTallyKey(key, deps);
  if (!('x' in k)) throw new Error(k.message);
  return k.x;
}

describe('ballot crypto', () => {
  it('uses the RFC 3526 group 14 safe prime with a generator of the order-q subgroup', () => {
    const { p, q, g } = BALLOT_GROUP;
    expect(p.toString(16)).toBe(crypto.getDiffieHellman('modp14').getPrime('hex'));
    expect(p).toBe(2n * q + 1n);
    expect(modPow(g, q, p)).toBe(1n);
    expect(isGroupElement(g)).toBe(true);
  });

  it('formats the tally key as 7 groups of 4 and derives the public key from it', () => {
    const { tallyKey, publicKey } = newTallyKey(deps);
    expect(tallyKey).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){6}$/);
    expect(publicKeyOf(exponent(tallyKey))).toBe(publicKey);
    expect(isGroupElement(publicKey)).toBe(true);
    // read as typed: lower case, spaces, O for 0 and I/L for 1
    const typed = tallyKey.toLowerCase().replace(/-/g, ' ').replace(/0/g, 'o').replace(/1/g, 'l');
    expect(exponent(typed)).toBe(exponent(tallyKey));
  });

  it('refuses a mistyped tally key by its checksum, in Chinese', () => {
    const { tallyKey } = newTallyKey(deps);
    const i = tallyKey.search(/[2-9]/);
    const typo = tallyKey.slice(0, i) + (tallyKey[i] === '2' ? '3' : '2') + tallyKey.slice(i + 1);
    expect(parseTallyKey(typo, deps)).toMatchObject({ code: 'TALLY_KEY_INVALID', message: expect.stringContaining('校验不符') });
    expect(parseTallyKey('ABCD', deps)).toMatchObject({ code: 'TALLY_KEY_INVALID', message: expect.stringContaining('28位') });
    expect(parseTallyKey('', deps)).toMatchObject({ code: 'TALLY_KEY_INVALID' });
  });

  it('round-trips a single vote (test of the arithmetic only; the service decrypts boxes)', () => {
    const { tallyKey, publicKey } = newTallyKey(deps);
    for (const [choice, want] of [['approve', [1, 0, 0]], ['reject', [0, 1, 0]], ['abstain', [0, 0, 1]]] as const) {
      expect(decryptTotals(encryptVote(publicKey, choice, deps), exponent(tallyKey), 1)).toEqual(want);
    }
  });

  it('decrypts the product of the votes to the totals per choice', () => {
    const { tallyKey, publicKey } = newTallyKey(deps);
    const votes: BallotChoice[] = ['approve', 'approve', 'reject', 'abstain', 'approve'];
    let box = emptyBox(publicKey, deps);
    for (const v of votes) box = addVote(box, encryptVote(publicKey, v, deps));
    const stored = decodeBox(encodeBox(box));
    expect(decryptTotals(stored, exponent(tallyKey), votes.length)).toEqual([3, 1, 1]);
    expect(decryptTotals(emptyBox(publicKey, deps), exponent(tallyKey), 0)).toEqual([0, 0, 0]);
  });

  it('gives no totals under another ballot’s key', () => {
    const right = newTallyKey(deps);
    const wrong = newTallyKey(deps);
    let box = emptyBox(right.publicKey, deps);
    for (const v of ['approve', 'reject'] as const) box = addVote(box, encryptVote(right.publicKey, v, deps));
    expect(publicKeyOf(exponent(wrong.tallyKey))).not.toBe(right.publicKey);
    expect(decryptTotals(box, exponent(wrong.tallyKey), 25)).toBeNull();
  });

  it('encrypts the same choice differently every time, in values of fixed length', () => {
    const { publicKey } = newTallyKey(deps);
    const a = encodeBox(encryptVote(publicKey, 'approve', deps));
    const b = encodeBox(encryptVote(publicKey, 'approve', deps));
    const c = encodeBox(encryptVote(publicKey, 'reject', deps));
    expect(a.length).toBe(3 * 2 * 256);
    expect(c.length).toBe(a.length);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(false);
    // no component is shared, and none is the trivial encryption (c1 = 1 would expose g^m)
    const parts = (x: Uint8Array) => Array.from({ length: 6 }, (_, k) => Buffer.from(x.subarray(k * 256, (k + 1) * 256)).toString('hex'));
    const pa = parts(a);
    for (const part of parts(b)) expect(pa).not.toContain(part);
    for (const ct of decodeBox(a)) {
      expect(ct.c1).not.toBe(1n);
      expect(isGroupElement(ct.c1) && isGroupElement(ct.c2)).toBe(true);
    }
  });
});
