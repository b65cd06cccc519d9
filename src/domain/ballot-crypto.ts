// R4 secret ballot, tallied without ever decrypting a single vote: additively homomorphic
// ("exponential") ElGamal over the RFC 3526 2048-bit MODP group 14 (p = 2q + 1, q prime).
//
// Each vote is a one-hot vector over VOTE_ORDER (同意/不同意/弃权): for every choice i a pair
// (c1, c2) = (g^r, g^{m_i} · h^r) with m_i ∈ {0, 1} and a fresh uniform r. Multiplying pairs adds
// the hidden m's, so a file's ballot box is the component-wise product of its votes and only that
// product is ever decrypted: g^M = c2 · c1^{-x}, M ≤ number of voters, found by counting up.
//
// The private exponent x belongs to one ballot and never enters the database: the committee office
// holds it as the 计票密钥 (a 128-bit secret in Crockford base32 with a checksum; x is derived from
// it), the database holds only h = g^x. Without x a ciphertext says nothing about its choice (DDH
// in the order-q subgroup), so a database copy, its WAL and its backups cannot link a voter's
// transaction to a choice.
//
// Limits (say them, don't hide them): whoever holds BOTH the tally key and a copy of the database
// from before the tally (dead row versions, WAL, a backup) can decrypt the box before and after a
// voter's transaction and so learn that vote; only a key shared among experts (threshold
// decryption) or a mix-net would remove that. The server process sees each choice in memory while
// it encrypts it; it writes no plaintext.
//
// Pure: randomness and SHA-256 are passed in (the service gives Node's crypto).
import type { Refusal } from './state-machine';

/** RFC 3526 §3, 2048-bit MODP group (id 14): a safe prime. */
const P = BigInt(
  '0x' +
    'FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74' +
    '020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F1437' +
    '4FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED' +
    'EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF05' +
    '98DA48361C55D39A69163FA8FD24CF5F83655D23DCA3AD961C62F356208552BB' +
    '9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B' +
    'E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF695581718' +
    '3995497CEA956AE515D2261898FA051015728E5A8AACAA68FFFFFFFFFFFFFFFF',
);
/** Order of the subgroup of squares; prime. */
const Q = (P - 1n) / 2n;
/** 4 = 2² is a square ≠ 1, so it generates the order-q subgroup. */
const G = 4n;

export const BALLOT_GROUP = { p: P, q: Q, g: G } as const;
/** Bytes of one group element, big-endian, zero-padded: every stored value has the same length. */
export const ELEMENT_BYTES = 256;

/** Position of each choice in the one-hot vector. */
export const VOTE_ORDER = ['approve', 'reject', 'abstain'] as const;
export type BallotChoice = (typeof VOTE_ORDER)[number];

export interface Ciphertext {
  c1: bigint;
  c2: bigint;
}
/** One ciphertext per entry of VOTE_ORDER. */
export type BallotVector = Ciphertext[];

export interface BallotCryptoDeps {
  randomBytes: (n: number) => Uint8Array;
  sha256: (data: Uint8Array) => Uint8Array;
}

export function modPow(base: bigint, exp: bigint, mod: bigint): bigint {
  let result = 1n;
  let b = base % mod;
  let e = exp;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % mod;
    b = (b * b) % mod;
    e >>= 1n;
  }
  return result;
}

function toBigInt(bytes: Uint8Array): bigint {
  let n = 0n;
  for (const b of bytes) n = (n << 8n) | BigInt(b);
  return n;
}

function toBytes(n: bigint, length: number): Uint8Array {
  const out = new Uint8Array(length);
  let v = n;
  for (let i = length - 1; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  if (v !== 0n) throw new RangeError('数值超出长度');
  return out;
}

/** An element of the order-q subgroup (what h and every c1, c2 must be). */
export function isGroupElement(y: bigint): boolean {
  return y > 1n && y < P && modPow(y, Q, P) === 1n;
}

/** Uniform r in [1, q−1] by rejection sampling (q has 2047 bits, so about half the draws pass). */
export function randomExponent(deps: Pick<BallotCryptoDeps, 'randomBytes'>): bigint {
  for (;;) {
    const bytes = deps.randomBytes(ELEMENT_BYTES);
    bytes[0] = bytes[0]! & 0x7f; // 2047 bits
    const r = toBigInt(bytes);
    if (r > 0n && r < Q) return r;
  }
}

// ── The tally key (计票密钥) ──────────────────────────────────────────────────────────────────

/** Crockford base32: no I, L, O, U; read case-insensitively, I/L as 1 and O as 0. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** 128 secret bits + 12 checksum bits = 140 bits = 28 characters, shown as 7 groups of 4. */
const SECRET_BYTES = 16;
const KEY_CHARS = 28;
const CHECK_BITS = 12n;
const DERIVE_LABEL = new TextEncoder().encode('zhiping ballot tally key v1\0');

function checksum(secret: Uint8Array, deps: Pick<BallotCryptoDeps, 'sha256'>): bigint {
  return toBigInt(deps.sha256(secret).subarray(0, 2)) >> (16n - CHECK_BITS);
}

/** x = SHA-256(label ‖ secret) as a 256-bit exponent (< q); 2^128 secrets make guessing hopeless. */
function exponentOf(secret: Uint8Array, deps: Pick<BallotCryptoDeps, 'sha256'>): bigint {
  const data = new Uint8Array(DERIVE_LABEL.length + secret.length);
  data.set(DERIVE_LABEL);
  data.set(secret, DERIVE_LABEL.length);
  const x = toBigInt(deps.sha256(data));
  return x === 0n ? 1n : x;
}

function formatKey(secret: Uint8Array, deps: Pick<BallotCryptoDeps, 'sha256'>): string {
  let bits = (toBigInt(secret) << CHECK_BITS) | checksum(secret, deps);
  const chars: string[] = [];
  for (let i = 0; i < KEY_CHARS; i++) {
    chars.unshift(ALPHABET[Number(bits & 31n)]!);
    bits >>= 5n;
  }
  return chars.join('').match(/.{4}/g)!.join('-');
}

export function publicKeyOf(x: bigint): bigint {
  return modPow(G, x, P);
}

/**
 * A fresh key for one ballot: `tallyKey` goes to the committee office once and is then forgotten;
 * only `publicKey` is stored.
 */
export function newTallyKey(deps: BallotCryptoDeps): { tallyKey: string; publicKey: bigint } {
  const secret = deps.randomBytes(SECRET_BYTES);
  return { tallyKey: formatKey(secret, deps), publicKey: publicKeyOf(exponentOf(secret, deps)) };
}

/** The private exponent from a typed tally key, or why the text cannot be a tally key. */
export function parseTallyKey(text: string, deps: Pick<BallotCryptoDeps, 'sha256'>): { x: bigint } | Refusal {
  const clean = text
    .toUpperCase()
    .replace(/[\s\-–—_]/g, '')
    .replace(/[IL]/g, '1')
    .replace(/O/g, '0');
  const bad: Refusal = { code: 'TALLY_KEY_INVALID', message: '计票密钥格式不正确：应为28位字母和数字（可按4位一组用短横线分隔），请核对后重新输入' };
  if (clean.length !== KEY_CHARS || [...clean].some((c) => !ALPHABET.includes(c))) return bad;
  let bits = 0n;
  for (const c of clean) bits = (bits << 5n) | BigInt(ALPHABET.indexOf(c));
  const secret = toBytes(bits >> CHECK_BITS, SECRET_BYTES);
  if ((bits & ((1n << CHECK_BITS) - 1n)) !== checksum(secret, deps)) {
    return { code: 'TALLY_KEY_INVALID', message: '计票密钥有误（校验不符），可能有字符输错，请核对打印或保存的密钥后重新输入' };
  }
  return { x: exponentOf(secret, deps) };
}

// ── Votes and the ballot box ──────────────────────────────────────────────────────────────────

/**
 * The box before any vote: a fresh encryption of 0 for every choice. Not the plain (1, 1), so the
 * version the first voter replaces looks like every later one.
 */
export function emptyBox(h: bigint, deps: Pick<BallotCryptoDeps, 'randomBytes'>): BallotVector {
  return VOTE_ORDER.map(() => {
    const r = randomExponent(deps);
    return { c1: modPow(G, r, P), c2: modPow(h, r, P) };
  });
}

/** One vote as a one-hot vector, each entry encrypted under the ballot's public key h. */
export function encryptVote(h: bigint, choice: BallotChoice, deps: Pick<BallotCryptoDeps, 'randomBytes'>): BallotVector {
  return VOTE_ORDER.map((c) => {
    const r = randomExponent(deps);
    const gm = c === choice ? G : 1n;
    return { c1: modPow(G, r, P), c2: (gm * modPow(h, r, P)) % P };
  });
}

/** Homomorphic addition: the box now also holds `vote`. */
export function addVote(box: BallotVector, vote: BallotVector): BallotVector {
  return box.map((b, i) => ({ c1: (b.c1 * vote[i]!.c1) % P, c2: (b.c2 * vote[i]!.c2) % P }));
}

/**
 * Totals per choice (VOTE_ORDER) of a whole box, or null if some total is not in 0…maxVotes
 * (wrong key or a damaged box). Only ever called on a box, never on a single vote.
 */
export function decryptTotals(box: BallotVector, x: bigint, maxVotes: number): number[] | null {
  const totals: number[] = [];
  for (const { c1, c2 } of box) {
    // g^M = c2 · (c1^x)^{-1}; the inverse by Fermat, p prime
    const gm = (c2 * modPow(modPow(c1, x, P), P - 2n, P)) % P;
    let acc = 1n;
    let m = 0;
    while (acc !== gm && m < maxVotes) {
      acc = (acc * G) % P;
      m++;
    }
    if (acc !== gm) return null;
    totals.push(m);
  }
  return totals;
}

/** Fixed layout: c1 ‖ c2 per choice in VOTE_ORDER, each ELEMENT_BYTES long. */
export function encodeBox(box: BallotVector): Uint8Array {
  const out = new Uint8Array(box.length * 2 * ELEMENT_BYTES);
  box.forEach((ct, i) => {
    out.set(toBytes(ct.c1, ELEMENT_BYTES), 2 * i * ELEMENT_BYTES);
    out.set(toBytes(ct.c2, ELEMENT_BYTES), (2 * i + 1) * ELEMENT_BYTES);
  });
  return out;
}

export function decodeBox(bytes: Uint8Array): BallotVector {
  if (bytes.length !== VOTE_ORDER.length * 2 * ELEMENT_BYTES) throw new RangeError(`投票箱长度不符：${bytes.length}`);
  const at = (k: number) => toBigInt(bytes.subarray(k * ELEMENT_BYTES, (k + 1) * ELEMENT_BYTES));
  return VOTE_ORDER.map((_, i) => ({ c1: at(2 * i), c2: at(2 * i + 1) }));
}

export function encodeElement(y: bigint): Uint8Array {
  return toBytes(y, ELEMENT_BYTES);
}

export function decodeElement(bytes: Uint8Array): bigint {
  return toBigInt(bytes);
}
