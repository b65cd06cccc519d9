// Schemas of name masking (B1/B2, B5): the applicant's check page and the committee's review of it.
import { Type } from 'typebox';
import { Nullable, NullableString, StringEnum } from './common.schema';

export const REGION_KINDS = ['name', 'unit', 'seal', 'face', 'eyes', 'manual'] as const;
export const MASK_STATUSES = ['pending', 'detecting', 'proposed', 'masked', 'not_needed', 'failed'] as const;

/** A box in pixels of the stored (upright) image. */
export const Region = Type.Object(
  {
    // a plain string on input: the service turns an unknown kind into 'manual'
    kind: Type.String({ title: '类别' }),
    x: Type.Number({ title: '左' }),
    y: Type.Number({ title: '上' }),
    w: Type.Number({ title: '宽' }),
    h: Type.Number({ title: '高' }),
    score: Type.Optional(Type.Number({ title: '置信度' })),
    text: Type.Optional(Type.String({ title: '识别文字', maxLength: 100 })),
  },
  { additionalProperties: false },
);

export const MaskingBody = Type.Object(
  {
    needsMasking: Type.Boolean({ title: '是否需要遮盖' }),
    regions: Type.Optional(Type.Array(Region, { title: '遮盖区域', maxItems: 200 })),
    // the image's version as shown: 409 if it was decided meanwhile
    version: Type.Optional(Type.Integer({ title: '附件版本号', minimum: 1 })),
  },
  { additionalProperties: false },
);

export const AcceptAllBody = Type.Object(
  { attachmentIds: Type.Optional(Type.Array(Type.Integer({ minimum: 1 }), { title: '附件' })) },
  { additionalProperties: false },
);

export const RequireMaskingBody = Type.Object({ reason: Type.String({ title: '原因', minLength: 1, maxLength: 500 }) }, { additionalProperties: false });

// ── Answers ────────────────────────────────────────────────────────────────────────────────

export const RegionView = Type.Object({
  kind: StringEnum(REGION_KINDS),
  x: Type.Number(),
  y: Type.Number(),
  w: Type.Number(),
  h: Type.Number(),
  score: Type.Optional(Type.Number()),
  /** What detection read there (issue 12 item 4: each proposal says why); absent for seals, faces and boxes drawn by hand. */
  text: Type.Optional(Type.String({ maxLength: 100 })),
});

export const MaskStatus = StringEnum(MASK_STATUSES);

export const MaskingItem = Type.Object({
  id: Type.Integer(),
  sectionCode: Type.String(),
  sectionTitle: Type.String(),
  /** The row (stable id) of a per-row slot, and where it now stands (0-based); null for a section slot. */
  rowId: NullableString,
  rowIndex: Nullable(Type.Integer()),
  /** Slot key (section-fields.ts). */
  slot: Type.String(),
  /** Raised by each decision about this image. */
  version: Type.Integer(),
  originalName: Type.String(),
  width: Type.Integer(),
  height: Type.Integer(),
  needsMasking: Nullable(Type.Boolean()),
  maskStatus: MaskStatus,
  proposals: Type.Array(RegionView),
  regions: Type.Array(RegionView),
  leaks: Type.Array(RegionView),
  orientation: Nullable(Type.Integer()),
  /** Degrees the page was turned clockwise to stand upright (「图片方向不正，已为您旋转」); 0 = as uploaded. */
  rotatedBy: Type.Integer(),
  /** The detection or burn job of this image, while there is one. */
  job: Nullable(
    Type.Object({
      status: Type.String(),
      /** 0…1 */
      progress: Nullable(Type.Number()),
      error: NullableString,
    }),
  ),
  url: Type.String(),
  thumbUrl: Type.String(),
  maskedUrl: Type.String(),
  maskedThumbUrl: Type.String(),
});

export const MaskingOverview = Type.Object({ editable: Type.Boolean(), items: Type.Array(MaskingItem) });

export const MaskingConfirmed = Type.Object({ id: Type.Integer(), needsMasking: Type.Boolean(), maskStatus: Type.String(), regions: Type.Array(RegionView), version: Type.Integer() });
export const ProposalsAccepted = Type.Object({ marked: Type.Integer() });
export const DetectionQueued = Type.Object({ queued: Type.Boolean() });

/** B5: the committee office's view of the masking (originals only as links for the office). */
export const CommitteeMaskingItem = Type.Object({
  id: Type.Integer(),
  sectionCode: Type.String(),
  sectionTitle: Type.String(),
  slot: Type.String(),
  originalName: Type.String(),
  needsMasking: Nullable(Type.Boolean()),
  maskStatus: NullableString,
  leakCount: Type.Integer(),
  // issue 9 item 6: regions detection found in an image marked 否 (0 otherwise, or not yet detected)
  identityFound: Type.Integer(),
  // detection has run on this image (it runs on every image outside A1, 否 or not)
  detected: Type.Boolean(),
  maskedUrl: Type.String(),
  originalUrl: Type.String(),
});
export const CommitteeMaskingView = Type.Object({ items: Type.Array(CommitteeMaskingItem) });
export const MaskingOverridden = Type.Object({ id: Type.Integer(), needsMasking: Type.Boolean(), maskStatus: Type.String() });
