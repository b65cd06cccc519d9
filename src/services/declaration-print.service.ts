// The whole declaration as one printable PDF (专业技术职务任职资格评审表, issue 11), for the
// applicant, the units that audit it and the archive. Who may print is who may see the file with
// its originals (B5: never an expert, who reads masked copies only): requireVisible answers 404
// to everyone else.
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';
import type { Actor } from '../domain/access';
import { LEVEL_LABELS } from '../domain/level';
import { rowIdOf, SECTIONS, type FieldDef, type SectionData } from '../domain/section-fields';
import { STAGES, type ReviewStage } from '../domain/stage';
import { shanghaiDate } from '../domain/working-days';
import { declarationLayout, type DeclarationOpinion, type DeclarationSection } from '../docs/declaration-form';
import { renderPdf } from '../docs/render-pdf';
import { requireVisible } from './application-access';
import type { ServiceContext } from './service-context';

const COMMITMENT = '本人承诺所填报信息及上传材料真实、准确、完整，如有虚假，愿承担相应责任。';

function value(f: FieldDef, v: unknown): string {
  if (v === true) return '是';
  if (v === false) return '否';
  if (v === null || v === undefined) return '';
  return Array.isArray(v) ? v.join('、') : String(v).trim();
}

/** Fields that apply (a `when` field only when its condition holds). */
function applies(f: FieldDef, record: Record<string, unknown>): boolean {
  return !f.when || record[f.when.key] === f.when.equals;
}

export async function printDeclaration(ctx: ServiceContext, actor: Actor, id: number) {
  const app = await requireVisible(ctx.db, actor, id);
  const db: Kysely<DB> = ctx.db;
  const sectionRows = await db.selectFrom('section').select(['code', 'data']).where('applicationId', '=', id).execute();
  const data = new Map(sectionRows.map((r) => [r.code, r.data as unknown as SectionData]));
  const attachments = await db
    .selectFrom('attachment')
    .select(['sectionCode', 'rowId', 'slot', 'blobSha256', 'sortOrder'])
    .where('applicationId', '=', id)
    .orderBy('sortOrder')
    .execute();
  const count = (code: string, slot: string, rowId: string | null) => attachments.filter((a) => a.sectionCode === code && a.slot === slot && a.rowId === rowId).length;

  const sections: DeclarationSection[] = SECTIONS.map((def) => {
    const d = data.get(def.code) ?? { fields: {}, rows: [] };
    const single = def.fields.filter((f) => applies(f, d.fields));
    const section: DeclarationSection = {
      title: def.title,
      fields: single.filter((f) => f.type !== 'textarea').map((f) => [f.label, value(f, d.fields[f.key])]),
      texts: single.filter((f) => f.type === 'textarea').map((f) => ({ label: f.label, text: value(f, d.fields[f.key]) })),
      attachments: def.slots.map((s) => `${s.label}${count(def.code, s.key, null)}张`),
    };
    if (def.rows) {
      const cols = def.rows.fields.filter((f) => f.type !== 'textarea');
      const notes = def.rows.fields.filter((f) => f.type === 'textarea');
      const slots = def.rows.slots;
      section.table = {
        columns: [...cols.map((f) => f.label), ...(slots.length ? ['附件'] : [])],
        rows: d.rows.map((r) => ({
          cells: [
            ...cols.map((f) => (applies(f, r) ? value(f, r[f.key]) : '')),
            ...(slots.length ? [`${slots.reduce((n, s) => n + count(def.code, s.key, rowIdOf(r)), 0)}张`] : []),
          ],
          notes: notes.filter((f) => applies(f, r)).map((f) => ({ label: f.label, text: value(f, r[f.key]) })),
        })),
      };
    }
    return section;
  });

  const photoRow = attachments.find((a) => a.sectionCode === 'A1' && a.slot === 'photo' && a.rowId === null);
  const photo = photoRow ? await ctx.blobs.get(photoRow.blobSha256) : null;
  const names = await db
    .selectFrom('application')
    .innerJoin('appUser', 'appUser.id', 'application.applicantId')
    .innerJoin('specialty', 'specialty.id', 'application.specialtyId')
    .select(['appUser.displayName', 'specialty.series', 'specialty.name as specialty'])
    .where('application.id', '=', id)
    .executeTakeFirstOrThrow();
  const orgName = async (orgId: number | null) =>
    orgId ? ((await db.selectFrom('organisation').select('name').where('id', '=', orgId).executeTakeFirst())?.name ?? '') : '';
  const recorded = await db.selectFrom('opinion').select(['stage', 'text', 'at']).where('applicationId', '=', id).orderBy('id', 'desc').execute();
  const opinions: DeclarationOpinion[] = [];
  for (const stage of ['unit', 'competent', 'committee'] as ReviewStage[]) {
    const o = recorded.find((r) => r.stage === stage); // the latest, after any return
    opinions.push({
      title: `${STAGES[stage].title}意见`.replace('评审委员会办事机构', '评审委员会'),
      text: o?.text ?? '',
      unitName: await orgName(app[STAGES[stage].orgColumn]),
      on: o ? shanghaiDate(new Date(o.at)) : null,
    });
  }
  const a1 = data.get('A1')?.fields ?? {};
  const layout = declarationLayout({
    applicantName: String(a1.name ?? '').trim() || names.displayName,
    year: app.year,
    seriesSpecialty: `${names.series.endsWith('系列') ? names.series : `${names.series}系列`}　${names.specialty}`,
    level: LEVEL_LABELS[app.level],
    recommendingUnit: await orgName(app.recommendingOrgId),
    fileCode: app.fileCode,
    photo,
    sections,
    commitment: COMMITMENT,
    opinions,
    printedOn: shanghaiDate(ctx.now()),
  });
  const bytes = await renderPdf(layout);
  return { bytes, filename: `专业技术职务任职资格评审表-${id}.pdf` };
}
