// Reads a multipart form with at most one file into fields + file, streaming the file and stopping
// at its size limit (issue 9 item 8): an oversized upload is answered 413 as soon as the limit is
// passed, and no more than the limit is ever held in memory.
import type { FastifyRequest } from 'fastify';
import { Refused } from '../../domain/errors';
import { SCAN_MAX_BYTES, type UploadedFile } from '../../services/documents.service';

const mib = (n: number) => `${Math.round((n / 1048576) * 10) / 10}MB`;

/** `maxBytes`: the largest file this form takes; staff forms (scans, receipts, plans) take SCAN_MAX_BYTES. */
export async function readForm(
  req: FastifyRequest,
  maxBytes: number = SCAN_MAX_BYTES,
): Promise<{ fields: Record<string, string>; file: UploadedFile | null }> {
  if (!req.isMultipart()) throw new Refused('INVALID_INPUT', '请以表单方式上传（multipart/form-data）');
  const fields: Record<string, string> = {};
  let file: UploadedFile | null = null;
  // busboy truncates the file at fileSize (+1 byte would exceed it): `truncated` says it was cut.
  for await (const part of req.parts({ limits: { fileSize: maxBytes } })) {
    if (part.type === 'file') {
      if (file) throw new Refused('INVALID_INPUT', '一次只能上传一个文件');
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of part.file as AsyncIterable<Buffer>) {
        size += chunk.length;
        // Leaving the loop destroys the file stream; busboy stops and the rest of the body is discarded.
        if (part.file.truncated || size > maxBytes) {
          throw new Refused('TOO_LARGE', `文件超过${mib(maxBytes)}的上限，请压缩后重新上传`);
        }
        chunks.push(chunk);
      }
      if (part.file.truncated) throw new Refused('TOO_LARGE', `文件超过${mib(maxBytes)}的上限，请压缩后重新上传`);
      file = { name: part.filename, bytes: Buffer.concat(chunks, size) };
    } else {
      fields[part.fieldname] = String(part.value);
    }
  }
  return { fields, file };
}
