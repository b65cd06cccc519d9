import sharp from 'sharp';
import type { Region } from './image-types';
import { openJpeg, toDecodeError } from './decode';
import { clampBox } from './propose';

export interface BurnOptions {
  /** Fill colour; black by default so no red (seal) or skin tone survives in the box. */
  fill?: { r: number; g: number; b: number };
  quality?: number;
  maxPixels?: number;
}

export class RegionsMismatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RegionsMismatchError';
  }
}

/**
 * Burns regions into a new JPEG: EXIF orientation applied first (region coordinates refer to the
 * page as displayed), each box filled solid — no blur, no overlay, so nothing can be recovered —
 * and all metadata (EXIF, GPS, ICC, XMP, comments) left out of the output.
 */
export async function burnRegions(bytes: Uint8Array, regions: readonly Region[], opts: BurnOptions = {}): Promise<Buffer> {
  const fill = opts.fill ?? { r: 0, g: 0, b: 0 };
  const img = openJpeg(bytes, { maxPixels: opts.maxPixels });
  try {
    // Decode once, upright, so the composite works on displayed coordinates.
    const { data, info } = await img.rotate().removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
    const size = { width: info.width, height: info.height };
    const ch = info.channels;
    for (const r of regions) {
      const b = clampBox(r, size);
      if (b.w <= 0 || b.h <= 0) continue;
      // Writing the pixels directly is cheaper than a sharp composite per box and cannot blend.
      for (let y = b.y; y < b.y + b.h; y++) {
        let p = (y * info.width + b.x) * ch;
        for (let x = 0; x < b.w; x++, p += ch) {
          data[p] = fill.r;
          data[p + 1] = fill.g;
          data[p + 2] = fill.b;
        }
      }
    }
    // No withMetadata()/keepMetadata(): sharp then writes a bare JFIF with no EXIF or ICC.
    return await sharp(data, { raw: { width: info.width, height: info.height, channels: ch } })
      .jpeg({ quality: opts.quality ?? 90, mozjpeg: false })
      .toBuffer();
  } catch (err) {
    throw toDecodeError(err);
  }
}

/** Checks a regions list against the image it is meant for (same displayed size). */
export function assertRegionsFit(regions: readonly Region[], size: { width: number; height: number }): void {
  for (const r of regions) {
    const ok = [r.x, r.y, r.w, r.h].every(Number.isFinite) && r.w > 0 && r.h > 0;
    if (!ok) throw new RegionsMismatchError(`遮盖区域数据无效：${JSON.stringify(r)}`);
    if (r.x >= size.width || r.y >= size.height || r.x + r.w <= 0 || r.y + r.h <= 0) {
      throw new RegionsMismatchError(`遮盖区域超出图片范围（图片 ${size.width}×${size.height}）：${JSON.stringify(r)}`);
    }
  }
}
