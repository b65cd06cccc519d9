// What each generated attachment (T2–T5) is filled from. Dates are 'YYYY-MM-DD' (or 'YYYY-MM'
// where only the month is asked) and are printed the Chinese way, 2023年9月28日.

/** The title being applied for, as 附件2–4 name it: ××系列××专业×级职称. */
export interface TitleApplied {
  applicantName: string;
  /** 评审系列, e.g. 「工程系列」 (「工程」 is accepted; 系列 is added). */
  series: string;
  /** 专业, e.g. 「土木工程」 (a trailing 专业 is accepted). */
  specialty: string;
  /** 级别, e.g. 初级 / 中级 / 副高级 / 正高级 / 高级. */
  level: string;
}

/** 附件2 推荐单位公示 (T2, U2). */
export interface PublicityNoticeData extends TitleApplied {
  sex: string;
  /** 族别, e.g. 汉族. */
  ethnicity: string;
  /** 政治面貌, e.g. 中共党员. */
  politicalStatus: string;
  /** Printed as given: pass a masked number if the unit publishes only part of it. */
  idNumber: string;
  /** 现任职称, e.g. 助理工程师; 「无」 if none (A14). */
  currentTitle: string;
  /** 思想政治条件: political conduct, professional ethics. */
  politicalConditions: string;
  /** 业绩成果: practice and results of the last five years, with the applicant's own share. */
  achievements: string;
  publicityStart: string;
  publicityEnd: string;
  /** Where objections go, e.g. 「人事科」 (printed 「反映至人事科」). */
  officeName: string;
  supervisionPhone: string;
  /** 推荐单位, printed above （公章）. */
  unitName: string;
  issuedOn: string;
}

/** An objection raised during the publicity and how the unit resolved it (printed on 附件3). */
export interface PublicityObjection {
  /** 'YYYY-MM-DD'. Who raised it is never printed: the applicant reads 附件3. */
  raisedOn: string;
  content: string;
  resolution: string;
}

/** 附件3 推荐单位公示结果 (T3, U3). */
export interface PublicityResultData extends TitleApplied {
  /** Length of the publicity as the unit states it (「公示××天」). */
  publicityDays: number;
  /** Objections recorded during the publicity, each resolved; none → 「公示期间无投诉、举报」. */
  objections?: PublicityObjection[];
  unitName: string;
  issuedOn: string;
}

/** 附件4 主管单位推荐意见 (T4, C1). */
export interface CompetentRecommendationData extends TitleApplied {
  competentUnitName: string;
  /** The opinion; defaults to the template's 「经审核，同意推荐…」 sentence. */
  opinion?: string;
  issuedOn: string;
}

/** 附件5 免除继续教育学习申请表 (T5, A8). */
export interface CeExemptionData {
  name: string;
  sex: string;
  /** 出生年月, 'YYYY-MM' or 'YYYY-MM-DD'. */
  birthMonth: string;
  idNumber: string;
  /** 学历, e.g. 大学本科. */
  education: string;
  /** 学位, e.g. 工学学士; 「无」 if none. */
  degree: string;
  /** 何时何学校何专业毕业, e.g. 「2008年7月毕业于新疆大学土木工程专业」. */
  graduation: string;
  workUnit: string;
  /** 参加工作时间, 'YYYY-MM' or 'YYYY-MM-DD'. */
  workStartedOn: string;
  /** 现有专业技术职务. */
  currentTitle: string;
  /** 拟申报专业技术职务. */
  proposedTitle: string;
  /** 免学理由. */
  exemptionReason: string;
  /** 审核意见: left blank for the reviewing office to write by hand until it is known. */
  reviewOpinion?: string;
  /** 审核单位 (访惠聚办公室 etc.), printed before （公章）; blank 「公章」 when unknown. */
  reviewUnitName?: string;
  /** Date of the review; blank 「年　月　日」 when unknown. */
  reviewedOn?: string;
}

export type DocKind = 'publicity_notice' | 'publicity_result' | 'competent_recommendation' | 'ce_exemption';

export interface DocDataByKind {
  publicity_notice: PublicityNoticeData;
  publicity_result: PublicityResultData;
  competent_recommendation: CompetentRecommendationData;
  ce_exemption: CeExemptionData;
}

export type DocData = DocDataByKind[DocKind];

/** A required field was empty; the message names it in Chinese. */
export class DocDataError extends Error {
  override readonly name = 'DocDataError';
  readonly code = 'DOC_DATA_INCOMPLETE';
  constructor(readonly fields: string[]) {
    super(`生成文书所需信息不完整：${fields.join('、')}未填写`);
  }
}
