// Reads a multipart form with at most one file (scans, receipts, plans) into fields + file.
import type { FastifyRequest } from 'fastify';
import { Refused } from '../../domain/errors';

export async function readForm(req: FastifyRequest): Promise<{ fields: Record<string, string>; file: { name: string; bytes: Buffer } | null }> {
  if (!req.isMultipart()) throw new Refused('INVALID_INPUT', '请以表单方式上传（multipart/form-data）');
  const fields: Record<string, string> = {};
  let file: { name: string; bytes: Buffer } | null = null;
  for await (const part of req.parts()) {
    if (part.type === 'file') {
      if (file) throw new Refused('INVALID_INPUT', '一次只能上传一个文件');
      file = { name: part.filename, bytes: await part.toBuffer() };
    } else {
      fields[part.fieldname] = String(part.value);
    }
  }
  return { fields, file };
}
