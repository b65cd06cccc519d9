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

export function validSections(opts: { name: string; idNumber: string; birthDate: string; sex: '男' | '女' }): Record<SectionCode, SectionData> {
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

/** Every attachment slot the valid declaration needs: [sectionCode, slot, count]. */
export const REQUIRED_UPLOADS: Array<[SectionCode, string, number]> = [
  ['A1', 'id_front', 1],
  ['A1', 'id_back', 1],
  ['A1', 'photo', 1],
  ['A2', '0:diploma', 1],
  ['A2', '0:record', 1],
  ['A4', 'certificate', 1],
  ['A4', 'review_form', 1],
  ['A5', '0:evidence', 1],
  ['A7', 'letter', 1],
  ['A8', 'exemption_form', 1],
  ['A11', '0:form', 2],
  ['A11', '1:form', 2],
  ['A11', '2:form', 2],
];
