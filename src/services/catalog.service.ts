// What an applicant chooses from: open review years, series/specialties, levels, recommending units.
import { LEVEL_LABELS } from '../domain/level';
import type { ServiceContext } from './service-context';

export async function getCatalog(ctx: ServiceContext) {
  const years = await ctx.db.selectFrom('policyYear').select(['year', 'isOpen']).orderBy('year', 'desc').execute();
  const specialties = await ctx.db
    .selectFrom('specialty')
    .select(['id', 'series', 'seriesCode', 'name'])
    .where('active', '=', true)
    .orderBy('series')
    .orderBy('id')
    .execute();
  const units = await ctx.db
    .selectFrom('organisation as o')
    .leftJoin('organisation as p', 'p.id', 'o.parentId')
    .select(['o.id', 'o.name', 'o.kind', 'p.name as competentName'])
    .where('o.kind', 'in', ['recommending', 'agency'])
    // a deactivated unit keeps its files but cannot be chosen for new ones (issue 10)
    .where('o.active', '=', true)
    .orderBy('o.kind', 'desc')
    .orderBy('o.id')
    .execute();
  return {
    years,
    specialties,
    levels: Object.entries(LEVEL_LABELS).map(([code, label]) => ({ code, label })),
    recommendingUnits: units,
  };
}
