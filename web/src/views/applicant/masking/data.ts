// 检查姓名掩盖 (B1/B2): status and box-kind labels, colours, and the geometry the editor needs.
import { SECTION_BY_CODE, isSectionCode } from '@domain/section-fields';
import type { MaskingItem, MaskRegion, MaskStatus, RegionKind } from '../../../api/masking';

/** The source's rule, shown at the top of the page (网上申报材料填写要求, 盲评). */
export const MASKING_RULE =
  '职称评审采取“盲评”方式，申报人须将所有附件材料中出现的本人姓名、工作单位、工作单位公章及本人照片眼部进行遮盖处理，' +
  '工作总结中不允许出现本人姓名、工作单位及本人眼部未进行遮盖的照片，凡遮盖不符合要求的一律不予受理。' +
  '图片中出现上述内容的请选择“是”并遮盖；没有的请选择“否”。';

export type StatusFilter = 'all' | 'unmarked' | MaskStatus;

export interface StatusView {
  label: string;
  tag: 'primary' | 'success' | 'warning' | 'danger' | 'info';
}

export const STATUS_VIEW: Record<MaskStatus, StatusView> = {
  pending: { label: '待检测', tag: 'info' },
  proposed: { label: '建议遮盖', tag: 'warning' },
  detecting: { label: '遮盖处理中', tag: 'primary' },
  masked: { label: '已遮盖', tag: 'success' },
  not_needed: { label: '无需遮盖', tag: 'info' },
  failed: { label: '检测失败', tag: 'danger' },
};

/** The card's status: a finished detection that found nothing reads as a hint to choose 否. */
export function statusOf(item: MaskingItem): StatusView {
  if (item.maskStatus === 'proposed' && item.proposals.length === 0) return { label: '未发现需遮盖内容', tag: 'info' };
  if (item.maskStatus === 'masked' && item.leaks.length > 0) return { label: '已遮盖 · 有遗漏', tag: 'danger' };
  return STATUS_VIEW[item.maskStatus] ?? { label: item.maskStatus, tag: 'info' };
}

export const FILTERS: { value: StatusFilter; label: string }[] = [
  { value: 'all', label: '全部' },
  { value: 'unmarked', label: '未标记' },
  { value: 'pending', label: '待检测' },
  { value: 'proposed', label: '建议遮盖' },
  { value: 'detecting', label: '遮盖处理中' },
  { value: 'masked', label: '已遮盖' },
  { value: 'not_needed', label: '无需遮盖' },
  { value: 'failed', label: '检测失败' },
];

export function matchesFilter(item: MaskingItem, f: StatusFilter): boolean {
  if (f === 'all') return true;
  if (f === 'unmarked') return item.needsMasking === null;
  return item.maskStatus === f;
}

/** Jobs still running for the image: the page polls while any is. */
export function isBusy(item: MaskingItem): boolean {
  return item.maskStatus === 'pending' || item.maskStatus === 'detecting';
}

export function jobPercent(item: MaskingItem): number {
  const p = item.job?.status === 'done' ? 1 : (item.job?.progress ?? 0);
  return Math.max(0, Math.min(100, Math.round(p * 100)));
}

export function jobText(item: MaskingItem): string {
  if (item.job?.status === 'queued') return '排队中';
  if (item.maskStatus === 'pending') return '正在自动检测';
  if (item.maskStatus === 'detecting') return '正在遮盖并复检';
  return '';
}

export const KIND_VIEW: Record<RegionKind, { label: string; color: string }> = {
  name: { label: '姓名', color: '#d93026' },
  unit: { label: '单位', color: '#1a66c9' },
  seal: { label: '公章', color: '#b0179b' },
  face: { label: '人脸', color: '#7048c8' },
  eyes: { label: '眼部', color: '#00897b' },
  manual: { label: '手动', color: '#e07800' },
};

export function kindView(kind: string) {
  return KIND_VIEW[kind as RegionKind] ?? KIND_VIEW.manual;
}

/** The third row's evidence → '第3行 · 印证材料'; 'letter' → '签字的个人承诺书'. */
export function slotLabel(item: Pick<MaskingItem, 'sectionCode' | 'rowId' | 'rowIndex' | 'slot'>): string {
  const def = isSectionCode(item.sectionCode) ? SECTION_BY_CODE[item.sectionCode] : undefined;
  const inRow = item.rowId !== null;
  const label = (inRow ? def?.rows?.slots : def?.slots)?.find((s) => s.key === item.slot)?.label ?? item.slot;
  if (!inRow) return label;
  return item.rowIndex === null ? `已删除的行 · ${label}` : `第${item.rowIndex + 1}行 · ${label}`;
}

/** The regions the editor opens with: the confirmed ones once 是 was chosen, else the proposals. */
export function startingRegions(item: MaskingItem): MaskRegion[] {
  const src = item.needsMasking === true && item.regions.length ? item.regions : item.proposals;
  return src.map((r) => ({ ...r }));
}

/** A box as CSS percentages of the image, for thumbnails drawn at any size. */
export function boxStyle(r: MaskRegion, width: number, height: number): Record<string, string> {
  const pct = (v: number, of: number) => `${of > 0 ? (v / of) * 100 : 0}%`;
  return { left: pct(r.x, width), top: pct(r.y, height), width: pct(r.w, width), height: pct(r.h, height) };
}

/** Keeps a box inside the image and at least `min` pixels on each side. */
export function clampRegion(r: MaskRegion, width: number, height: number, min = 4): MaskRegion {
  const w = Math.max(min, Math.min(r.w, width));
  const h = Math.max(min, Math.min(r.h, height));
  const x = Math.max(0, Math.min(r.x, width - w));
  const y = Math.max(0, Math.min(r.y, height - h));
  return { ...r, x: Math.round(x), y: Math.round(y), w: Math.round(w), h: Math.round(h) };
}

/** A cache key for the masked copy, which changes whenever other boxes are burned. */
export function maskedVersion(item: MaskingItem): string {
  let h = 0;
  for (const ch of JSON.stringify(item.regions)) h = (h * 31 + ch.charCodeAt(0)) | 0;
  return (h >>> 0).toString(36);
}
