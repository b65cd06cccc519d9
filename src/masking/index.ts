// Public surface of the masking stages (issue 3) for the server. Nothing here loads onnxruntime:
// models live only in worker threads (STYLE §7), reached through createMaskingPool(). The
// one-shot CLI imports './cli-commands' and the bench imports './pipeline' directly.
export type { RawImage, Region, RegionKind } from './image-types';
export { decodeJpeg, displayedSize, ImageDecodeError, DEFAULT_MAX_PIXELS, type DecodeErrorCode } from './decode';
export { proposeRegions, mergeOverlapping, coveredFraction, DEFAULT_MARGINS } from './propose';
export { burnRegions, assertRegionsFit, RegionsMismatchError } from './burn';
export type { DetectResult, Engines, Targets, Orientation } from './pipeline';
export type { VerifyResult } from './verify';
export { createMaskingPool, MaskingTaskError, type MaskingPool, type MaskingPoolOptions } from './pool';
