// Shapes of the API's JSON as the web app reads them: `Static<…>` of the server's schemas where the
// server declares one (STYLE §9), written out here for answers that have no schema yet.
import type { Static } from 'typebox';
import type { Role } from '@domain/access';
import type { SectionCode, SectionData } from '@domain/section-fields';
import type { UserView } from '../../../src/http/schemas/auth.schema';
import type { CreateApplicationBody as CreateApplicationSchema, ProblemItem } from '../../../src/http/schemas/declaration.schema';

export type { Role, SectionCode, SectionData };

/**
 * One rule violation, as validateSection() and the server report it. `field` is 'fields.name' |
 * 'rows[2].startDate' | 'slot:id_front' | 'rows[0]slot:diploma' | 'attachment:12' | '' (whole section).
 */
export type Problem = Static<typeof ProblemItem>;

export type User = Static<typeof UserView>;
export type RoleGrant = User['roles'][number];
export type CreateApplicationBody = Static<typeof CreateApplicationSchema>;

export type LevelCode = 'junior' | 'middle' | 'deputy_senior' | 'senior';

export interface Catalog {
  years: { year: number; isOpen: boolean }[];
  specialties: { id: number; series: string; seriesCode: string; name: string }[];
  levels: { code: LevelCode; label: string }[];
  recommendingUnits: { id: number; name: string; kind: string; competentName: string | null }[];
}

export interface ApplicationListItem {
  id: number;
  year: number;
  status: string;
  statusLabel: string;
  specialtyName: string;
  series: string;
  levelLabel: string;
  recommendingOrgName: string;
  updatedAt: string;
}

export interface ApplicationSummary {
  id: number;
  year: number;
  status: string;
  statusLabel: string;
  version: number;
  editable: boolean;
  series: string;
  specialtyName: string;
  level: LevelCode;
  levelLabel: string;
  recommendingOrgName: string;
  returnReason: string | null;
  returnDeadlineAt: string | null;
}

export interface ApplicantPolicy {
  summaryMinChars: number;
  summaryMaxChars: number;
  appraisalYears: number[];
  cePublicYears: number[];
  ceProfessionalYears: number[];
  uploadMaxBytes: number;
}

export interface Attachment {
  id: number;
  sectionCode: string;
  /** The row (its stable `rowId`) of a per-row slot; null for a section-level slot. */
  rowId: string | null;
  /** Where that row now stands (0-based), for labels. */
  rowIndex: number | null;
  /** Slot key (section-fields.ts). */
  slot: string;
  originalName: string;
  width: number;
  height: number;
  bytes: number;
  thumbUrl: string;
  url: string;
  maskStatus: string | null;
  needsMasking: boolean | null;
  version: number;
}

export interface ApplicationDetail {
  application: ApplicationSummary;
  policy: ApplicantPolicy;
  sections: Partial<Record<SectionCode, SectionData>>;
  /** What a section save names as the version it edited; 0 for a section never stored. */
  sectionVersions: Record<SectionCode, number>;
  attachments: Attachment[];
  problems: Problem[];
}

export interface TimelineItem {
  at: string;
  actorName: string | null;
  action: string;
  actionLabel: string;
  fromStatus: string | null;
  fromLabel: string | null;
  toStatus: string | null;
  toLabel: string | null;
  reason: string | null;
}
