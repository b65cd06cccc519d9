// Issue 9 item 5: one rule decides who sees a file's data on every route — a stage sees a file once
// it has reached that stage (the stage table's statuses), the applicant always sees their own, and
// nobody else sees anything (404, so existence never leaks). The matrix below is role × status ×
// route; experts keep their own rule (masked copies of assigned files, tested in expert-review).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { draftFile, type Filed } from '../../support/filing';
import { createTestSystem, type TestSystem } from '../../support/test-system';
import { loginAs, registerApplicant, type Client } from '../../support/http-client';
import { makeJpeg } from '../../support/declaration-fixture';
import { validIdNumber } from '../../support/id-numbers';

let sys: TestSystem;

/** Where a file stands: never submitted, at the unit, at the competent unit, at the committee. */
const PLACES = ['draft', 'submitted', 'unit_recommended', 'competent_recommended'] as const;
type Place = (typeof PLACES)[number];

/** Who asks, and since which place the file has reached them ('own': the applicant, always). */
const ACTORS: Array<{ who: string; stage: 'unit' | 'competent' | 'committee' | null; sinceIndex: number | 'own' | 'never' }> = [
  { who: 'owner', stage: null, sinceIndex: 'own' },
  { who: 'other-applicant', stage: null, sinceIndex: 'never' },
  { who: 'unit', stage: 'unit', sinceIndex: 1 },
  { who: 'unitlead', stage: 'unit', sinceIndex: 1 },
  { who: 'agency', stage: 'unit', sinceIndex: 'never' }, // another recommending organisation
  { who: 'competent', stage: 'competent', sinceIndex: 2 },
  { who: 'bureau', stage: 'competent', sinceIndex: 'never' }, // 主管单位 only of agency files (U4)
  { who: 'committee', stage: 'committee', sinceIndex: 3 },
  { who: 'finance', stage: null, sinceIndex: 'never' },
  { who: 'expert1', stage: null, sinceIndex: 'never' }, // not assigned
];

const files = {} as Record<Place, Filed & { idCard: number; docId: number }>;
const clients: Record<string, Client> = {};

/** Every route that serves a file's data, for one file; the stage route only for stage actors. */
function routes(f: (typeof files)[Place], stage: string | null, who: string): Record<string, string> {
  const r: Record<string, string> = {
    'attachment original': `/api/attachments/${f.idCard}/original`,
    'attachment thumb': `/api/attachments/${f.idCard}/thumb`,
    'attachment masked': `/api/attachments/${f.idCard}/masked`,
    'attachment masked-thumb': `/api/attachments/${f.idCard}/masked-thumb`,
    timeline: `/api/applications/${f.id}/timeline`,
    '附件5 PDF': `/api/applications/${f.id}/documents/ce_exemption?format=pdf`,
    '附件5 DOCX': `/api/applications/${f.id}/documents/ce_exemption?format=docx`,
    'stamped scan': `/api/applications/${f.id}/review-documents/${f.docId}`,
  };
  if (stage) r[`${stage} file view`] = `/api/${stage}/applications/${f.id}`;
  if (who === 'owner') r['own declaration'] = `/api/applicant/applications/${f.id}`;
  return r;
}

beforeAll(async () => {
  sys = await createTestSystem();
  for (const [i, place] of PLACES.entries()) {
    const f = await draftFile(sys.app, 40 + i, ['艾尔肯·买买提', '热娜·阿不都', '迪丽拜尔·吾甫', '努尔兰·巴合提'][i]);
    // The status is set directly: what is tested is who sees a file in each status, not how it got there.
    await sys.db.updateTable('application').set({ status: place, submittedAt: place === 'draft' ? null : sys.clock.now() }).where('id', '=', f.id).execute();
    const idCard = await sys.db.selectFrom('attachment').select('id').where('applicationId', '=', f.id).where('sectionCode', '=', 'A1').orderBy('id').executeTakeFirstOrThrow();
    const bytes = await makeJpeg();
    const sha = await sys.ctx.blobs.put(bytes);
    await sys.db.insertInto('blob').values({ sha256: sha, bytes: bytes.length, mime: 'image/jpeg', width: null, height: null }).onConflict((oc) => oc.column('sha256').doNothing()).execute();
    const unitUser = await sys.db.selectFrom('appUser').select('id').where('username', '=', 'unit').executeTakeFirstOrThrow();
    const doc = await sys.db
      .insertInto('reviewDocument')
      .values({ applicationId: f.id, kind: 'publicity_notice', blobSha256: sha, originalName: '公示.jpg', uploadedBy: unitUser.id, uploadedAt: sys.clock.now() })
      .returning('id')
      .executeTakeFirstOrThrow();
    files[place] = { ...f, idCard: idCard.id, docId: doc.id };
  }
  const other = await registerApplicant(sys.app, { idNumber: validIdNumber('654002', '19910303', 57), name: '王芳' });
  clients['other-applicant'] = other.client!;
  for (const a of ACTORS) if (a.sinceIndex !== 'own' && !clients[a.who]) clients[a.who] = await loginAs(sys.app, a.who);
});

afterAll(async () => {
  await sys.close();
});

describe('who sees a file’s data (issue 9 item 5)', () => {
  it('answers 200 once the file has reached the actor’s stage (the applicant always), 404 before and elsewhere, on every route', async () => {
    const got: string[] = [];
    const want: string[] = [];
    for (const [i, place] of PLACES.entries()) {
      const f = files[place];
      for (const a of ACTORS) {
        const c = a.who === 'owner' ? f.applicant : clients[a.who];
        const sees = a.sinceIndex === 'own' || (typeof a.sinceIndex === 'number' && i >= a.sinceIndex);
        for (const [route, url] of Object.entries(routes(f, a.stage, a.who))) {
          const res = await c.get(url);
          const cell = `${place} · ${a.who} · ${route}`;
          got.push(`${cell} → ${res.statusCode}`);
          want.push(`${cell} → ${sees ? 200 : 404}`);
        }
      }
    }
    expect(got).toEqual(want);
    // 4 statuses × (10 actors × 8 shared routes + 6 stage actors' own view + the applicant's declaration)
    expect(got.length).toBe(4 * (10 * 8 + 6 + 1));
  });

  it('answers a refused file exactly as a missing one (existence never leaks)', async () => {
    const refused = await clients.competent.get(`/api/attachments/${files.submitted.idCard}/original`);
    const missing = await clients.competent.get('/api/attachments/999999/original');
    expect(refused.statusCode).toBe(404);
    expect(refused.json().detail).toBe(missing.json().detail);
    const draftTimeline = await clients.unit.get(`/api/applications/${files.draft.id}/timeline`);
    const noTimeline = await clients.unit.get('/api/applications/999999/timeline');
    expect(draftTimeline.statusCode).toBe(404);
    expect(draftTimeline.json().detail).toBe(noTimeline.json().detail);
  });
});
