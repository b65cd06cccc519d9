// T2–T5: the generated attachments, each from the application's data, as PDF (to print and
// stamp, or upload) or DOCX (to edit first).
import { ceExemptionLayout } from './ce-exemption-form';
import { competentRecommendationLayout } from './competent-recommendation';
import { entrustmentLetterLayout, type EntrustmentLetterData } from './entrustment-letter';
import type { DocLayout } from './layout';
import { publicityNoticeLayout } from './publicity-notice';
import { publicityResultLayout } from './publicity-result';
import { renderDocx } from './render-docx';
import { renderPdf } from './render-pdf';
import type { DocData, DocDataByKind, DocKind } from './templates-data';

export type {
  CeExemptionData,
  CompetentRecommendationData,
  DocData,
  DocDataByKind,
  DocKind,
  PublicityNoticeData,
  PublicityObjection,
  PublicityResultData,
  TitleApplied,
} from './templates-data';
export { DocDataError } from './templates-data';
export { entrustmentLetterText, type EntrustmentLetterData } from './entrustment-letter';

export const DOC_KIND_LABELS: Record<DocKind, string> = {
  publicity_notice: '推荐单位公示（附件2）',
  publicity_result: '推荐单位公示结果（附件3）',
  competent_recommendation: '主管单位推荐意见（附件4）',
  ce_exemption: '免除继续教育学习申请表（附件5）',
};

const LAYOUTS: { [K in DocKind]: (data: DocDataByKind[K]) => DocLayout } = {
  publicity_notice: publicityNoticeLayout,
  publicity_result: publicityResultLayout,
  competent_recommendation: competentRecommendationLayout,
  ce_exemption: ceExemptionLayout,
};

/** The page model of one attachment; throws DocDataError naming any empty required field. */
export function docLayout<K extends DocKind>(kind: K, data: DocDataByKind[K]): DocLayout {
  const build = LAYOUTS[kind] as (d: DocDataByKind[K]) => DocLayout;
  if (!build) throw new RangeError(`未知的文书类型：${String(kind)}`);
  return build(data);
}

/** Renders attachment `kind` filled from `data` as a PDF or DOCX file. */
export async function renderDoc<K extends DocKind>(kind: K, data: DocDataByKind[K], format: 'pdf' | 'docx'): Promise<Buffer>;
export async function renderDoc(kind: DocKind, data: DocData, format: 'pdf' | 'docx'): Promise<Buffer>;
export async function renderDoc(kind: DocKind, data: DocData, format: 'pdf' | 'docx'): Promise<Buffer> {
  const layout = docLayout(kind, data as never);
  if (format === 'pdf') return renderPdf(layout);
  if (format === 'docx') return renderDocx(layout);
  throw new RangeError(`不支持的文件格式：${String(format)}（应为 pdf 或 docx）`);
}

/** R5 委托函 as a PDF (to stamp and send) or DOCX (to edit first). Not an application's attachment. */
export async function renderEntrustmentLetter(data: EntrustmentLetterData, format: 'pdf' | 'docx'): Promise<Buffer> {
  const layout = entrustmentLetterLayout(data);
  if (format === 'pdf') return renderPdf(layout);
  if (format === 'docx') return renderDocx(layout);
  throw new RangeError(`不支持的文件格式：${String(format)}（应为 pdf 或 docx）`);
}
