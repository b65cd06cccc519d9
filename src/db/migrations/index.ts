// Every migration, in order. Add new ones at the end; never edit a merged one.
import type { Migration } from 'kysely/migration';
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
import * as m202611300700 from './202611300700-list-paging';

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
  '202611300700-list-paging': m202611300700,
};
