// Shapes of the API's JSON as the web app reads them: `Static<…>` of the server's schemas
// (STYLE §9). Type-only imports: nothing of the server ends up in the bundle.
import type { Static } from 'typebox';
import type { Role } from '@domain/access';
import type { SectionCode, SectionData } from '@domain/section-fields';
import type { Catalog as CatalogSchema, UserView } from '../../../src/http/schemas/auth.schema';
import type { LevelCode as LevelCodeSchema } from '../../../src/http/schemas/common.schema';
import type {
  ApplicantPolicy as ApplicantPolicySchema,
  ApplicationDetail as ApplicationDetailSchema,
  ApplicationListItem as ApplicationListItemSchema,
  ApplicationSummary as ApplicationSummarySchema,
  AttachmentUploaded,
  AttachmentView,
  CreateApplicationBody as CreateApplicationSchema,
  ProblemItem,
  SectionSaved as SectionSavedSchema,
  Submitted as SubmittedSchema,
  TimelineItem as TimelineItemSchema,
} from '../../../src/http/schemas/declaration.schema';

export type { Role, SectionCode, SectionData };

/**
 * One rule violation, as validateSection() and the server report it. `field` is 'fields.name' |
 * 'rows[2].startDate' | 'slot:id_front' | 'rows[0]slot:diploma' | 'attachment:12' | '' (whole section).
 */
export type Problem = Static<typeof ProblemItem>;

export type User = Static<typeof UserView>;
export type RoleGrant = User['roles'][number];
export type CreateApplicationBody = Static<typeof CreateApplicationSchema>;

export type LevelCode = Static<typeof LevelCodeSchema>;

export type Catalog = Static<typeof CatalogSchema>;
export type ApplicationListItem = Static<typeof ApplicationListItemSchema>;
export type ApplicationSummary = Static<typeof ApplicationSummarySchema>;
export type ApplicantPolicy = Static<typeof ApplicantPolicySchema>;
export type Attachment = Static<typeof AttachmentView>;
/** An upload's answer: a JPG is one image, a PDF one per page (issue 11). */
export type AttachmentUploaded = Static<typeof AttachmentUploaded>;
export type SectionSaved = Static<typeof SectionSavedSchema>;
export type Submitted = Static<typeof SubmittedSchema>;
export type TimelineItem = Static<typeof TimelineItemSchema>;

/** The sections keyed by code; a section the applicant never opened is absent. */
export type ApplicationDetail = Omit<Static<typeof ApplicationDetailSchema>, 'sections'> & {
  sections: Partial<Record<SectionCode, SectionData>>;
};
