// Issue 9 item 8: how many uploads one user may have in flight at once. Each upload holds up to the
// size limit in memory and decodes an image of up to 40 million pixels, so one account opening a
// dozen uploads in parallel could take the server's memory; the third at once is answered 429.
import { Refused } from '../../domain/errors';

/** At most this many uploads per user at once; a browser uploads one file after another. */
export const UPLOADS_PER_USER = 2;

export class UploadSlots {
  private readonly inFlight = new Map<number, number>();

  constructor(readonly perUser: number = UPLOADS_PER_USER) {}

  /** Uploads the user has in flight now. */
  count(userId: number): number {
    return this.inFlight.get(userId) ?? 0;
  }

  /** Takes a slot for the user or refuses; call the returned function once the upload is done. */
  take(userId: number): () => void {
    const n = this.inFlight.get(userId) ?? 0;
    if (n >= this.perUser) {
      throw new Refused('UPLOAD_BUSY', `您已有${n}个文件正在上传，请等上传完成后再重试`);
    }
    this.inFlight.set(userId, n + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.inFlight.get(userId) ?? 1) - 1;
      if (left > 0) this.inFlight.set(userId, left);
      else this.inFlight.delete(userId);
    };
  }
}
