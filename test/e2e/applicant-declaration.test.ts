// One applicant's journey in the browser (A1–A14): register, create a declaration, fill every
// section with rows and attachments, see a rule explained at its field and fix it, submit, and
// then find the file read-only with its timeline. Elements are found by role and Chinese label.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, inject } from 'vitest';
import { validIdNumber } from '../support/id-numbers';
import { WAIT, choose, closed, formItem, gone, hasText, hasValue, journey, openBrowser, screenshots, visible, type Browser } from './support/browser';

const baseURL = inject('baseURL');

let imageDir: string;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  imageDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhiping-e2e-images-'));
  browser = await openBrowser();
  page = browser.page;
});

afterAll(async () => {
  await browser?.close();
  fs.rmSync(imageDir, { recursive: true, force: true });
});

let imageCount = 0;
/** A distinct upright JPG, 800×640 (the short side must be ≥ 600 px). */
async function jpg(label: string): Promise<string> {
  imageCount++;
  const shade = 150 + ((imageCount * 37) % 100);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="640">
    <rect width="100%" height="100%" fill="rgb(${shade},${240 - (imageCount % 30)},235)"/>
    <rect x="${30 + imageCount * 7}" y="80" width="420" height="40" fill="rgb(40,${shade - 100},120)"/>
    <text x="40" y="360" font-size="44" font-family="Noto Sans CJK SC">证明材料 ${imageCount}</text></svg>`;
  const file = path.join(imageDir, `${label}-${imageCount}.jpg`);
  await sharp(Buffer.from(svg)).jpeg({ quality: 80 }).toFile(file);
  return file;
}

const snap = screenshots(() => page, 'applicant-declaration');

// ---- form helpers: one per kind of control, all by label ----

async function text(scope: Locator | Page, label: string, value: string) {
  await scope.getByLabel(label, { exact: true }).fill(value);
}

/** Date, month and year pickers take typed input; Enter commits it. */
async function date(scope: Locator | Page, label: string, value: string) {
  const input = scope.getByLabel(label, { exact: true });
  await input.click();
  await input.fill(value);
  await input.press('Enter');
  await hasValue(input, value);
  await page.keyboard.press('Escape');
}

async function yesNo(scope: Locator | Page, label: string, yes: boolean) {
  await scope.getByRole('radiogroup', { name: label }).getByText(yes ? '是' : '否', { exact: true }).click();
}

async function upload(scope: Locator | Page, slotLabel: string, count = 1) {
  const slot = scope.getByRole('group', { name: slotLabel, exact: true });
  const files = [];
  for (let i = 0; i < count; i++) files.push(await jpg(slotLabel));
  await slot.getByLabel(`选择${slotLabel}文件`).setInputFiles(files);
  // Each uploaded file shows exactly once, by its own name: a count taken before the upload
  // could include a thumbnail still being re-rendered from the previous row.
  for (const f of files) {
    await expect.poll(() => slot.getByRole('img', { name: path.basename(f), exact: true }).count(), { ...WAIT, timeout: 30_000 }).toBe(1);
  }
  await expect.poll(() => slot.getByLabel(/^上传中：/).count(), WAIT).toBe(0);
}

async function openSection(title: string) {
  await page.getByRole('menuitem', { name: title }).click();
  await hasText(page.getByRole('heading', { level: 2 }), title);
}

function row(label: string): Locator {
  return page.getByRole('group', { name: label, exact: true });
}

/** The error Element Plus shows under a form item, found from the item's label inside `scope`. */
function fieldError(scope: Locator, label: string): Locator {
  return formItem(scope, label).locator('.el-form-item__error');
}

const NAME = '古丽娜尔·艾力';
const ID_NUMBER = validIdNumber('654002', '19860415', 202 + Math.floor(Math.random() * 300) * 2);
const PASSWORD = 'Shenbao2026';

describe('applicant declaration', () => {
  // Each step builds on the one before: after a failure the rest stop at once instead of timing out.
  const step = journey(snap);
  let applicationId = 0;
  let policy: { appraisalYears: number[]; cePublicYears: number[]; ceProfessionalYears: number[] };

  step('registers a new applicant with a checked ID number', async () => {
    await page.goto(`${baseURL}/register`);
    await text(page, '身份证号', ID_NUMBER.slice(0, 17) + (ID_NUMBER[17] === '0' ? '1' : '0'));
    await page.getByLabel('姓名', { exact: true }).click();
    await visible(page.getByText('身份证号校验位错误，请核对最后一位'));
    await text(page, '身份证号', ID_NUMBER);
    await visible(page.getByText('身份证号校验通过'));
    await text(page, '姓名', NAME);
    await text(page, '手机号', '13999123456');
    await text(page, '密码', PASSWORD);
    await text(page, '确认密码', PASSWORD);
    await page.getByRole('button', { name: '注册', exact: true }).click();
    await page.waitForURL('**/applicant');
    await visible(page.getByRole('heading', { name: '我的主页' }));
    await visible(page.getByText(NAME).first());
  });

  step('creates a declaration from the 新建申报 dialog', async () => {
    await page.getByRole('button', { name: '新建申报' }).click();
    const dialog = page.getByRole('dialog', { name: '新建申报' });
    await visible(dialog.getByLabel('评审年度', { exact: true }));
    // The cascader's panel is the only one open on this fresh page; its menus are found inside it.
    await dialog.getByLabel('系列/专业', { exact: true }).click();
    const cascader = page.locator('.el-cascader__dropdown').filter({ visible: true });
    await cascader.getByRole('menuitem', { name: '卫生系列' }).click();
    await cascader.getByRole('menuitem', { name: '临床医学' }).click();
    await closed(page.locator('.el-cascader__dropdown'));
    await hasValue(dialog.getByLabel('系列/专业', { exact: true }), '卫生系列 / 临床医学');
    await dialog.getByText('中级', { exact: true }).click();
    await choose(dialog, '推荐单位', /^伊犁哈萨克自治州人民医院/);
    await dialog.getByRole('button', { name: '创建' }).click();
    await page.waitForURL(/\/applicant\/applications\/\d+$/);
    applicationId = Number(/(\d+)$/.exec(page.url())![1]);
    await visible(page.getByRole('heading', { name: '我的申请书' }));
    await hasText(page.getByTestId('status'), '草稿');
    const res = await page.request.get(`${baseURL}/api/applicant/applications/${applicationId}`);
    policy = (await res.json()).policy;
    expect(policy.appraisalYears.length).toBeGreaterThan(0);
  });

  step('fills A1 基本信息 and uploads the ID card and photo', async () => {
    await openSection('基本信息');
    await text(page, '姓名', NAME);
    await choose(page, '性别', '女');
    await date(page, '出生日期', '1986-04-15');
    await text(page, '族别', '维吾尔族');
    await choose(page, '政治面貌', '中共党员');
    await text(page, '身份证号', ID_NUMBER);
    await text(page, '手机号码', '13999123456');
    await text(page, '现工作单位（全称）', '伊犁哈萨克自治州人民医院');
    await text(page, '单位简称或别称', '州人民医院、州医院');
    await date(page, '参加工作时间', '2008-07');
    // A14：没有的写“无”, with the field's own button.
    await page.locator('#p-A1-fields_currentTitle').getByRole('button', { name: '本项填“无”' }).click();
    await hasValue(page.getByLabel('现任职称', { exact: true }), '无');
    await text(page, '现任职称', '主治医师');
    await upload(page, '身份证正面');
    await upload(page, '身份证反面');
    await upload(page, '近期一寸免冠照片');
    await page.getByRole('button', { name: '保存本项' }).click();
    await expect.poll(() => page.getByRole('menuitem', { name: '基本信息' }).innerText(), WAIT).not.toContain('未保存');
  });

  step('fills A2 学历 with its certificates', async () => {
    await openSection('学历学位情况');
    const r = row('学历 1');
    await date(r, '入学时间', '2003-09');
    await date(r, '毕业时间', '2008-07');
    await text(r, '毕业院校', '新疆医科大学');
    await text(r, '所学专业', '临床医学');
    await choose(r, '学历', '本科');
    await choose(r, '学位', '学士');
    await choose(r, '学习形式', '全日制');
    await upload(r, '毕业证书');
    await upload(r, '学历电子注册备案表或毕业生登记表');
    await upload(r, '学位证书');
  });

  step('explains a work-history gap at the field in A3 and accepts the fix', async () => {
    await openSection('工作简历');
    const first = row('工作经历 1');
    await date(first, '起始年月', '2008-07');
    await date(first, '截止年月', '2015-06');
    await text(first, '工作单位名称', '伊宁县人民医院');
    await text(first, '职务/岗位', '住院医师');
    await page.getByRole('button', { name: '添加工作经历' }).click();
    const second = row('工作经历 2');
    await date(second, '起始年月', '2015-09');
    await text(second, '工作单位名称', '伊犁哈萨克自治州人民医院');
    await text(second, '职务/岗位', '主治医师');
    await page.getByRole('button', { name: '保存本项' }).click();

    // The server's problem is shown under the very field, and listed in 完整性检查.
    const gap = fieldError(second, '起始年月');
    await hasText(gap, '2015年7月至2015年8月的工作经历有空档');
    await snap('a3-gap');
    await visible(page.getByRole('region', { name: '完整性检查' }).getByText(/工作经历有空档/));

    await date(second, '起始年月', '2015-07');
    await page.getByRole('button', { name: '保存本项' }).click();
    await gone(gap);
    await gone(page.getByRole('region', { name: '完整性检查' }).getByText(/工作经历有空档/));
  });

  step('fills A4 专业技术资格 with two of the three documents', async () => {
    await openSection('专业技术资格');
    await text(page, '现专业技术任职资格', '主治医师');
    await date(page, '取得时间', '2015-05-20');
    await date(page, '聘任时间', '2015-07-01');
    await page.getByLabel('从事专业技术工作年限', { exact: true }).fill('17');
    await choose(page, '取得地', '新疆');
    await yesNo(page, '由机关调动（含分流、转移）', false);
    await upload(page, '职称证书');
    await upload(page, '专业技术职务任职资格评审表');
  });

  step('fills A5 业绩成果, A6 论文, A7 承诺书', async () => {
    await openSection('实践能力、业绩成果');
    const a5 = row('业绩成果 1');
    await text(a5, '成果名称', '急性胸痛快速救治流程改进');
    await text(a5, '完成时间', '2021年3月—2022年6月');
    await text(a5, '本人作用', '主要完成人');
    await text(a5, '主要内容及成效', '牵头制定急性胸痛快速救治流程，平均救治时间缩短30分钟。');
    await upload(a5, '印证材料');

    await openSection('发表论文情况');
    await page.getByRole('button', { name: '添加论文著作' }).click();
    const a6 = row('论文著作 1');
    await text(a6, '题目', '急诊胸痛患者分级救治的临床观察');
    await choose(a6, '类别', '论文');
    await text(a6, '刊物/出版社', '新疆医学');
    await date(a6, '发表时间', '2021-05');
    await text(a6, '本人排名', '第一作者');
    await upload(a6, '封面、目录、正文、检索报告', 2);

    await openSection('个人承诺书');
    await yesNo(page, '本人承诺所填报信息及上传材料真实、准确、完整', true);
    await upload(page, '签字的个人承诺书');
  });

  step('fills A8 继续教育 with one row per required year and kind', async () => {
    await openSection('继续教育');
    // asking for the exemption offers 附件5, filled from the saved declaration (T5)
    await yesNo(page, '申请免除继续教育', true);
    const form = page.getByTestId('exemption-form');
    await expect.poll(() => form.getByRole('link', { name: '下载PDF' }).getAttribute('href'), WAIT).toMatch(/\/api\/applications\/\d+\/documents\/ce_exemption\?format=pdf$/);
    await yesNo(page, '申请免除继续教育', false);
    await expect.poll(() => form.count(), WAIT).toBe(0);
    const wanted = [
      ...policy.cePublicYears.map((y) => ({ year: y, kind: '公需科目' })),
      ...policy.ceProfessionalYears.map((y) => ({ year: y, kind: '专业科目' })),
    ];
    for (const [i, w] of wanted.entries()) {
      await page.getByRole('button', { name: '添加培训记录' }).click();
      const r = row(`培训记录 ${i + 1}`);
      await date(r, '年度', String(w.year));
      await choose(r, '科目', w.kind);
      await r.getByLabel('学时', { exact: true }).fill('30');
      await text(r, '培训机构', '伊犁州专业技术人员继续教育基地');
      await upload(r, '培训合格证书');
    }
  });

  step('fills A9 知识产权 and A10 获奖', async () => {
    await openSection('获得的知识产权');
    await page.getByRole('button', { name: '添加知识产权' }).click();
    const a9 = row('知识产权 1');
    await text(a9, '名称', '一种急诊转运担架固定装置');
    await choose(a9, '类别', '实用新型专利');
    await text(a9, '专利号/登记号', 'ZL202120123456.7');
    await date(a9, '授权时间', '2022-03-18');
    await upload(a9, '证书扫描件');

    await openSection('获奖情况');
    await page.getByRole('button', { name: '添加获奖' }).click();
    const a10 = row('获奖 1');
    await text(a10, '奖项名称', '伊犁州科学技术进步奖三等奖');
    await choose(a10, '级别', '地厅级');
    await text(a10, '授奖单位', '伊犁哈萨克自治州人民政府');
    await date(a10, '获奖时间', '2022-12');
    await text(a10, '本人排名', '第二');
    await upload(a10, '获奖证书');
  });

  step('explains an appraisal year marked 不合格 in A11 and accepts the fix', async () => {
    await openSection('年度考核情况');
    // The rows come pre-filled with the policy's appraisal years.
    for (const [i, y] of policy.appraisalYears.entries()) {
      const r = row(`年度考核 ${i + 1}`);
      await hasValue(r.getByLabel('考核年度', { exact: true }), String(y));
      await choose(r, '考核等次', i === 1 ? '不合格' : '合格');
      await upload(r, '年度考核表（正、反面）', 2);
    }
    await page.getByRole('button', { name: '保存本项' }).click();
    const second = row('年度考核 2');
    await hasText(fieldError(second, '考核等次'), `${policy.appraisalYears[1]}年度考核为“不合格”`);
    await snap('a11-failed');

    // The checklist link leads back to the field.
    await openSection('基本信息');
    await page.getByRole('region', { name: '完整性检查' }).getByText(/年度考核为“不合格”/).click();
    await hasText(page.getByRole('heading', { level: 2 }), '年度考核情况');
    await choose(row('年度考核 2'), '考核等次', '优秀');
    await page.getByRole('button', { name: '保存本项' }).click();
    await gone(fieldError(row('年度考核 2'), '考核等次'));
  });

  step('fills A12 工作总结 within the policy length and A13', async () => {
    await openSection('任现职以来个人工作总结');
    const paragraph =
      '任现职以来，本人始终坚持以病人为中心，认真履行岗位职责，熟练掌握急诊危重症的诊断与抢救技术，' +
      '积极参与科室业务建设、临床带教和新技术推广，主持完成胸痛救治流程改进，年均诊治患者三千余人次，' +
      '未发生医疗差错事故。业余时间坚持学习专业文献，发表论文一篇，取得实用新型专利一项。\n';
    await page.getByLabel('工作总结', { exact: true }).fill(paragraph.repeat(20));
    await visible(page.getByText(/已输入 \d+ 字，要求 2000—3000 字/));
    await snap('a12-summary');

    await openSection('其他附件或证明材料');
    await yesNo(page, '援派期一年以上且正在援疆', false);
    await yesNo(page, '本人确认涉密材料已作脱密处理（无涉密材料也请勾选）', true);
    await page.getByRole('button', { name: '保存草稿' }).click();
    await visible(page.getByText('草稿已保存'));
  });

  step('leaves only the masking decisions open, then submits once', async () => {
    // B2 “检查姓名掩盖” has its own page; here each image is marked 无需遮盖 through its API.
    const detail = await (await page.request.get(`${baseURL}/api/applicant/applications/${applicationId}`)).json();
    const formProblems = (detail.problems as Array<{ section: string; message: string }>).filter((p) => p.section !== 'masking');
    expect(formProblems).toEqual([]);
    for (const a of detail.attachments as Array<{ id: number; sectionCode: string }>) {
      if (a.sectionCode === 'A1') continue;
      const res = await page.request.put(`${baseURL}/api/applicant/applications/${applicationId}/attachments/${a.id}/masking`, {
        data: { needsMasking: false },
      });
      expect(res.status()).toBe(200);
    }
    await page.reload();
    const checklist = page.getByRole('region', { name: '完整性检查' });
    await visible(checklist.getByText('材料已填写完整，可以提交。'));

    // Double clicks must not submit twice: the button is disabled while the confirm box is open.
    const submit = page.getByRole('button', { name: '提交', exact: true });
    await submit.dblclick();
    const confirm = page.getByRole('dialog', { name: '提交申报' });
    await visible(confirm);
    await expect.poll(() => submit.isDisabled(), WAIT).toBe(true);
    await confirm.getByRole('button', { name: '确定提交' }).click();
    await hasText(page.getByTestId('status'), '已提交，待推荐单位审核');
    await snap('submitted');
  });

  step('shows the submitted declaration read-only, with its timeline', async () => {
    await gone(page.getByRole('button', { name: '保存草稿' }));
    await gone(page.getByRole('button', { name: '提交', exact: true }));
    await visible(page.getByText(/申请书已提交，当前状态：已提交，待推荐单位审核/));
    await openSection('工作简历');
    await expect.poll(() => row('工作经历 1').getByLabel('工作单位名称', { exact: true }).isDisabled(), WAIT).toBe(true);
    await gone(page.getByRole('button', { name: '添加工作经历' }));
    await gone(page.getByRole('button', { name: /^上传/ }));

    await page.getByRole('tab', { name: '时间线' }).click();
    const timeline = page.getByLabel('办理时间线');
    await visible(timeline.getByText('提交申报'));
    // Submitted exactly once, by the applicant, despite the double click.
    await expect.poll(() => timeline.getByText('提交申报', { exact: true }).count(), WAIT).toBe(1);
    await visible(timeline.locator('.el-timeline-item').filter({ hasText: '提交申报' }).getByText(NAME));
    await snap('timeline');
    await visible(timeline.getByText('状态：草稿 → 已提交，待推荐单位审核'));

    // The list on 我的主页 shows the new status too.
    await page.getByRole('menuitem', { name: '我的主页' }).click();
    await visible(page.getByText('已提交，待推荐单位审核', { exact: true }));
  });
});
