// Every migration, in order. Add new ones at the end; never edit a merged one.
import type { Migration } from 'kysely';
import * as m202611270000 from './202611270000-initial';
import * as m202611270100 from './202611270100-review-chain';
import * as m202611270200 from './202611270200-expert-review';
import * as m202611290000 from './202611290000-application-status-check';
import * as m202611290100 from './202611290100-section-row-ids';
import * as m202611290200 from './202611290200-section-versions';
import * as m202611291000 from './202611291000-account-security';
import * as m202611291200 from './202611291200-ballot-box';
import * as m202611291300 from './202611291300-blob-unreferenced-since';
import * as m202611300000 from './202611300000-organisation-admin';
import * as m202611300140 from './202611300140-audit-log-search';
import * as m202611300141 from './202611300141-specialty-active';
import * as m202611300142 from './202611300142-fee-instruction';
import * as m202611300200 from './202611300200-expert-past-unit';
import * as m202611300301 from './202611300301-conflict-expert-declared';
import * as m202611300302 from './202611300302-entrustment-region-step';
import * as m202611300501 from './202611300501-attachment-rotated-by';
import * as m202611300502 from './202611300502-blob-phash';
import * as m202611300700 from './202611300700-list-paging';
import * as m202611300900 from './202611300900-fair-queue';
import * as m202611301300 from './202611301300-search-grams';
import * as m202611301310 from './202611301310-fee-batch-paging';

export const migrations: Record<string, Migration> = {
  '202611270000-initial': m202611270000,
  '202611270100-review-chain': m202611270100,
  '202611270200-expert-review': m202611270200,
  '202611290000-application-status-check': m202611290000,
  '202611290100-section-row-ids': m202611290100,
  '202611290200-section-versions': m202611290200,
  '202611291000-account-security': m202611291000,
  '202611291200-ballot-box': m202611291200,
  '202611291300-blob-unreferenced-since': m202611291300,
  '202611300000-organisation-admin': m202611300000,
  '202611300140-audit-log-search': m202611300140,
  '202611300141-specialty-active': m202611300141,
  '202611300142-fee-instruction': m202611300142,
  '202611300200-expert-past-unit': m202611300200,
  '202611300301-conflict-expert-declared': m202611300301,
  '202611300302-entrustment-region-step': m202611300302,
  '202611300501-attachment-rotated-by': m202611300501,
  '202611300502-blob-phash': m202611300502,
  '202611300700-list-paging': m202611300700,
  '202611300900-fair-queue': m202611300900,
  '202611301300-search-grams': m202611301300,
  '202611301310-fee-batch-paging': m202611301310,
};
