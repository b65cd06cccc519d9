// Issue 9 item 1, played by the attacker: someone holding a full copy of the database (every heap
// page of every table, dead row versions included, and on PGlite the whole data folder with its
// WAL) after a ballot in which experts voted differently. They find each voter's transaction (the
// xmin of the voter's ballot_cast row) and read every row version that transaction wrote or
// replaced, in every table. Nothing there may tell a 同意 voter from a 不同意 voter, and the tally
// key typed at closing must appear nowhere. On PostgreSQL the pages are read with the standard
// pageinspect extension in the live database; on PGlite with its pageinspect contrib extension
// from a copy of the data folder taken after a CHECKPOINT.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CompiledQuery, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkInvariants } from '../../src/db/invariants';
import { BALLOT_GROUP, ELEMENT_BYTES, VOTE_ORDER, modPow, parseTallyKey } from '../../src/domain/ballot-crypto';
import { ballotCryptoDeps } from '../../src/services/ballot-randomness';
import { createTestSystem, type TestSystem } from '../support/test-system';
import { loginAs, type Client, type Res } from '../support/http-client';
import { createAcceptedFile, createExpert, userId, type AcceptedFile } from '../support/expert-fixtures';

type Choice = 'approve' | 'reject' | 'abstain';
type Query = <R>(text: string, params?: unknown[]) => Promise<R[]>;

interface Version {
  table: string;
  xmin: string;
  xmax: string;
  /** HEAP_XMAX_LOCK_ONLY: xmax only marks a row lock (FOR SHARE/UPDATE); the transaction wrote nothing here. */
  lockOnly: boolean;
  data: string;
  attrs: string[];
}

let sys: TestSystem;
let office: Client;
const experts: Record<string, Client> = {};
const ids: Record<string, number> = {};
let X: AcceptedFile;
let Y: AcceptedFile;
let meetingId: number;
let codes: Record<'X' | 'Y', string>;
let tallyKey: string;
/** The key of the first round, void after the restart. */
let lostKey: string;
/** Ground truth the attacker must not recover: who voted what on which file. */
const BALLOTS: Array<{ who: string; file: 'X' | 'Y'; choice: Choice }> = [
  { who: 'expert1', file: 'X', choice: 'approve' },
  { who: 'expert2', file: 'X', choice: 'reject' },
  { who: 'expert3', file: 'X', choice: 'approve' },
  { who: 'expert4', file: 'X', choice: 'reject' },
  { who: 'expert1', file: 'Y', choice: 'reject' },
  { who: 'expert2', file: 'Y', choice: 'approve' },
  { who: 'expert3', file: 'Y', choice: 'abstain' },
  { who: 'expert4', file: 'Y', choice: 'approve' },
];
const CHOICE_WORDS = ['approve', 'reject', 'abstain', '同意', '不同意', '弃权'];
const hexOf = (s: string) => Buffer.from(s, 'utf8').toString('hex');
const started = Date.now();

function ok(res: Res, status = 200) {
  expect(res.statusCode, res.rawPayload.toString()).toBe(status);
  return res.json();
}

beforeAll(async () => {
  sys = await createTestSystem();
  await createExpert(sys.db, { username: 'expert4', displayName: '专家丁', committeeCode: 'cmt-health', specialties: ['临床医学'], unitOrgCodes: ['hosp'] });
  X = await createAcceptedFile(sys.ctx, { name: '李秀英', seq: 731, unitCode: 'tcm', workUnits: ['伊犁哈萨克自治州中医医院'] });
  Y = await createAcceptedFile(sys.ctx, { name: '马丽娜', seq: 732, unitCode: 'tcm', workUnits: ['伊犁哈萨克自治州中医医院'] });
  office = await loginAs(sys.app, 'committee');
  for (const u of ['expert1', 'expert2', 'expert3', 'expert4']) {
    experts[u] = await loginAs(sys.app, u);
    ids[u] = await userId(sys.db, u);
  }
  meetingId = ok(
    await office.post('/api/committee/meetings', { year: 2026, series: '卫生系列', level: 'middle', title: '无记名投票保密测试', scheduledAt: '2026-03-02T06:00:00Z', reviewersPerFile: 2 }),
    201,
  ).id;
  ok(await office.put(`/api/committee/meetings/${meetingId}/roster`, { expertIds: Object.values(ids) }));
  ok(await office.put(`/api/committee/meetings/${meetingId}/attendance`, { entries: Object.values(ids).map((expertId) => ({ expertId, isPresent: true })) }));
  ok(await office.post(`/api/committee/meetings/${meetingId}/assignments/auto`, { applicationIds: [X.applicationId, Y.applicationId] }));
  const assigned = await sys.db.selectFrom('assignment').innerJoin('application', 'application.id', 'assignment.applicationId').select(['assignment.expertId', 'application.fileCode', 'application.id']).where('assignment.meetingId', '=', meetingId).execute();
  for (const a of assigned) {
    const who = Object.entries(ids).find(([, id]) => id === a.expertId)![0];
    ok(await experts[who]!.put(`/api/expert/files/${a.fileCode}/review`, { opinion: '专业基础扎实，业绩符合条件。', scores: { ability: 25, achievement: 32, academic: 20 }, submit: true }));
  }
  const code = (f: AcceptedFile) => assigned.find((a) => a.id === f.applicationId)!.fileCode!;
  codes = { X: code(X), Y: code(Y) };
  tallyKey = ok(await office.post(`/api/committee/meetings/${meetingId}/ballot/open`)).tallyKey;
  for (const b of BALLOTS) ok(await experts[b.who]!.post(`/api/expert/meetings/${meetingId}/files/${codes[b.file]}/vote`, { choice: b.choice }));
}, 120_000);

afterAll(async () => {
  await checkInvariants(sys.db);
  await sys.close();
});

// ── The attacker's tools ──────────────────────────────────────────────────────────────────────

/** A way to query a full copy of the database, and the files of that copy if there are any. */
async function takeCopy(): Promise<{ query: Query; files: string | null; close: () => Promise<void> }> {
  if (!sys.dataDir) {
    await sql`create extension if not exists pageinspect`.execute(sys.db);
    const query: Query = async (text, params = []) => (await sys.db.executeQuery(CompiledQuery.raw(text, params))).rows as never;
    return { query, files: null, close: async () => {} };
  }
  // PGlite keeps pages in its buffers: a checkpoint writes them out, as a backup would find them
  await sql`checkpoint`.execute(sys.db);
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'zhiping-ballot-copy-'));
  fs.cpSync(sys.dataDir, copy, { recursive: true });
  fs.rmSync(path.join(copy, 'zhiping.lock'), { force: true });
  const { PGlite } = await import('@electric-sql/pglite');
  const { pageinspect } = await import('@electric-sql/pglite/contrib/pageinspect');
  const pg = await PGlite.create({ dataDir: path.join(copy, 'pgdata'), extensions: { pageinspect } });
  await pg.exec('create extension if not exists pageinspect');
  const query: Query = async (text, params = []) => (await pg.query(text, params)).rows as never;
  return {
    query,
    files: copy,
    close: async () => {
      await pg.close();
      fs.rmSync(copy, { recursive: true, force: true });
    },
  };
}

/** Every row version, live or dead, of every table in the public schema, from the raw pages. */
async function readAllVersions(query: Query): Promise<{ versions: Version[]; pruned: number; tables: Map<string, Array<{ name: string; type: string }>> }> {
  const rels = await query<{ relname: string; blocks: number }>(
    `select c.relname as relname, (pg_relation_size(c.oid) / 8192)::int as blocks from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'public' and c.relkind = 'r' order by c.relname`,
  );
  const versions: Version[] = [];
  let pruned = 0;
  const tables = new Map<string, Array<{ name: string; type: string }>>();
  for (const r of rels) {
    tables.set(
      r.relname,
      await query<{ name: string; type: string }>(
        `select attname::text as name, format_type(atttypid, atttypmod) as type from pg_attribute where attrelid = $1::regclass and attnum > 0 order by attnum`,
        [r.relname],
      ),
    );
    for (let blk = 0; blk < r.blocks; blk++) {
      const rows = await query<{ flags: number; xmin: string; xmax: string; infomask: number; data: string; attrs: string }>(
        `with p as (select get_raw_page($1, $2) as page)
         select i.lp_flags as flags, i.t_xmin::text as xmin, i.t_xmax::text as xmax, i.t_infomask as infomask, encode(i.t_data, 'hex') as data,
           array_to_string(array(select coalesce(encode(v, 'hex'), '-') from unnest(a.t_attrs) with ordinality u(v, n) order by n), ',') as attrs
         from p, heap_page_items(p.page) i join heap_page_item_attrs((select page from p), $1::regclass) a on a.lp = i.lp`,
        [r.relname, blk],
      );
      for (const v of rows) {
        // 1 normal; 2 redirect and 3 dead are versions PostgreSQL pruned itself; 0 unused
        if (v.flags === 2 || v.flags === 3) pruned++;
        if (v.flags !== 1) continue;
        versions.push({ table: r.relname, xmin: v.xmin, xmax: v.xmax, lockOnly: (v.infomask & 0x0080) !== 0, data: v.data, attrs: v.attrs.split(',') });
      }
    }
  }
  return { versions, pruned, tables };
}

const int4 = (hex: string) => Buffer.from(hex, 'hex').readInt32LE(0);
const VOTER_COLUMNS = new Set(['expert_id', 'user_id', 'actor_id', 'true_actor_id']);

/**
 * What a version says apart from random values (uuids, long bytea such as ciphertexts) and the
 * voter's own id: two voters whose transactions give equal lists wrote the same facts.
 */
function masked(v: Version, cols: Array<{ name: string; type: string }>, voterId: number): string {
  const parts = v.attrs.map((a, i) => {
    const c = cols[i] ?? { name: `#${i}`, type: '?' };
    if (c.type === 'uuid' || (c.type === 'bytea' && a.length >= 128)) return `${c.name}=<random ${a.length / 2} bytes>`;
    if (VOTER_COLUMNS.has(c.name) && a.length === 8 && int4(a) === voterId) return `${c.name}=<voter>`;
    return `${c.name}=${a}`;
  });
  return `${v.table}(${parts.join(' ')})`;
}

interface Findings {
  versions: number;
  pruned: number;
  tables: number;
  voterTransactions: number;
  recovered: number;
  plaintextInVoterTx: number;
  distinguishable: number;
  trivialCiphertexts: number;
}

function attack(versions: Version[], pruned: number, tables: Map<string, Array<{ name: string; type: string }>>): Findings {
  // 1. the xmin of each ballot_cast version is its voter's transaction
  const castCols = tables.get('ballot_cast')!.map((c) => c.name);
  const voterTx = new Map<string, { expertId: number; applicationId: number }>();
  for (const v of versions.filter((x) => x.table === 'ballot_cast')) {
    const get = (col: string) => int4(v.attrs[castCols.indexOf(col)]!);
    voterTx.set(v.xmin, { expertId: get('expert_id'), applicationId: get('application_id') });
  }
  let recovered = 0;
  let plaintext = 0;
  let trivial = 0;
  const fingerprints = new Map<number, Array<{ expertId: number; print: Map<string, Set<string>> }>>();
  for (const [tx, who] of voterTx) {
    const wrote = versions.filter((v) => v.xmin === tx);
    const replaced = versions.filter((v) => v.xmax === tx && !v.lockOnly);
    const locked = versions.filter((v) => v.xmax === tx && v.lockOnly);
    // 2. a choice in plain text anywhere the transaction touched
    if ([...wrote, ...replaced, ...locked].some((v) => CHOICE_WORDS.some((w) => v.data.includes(hexOf(w))))) plaintext++;
    // 3. new facts minus the facts it replaced: what this vote added
    const gone = replaced.map((v) => masked(v, tables.get(v.table)!, who.expertId));
    const added = wrote.filter((v) => {
      const k = masked(v, tables.get(v.table)!, who.expertId);
      const i = gone.indexOf(k);
      if (i >= 0) gone.splice(i, 1);
      return i < 0;
    });
    const truth = BALLOTS.find((b) => ids[b.who] === who.expertId && (b.file === 'X' ? X : Y).applicationId === who.applicationId)!.choice;
    const guess = VOTE_ORDER.find((c) => added.some((v) => v.data.includes(hexOf(c))));
    if (guess === truth) recovered++;
    // 4. the ciphertext: the box after this vote divided by the box before is this vote's
    //    encryption; with c1 = 1 its c2 would be g^m in the clear
    const before = replaced.find((v) => v.table === 'ballot_box');
    const after = wrote.find((v) => v.table === 'ballot_box');
    if (before && after) {
      const boxCols = tables.get('ballot_box')!.map((c) => c.name);
      const el = (v: Version, k: number) => {
        const hex = v.attrs[boxCols.indexOf('ciphertext')]!;
        // varlena with a 4-byte header (1536 bytes do not fit a 1-byte one)
        return BigInt('0x' + hex.slice(8 + k * 2 * ELEMENT_BYTES, 8 + (k + 1) * 2 * ELEMENT_BYTES));
      };
      const { p, g } = BALLOT_GROUP;
      for (let k = 0; k < 6; k += 2) {
        const inv = (y: bigint) => modPow(y, p - 2n, p);
        const d1 = (el(after, k) * inv(el(before, k))) % p;
        const d2 = (el(after, k + 1) * inv(el(before, k + 1))) % p;
        if (d1 === 1n || d2 === 1n || d2 === g) trivial++;
      }
    }
    // PostgreSQL prunes dead versions on its own (a full page of boxes is pruned on the next
    // write), so a transaction's versions may be partly gone: compare what survives, per table and
    // direction, as sets of non-random facts
    const print = new Map<string, Set<string>>();
    for (const [dir, vs] of [['+', wrote], ['-', replaced]] as const) {
      for (const v of vs) {
        const k = `${dir}${v.table}`;
        print.set(k, (print.get(k) ?? new Set()).add(masked(v, tables.get(v.table)!, who.expertId)));
      }
    }
    fingerprints.set(who.applicationId, [...(fingerprints.get(who.applicationId) ?? []), { expertId: who.expertId, print }]);
  }
  // 5. voters who wrote, in some table, other non-random facts than a co-voter on the same file
  const same = (a: Set<string>, b: Set<string>) => a.size === b.size && [...a].every((x) => b.has(x));
  let distinguishable = 0;
  for (const prints of fingerprints.values()) {
    for (const me of prints) {
      const differs = prints.some((other) => [...me.print].some(([k, mine]) => other.print.has(k) && !same(mine, other.print.get(k)!)));
      if (differs) distinguishable++;
    }
  }
  return { versions: versions.length, pruned, tables: tables.size, voterTransactions: voterTx.size, recovered, plaintextInVoterTx: plaintext, distinguishable, trivialCiphertexts: trivial };
}

/** The tally key in every form it could be stored: as typed, without dashes, the secret, x. */
function keyNeedles(key: string): Buffer[] {
  const parsed = parseTallyKey(key, ballotCryptoDeps);
  if (!('x' in parsed)) throw new Error(parsed.message);
  const xHex = parsed.x.toString(16).padStart(64, '0');
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  let bits = 0n;
  for (const c of key.replace(/-/g, '')) bits = (bits << 5n) | BigInt(alphabet.indexOf(c));
  const secret = Buffer.from((bits >> 12n).toString(16).padStart(32, '0'), 'hex');
  return [key, key.replace(/-/g, ''), key.toLowerCase(), key.replace(/-/g, '').toLowerCase(), xHex, parsed.x.toString()].map((s) => Buffer.from(s, 'utf8')).concat([Buffer.from(xHex, 'hex'), secret]);
}

/** Places in the copy where a needle appears: every page of every relation, and every file. */
async function findKey(copy: { query: Query; files: string | null }, needles: Buffer[]): Promise<string[]> {
  const hits = await copy.query<{ relname: string; blk: number }>(
    `select c.relname::text as relname, b as blk from pg_class c cross join lateral generate_series(0, (pg_relation_size(c.oid) / 8192)::int - 1) b
     where c.relkind in ('r', 'i', 't', 'm') and c.relpersistence = 'p'
       and exists (select 1 from unnest($1::text[]) k where position(decode(k, 'hex') in get_raw_page(c.oid::regclass::text, b)) > 0)`,
    [needles.map((n) => n.toString('hex'))],
  );
  const found = hits.map((h) => `${h.relname}#${h.blk}`);
  const files: string[] = [];
  if (copy.files) {
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const f = path.join(dir, e.name);
        if (e.isDirectory()) walk(f);
        else files.push(f);
      }
    };
    walk(copy.files);
    for (const f of files) {
      const bytes = fs.readFileSync(f);
      if (needles.some((n) => bytes.includes(n))) found.push(path.relative(copy.files, f));
    }
  } else {
    // PostgreSQL: the WAL written since this test began
    const wal = await copy.query<{ name: string }>(`select name from pg_ls_waldir() where modification >= $1 order by name`, [new Date(started - 60_000)]);
    for (const w of wal) {
      const [r] = await copy.query<{ data: Buffer }>(`select pg_read_binary_file('pg_wal/' || $1) as data`, [w.name]);
      if (needles.some((n) => Buffer.from(r!.data).includes(n))) found.push(`pg_wal/${w.name}`);
    }
  }
  return found;
}

// ── The attack ────────────────────────────────────────────────────────────────────────────────

describe('the secret ballot against a full copy of the database', () => {
  it('links no voter to a choice: no plain choice, no differing facts, no trivial ciphertext, no key', async () => {
    const copy = await takeCopy();
    try {
      const { versions, pruned, tables } = await readAllVersions(copy.query);
      const f = attack(versions, pruned, tables);
      console.info(`[ballot-secrecy] ${sys.dataDir ? 'PGlite' : 'PostgreSQL'}: ${JSON.stringify(f)}`);
      // the attacker does find every voter's transaction (the xmin link exists) ...
      expect(f.voterTransactions).toBe(BALLOTS.length);
      // ... and learns nothing from it
      expect(f.plaintextInVoterTx, 'voter transactions holding a choice in plain text').toBe(0);
      expect(f.recovered, 'choices recovered from what a voter transaction added').toBe(0);
      expect(f.distinguishable, 'voters whose transactions wrote other non-random facts than their co-voters').toBe(0);
      expect(f.trivialCiphertexts, 'encrypted votes readable without the key').toBe(0);
      expect(await findKey(copy, keyNeedles(tallyKey)), 'tally key before closing').toEqual([]);
      // the search does see the database: the public key, stored once, is found
      const h = await sys.db.selectFrom('meeting').select('ballotPublicKey').where('id', '=', meetingId).executeTakeFirstOrThrow();
      expect(await findKey(copy, [Buffer.from(h.ballotPublicKey!)])).toEqual(expect.arrayContaining(['meeting#0']));
    } finally {
      await copy.close();
    }
  }, 180_000);

  it('restarts a ballot whose key was lost: votes void, a new key, the old one refused', async () => {
    lostKey = tallyKey;
    const restarted = ok(await office.post(`/api/committee/meetings/${meetingId}/ballot/restart`));
    tallyKey = restarted.tallyKey;
    expect(tallyKey).not.toBe(lostKey);
    expect(restarted.meeting.status).toBe('voting');
    const progress = ok(await office.get(`/api/committee/meetings/${meetingId}/tally`));
    expect(progress.files.map((f: { votesCast: number }) => f.votesCast)).toEqual([0, 0]);
    const old = await office.post(`/api/committee/meetings/${meetingId}/ballot/close`, { tallyKey: lostKey });
    expect(old.statusCode).toBe(422);
    expect(old.json().code).toBe('TALLY_KEY_MISMATCH');
    const audit = await sys.db.selectFrom('auditLog').select(['action', 'detail']).where('action', '=', 'ballot_restart').execute();
    expect(audit).toEqual([{ action: 'ballot_restart', detail: { meetingId, voided: BALLOTS.length } }]);
    // everyone votes again, as before
    for (const b of BALLOTS) ok(await experts[b.who]!.post(`/api/expert/meetings/${meetingId}/files/${codes[b.file]}/vote`, { choice: b.choice }));
  });

  it('tallies with the key and keeps no trace of it, nor of the boxes', async () => {
    const t = ok(await office.post(`/api/committee/meetings/${meetingId}/ballot/close`, { tallyKey }));
    const by = Object.fromEntries(t.files.map((x: { fileCode: string }) => [x.fileCode, x]));
    // X: 2 同意 of 4 < 3 needed; Y: 2 同意, 1 不同意, 1 弃权 → fails too
    expect(by[codes.X]).toMatchObject({ eligible: 4, approve: 2, reject: 2, abstain: 0, passed: false });
    expect(by[codes.Y]).toMatchObject({ eligible: 4, approve: 2, reject: 1, abstain: 1, passed: false });
    expect(await sys.db.selectFrom('ballotBox').select('meetingId').execute()).toEqual([]);
    const m = await sys.db.selectFrom('meeting').select('ballotPublicKey').where('id', '=', meetingId).executeTakeFirstOrThrow();
    expect(m.ballotPublicKey).toBeNull();
    const copy = await takeCopy();
    try {
      expect(await findKey(copy, [...keyNeedles(tallyKey), ...keyNeedles(lostKey)]), 'tally keys after closing').toEqual([]);
    } finally {
      await copy.close();
    }
  }, 180_000);
});
