export interface RawImage { data: Buffer /* RGB 3ch row-major */; width: number; height: number }
export type RegionKind = 'name'|'unit'|'seal'|'face'|'eyes'
export interface Region {
  kind: RegionKind; x: number; y: number; w: number; h: number; score: number;
  /** Name and unit boxes: the text read there, so a proposal says why (issue 12 item 4). Not in the CLI's JSON. */
  text?: string;
}
