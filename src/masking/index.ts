// Public surface of the masking stages (issue 3). ONNX sessions are created only by
// loadEngines(), which the server calls only inside worker.ts (via createMaskingPool).
export type { RawImage, Region, RegionKind } from './image-types';
export { decodeJpeg, displayedSize, ImageDecodeError, DEFAULT_MAX_PIXELS, type DecodeErrorCode } from './decode';
export { proposeRegions, mergeOverlapping, coveredFraction, DEFAULT_MARGINS } from './propose';
export { burnRegions, assertRegionsFit, RegionsMismatchError } from './burn';
export { detect, detectDecoded, loadEngines, type DetectResult, type Engines, type Targets, type Orientation } from './pipeline';
export { verifyMasked, type VerifyResult } from './verify';
export { createMaskingPool, MaskingTaskError, type MaskingPool, type MaskingPoolOptions } from './pool';
export { runMaskingCommand, parseRegionsFile, EXIT } from './cli-commands';
