// A complete, valid declaration for the demo applicant (2026 policy), and small distinct JPEGs.
import sharp from 'sharp';
import type { SectionCode, SectionData } from '../../src/domain/section-fields';

let counter = 0;
/** A distinct upright JPEG of the given size (content differs per call, so hashes differ). */
export async function makeJpeg(width = 800, height = 640): Promise<Buffer> {
  counter++;
  const c = (counter * 53) % 200;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <rect width="100%" height="100%" fill="rgb(${240 - (c % 40)},${235},${230})"/>
    <rect x="${40 + (counter % 50)}" y="60" width="${width / 2}" height="30" fill="rgb(${c},80,120)"/>
    <text x="40" y="${height / 2}" font-size="40" font-family="Noto Sans CJK SC">证明材料 ${counter}</text></svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 80 }).toBuffer();
}

/** A phone photo of a stamped page: 600×400 stored, rotated 90° by EXIF, with GPS and camera. */
export async function phonePhotoWithGps(): Promise<Buffer> {
  return sharp({ create: { width: 600, height: 400, channels: 3, background: '#f4efe6' } })
    .jpeg({ quality: 90 })
    .withMetadata({ orientation: 6 })
    .withExif({
      IFD0: { Make: 'PhoneMaker', Model: 'Camera-X1', DateTime: '2026:03:05 10:21:07' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '43/1 55/1 1234/100', GPSLongitudeRef: 'E', GPSLongitude: '81/1 19/1 5/1' },
    })
    .toBuffer();
}

/** Rows carry stable ids `${code}-${index}` (the browser names new rows itself; so may a client). */
export function validSections(opts: { name: string; idNumber: string; birthDate: string; sex: '男' | '女' }): Record<SectionCode, SectionData> {
  const sections = sectionData(opts);
  for (const [code, data] of Object.entries(sections)) data.rows = data.rows.map((r, i) => ({ rowId: `${code}-${i}`, ...r }));
  return sections;
}

function sectionData(opts: { name: string; idNumber: string; birthDate: string; sex: '男' | '女' }): Record<SectionCode, SectionData> {
  const summary = ('本人任现职以来，始终坚持以病人为中心，认真履行岗位职责，积极参与科室业务建设和临床教学工作。'.repeat(60)).slice(0, 2400);
  return {
    A1: {
      fields: {
        name: opts.name,
        sex: opts.sex,
        birthDate: opts.birthDate,
        ethnicity: '维吾尔族',
        politicalStatus: '中共党员',
        idNumber: opts.idNumber,
        mobile: '13999123456',
        unit: '伊犁哈萨克自治州人民医院',
        unitAliases: '州人民医院、州医院',
        workStartDate: '2008-07',
        currentTitle: '主治医师',
      },
      rows: [],
    },
    A2: {
      fields: {},
      rows: [
        { startDate: '2003-09', endDate: '2008-07', school: '新疆医科大学', major: '临床医学', education: '本科', degree: '学士', studyMode: '全日制' },
      ],
    },
    A3: {
      fields: {},
      rows: [
        { startDate: '2008-07', endDate: '2015-06', unit: '伊宁县人民医院', position: '住院医师' },
        { startDate: '2015-07', endDate: '', unit: '伊犁哈萨克自治州人民医院', position: '主治医师' },
      ],
    },
    A4: {
      fields: { title: '主治医师', obtainedOn: '2015-05-20', appointedOn: '2015-07-01', yearsInProfession: 17, obtainedIn: '新疆', fromGovernmentOrgan: false },
      rows: [],
    },
    A5: { fields: {}, rows: [{ title: '急性胸痛快速救治流程改进', period: '2021年3月—2022年6月', role: '主要完成人', description: '牵头制定急性胸痛快速救治流程，平均救治时间缩短30分钟。' }] },
    A6: { fields: {}, rows: [] },
    A7: { fields: { promised: true }, rows: [] },
    A8: { fields: { exempt: true, exemptReason: '2023年至2025年参加“访惠聚”驻村工作，经审核同意免除继续教育学习。' }, rows: [] },
    A9: { fields: {}, rows: [] },
    A10: { fields: {}, rows: [] },
    A11: {
      fields: {},
      rows: [
        { year: '2023', grade: '合格' },
        { year: '2024', grade: '优秀' },
        { year: '2025', grade: '合格' },
      ],
    },
    A12: { fields: { text: summary }, rows: [] },
    A13: { fields: { aidPosting: false, confidentialDeclared: true }, rows: [] },
  };
}

export interface RequiredUpload {
  sectionCode: SectionCode;
  /** The row (see validSections) of a per-row slot. */
  rowId?: string;
  slot: string;
  count: number;
}

/** Every attachment slot the valid declaration needs. */
export const REQUIRED_UPLOADS: RequiredUpload[] = [
  { sectionCode: 'A1', slot: 'id_front', count: 1 },
  { sectionCode: 'A1', slot: 'id_back', count: 1 },
  { sectionCode: 'A1', slot: 'photo', count: 1 },
  { sectionCode: 'A2', rowId: 'A2-0', slot: 'diploma', count: 1 },
  { sectionCode: 'A2', rowId: 'A2-0', slot: 'record', count: 1 },
  { sectionCode: 'A4', slot: 'certificate', count: 1 },
  { sectionCode: 'A4', slot: 'review_form', count: 1 },
  { sectionCode: 'A5', rowId: 'A5-0', slot: 'evidence', count: 1 },
  { sectionCode: 'A7', slot: 'letter', count: 1 },
  { sectionCode: 'A8', slot: 'exemption_form', count: 1 },
  { sectionCode: 'A11', rowId: 'A11-0', slot: 'form', count: 2 },
  { sectionCode: 'A11', rowId: 'A11-1', slot: 'form', count: 2 },
  { sectionCode: 'A11', rowId: 'A11-2', slot: 'form', count: 2 },
];

/** The multipart fields that upload into a slot. */
export function uploadFields(u: { sectionCode: string; rowId?: string; slot: string }): Record<string, string> {
  return u.rowId ? { sectionCode: u.sectionCode, rowId: u.rowId, slot: u.slot } : { sectionCode: u.sectionCode, slot: u.slot };
}
