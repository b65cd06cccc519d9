// One-sheet Excel exports written as a stream (issue 13 item 9): rows are serialised a few hundred at
// a time with a turn of the event loop between, so a 10,000-row export never holds up other requests,
// and the file is never whole in memory. exceljs's streaming writer; the zip runs in zlib's threads.
import { PassThrough, type Readable } from 'node:stream';
import ExcelJS from 'exceljs';

export interface SheetColumn {
  header: string;
  key: string;
  width: number;
  /** text, not a number: an 18-digit ID number would be rounded by Excel */
  text?: boolean;
}

const ROWS_PER_TURN = 250;

export function streamSheet<T>(sheetName: string, columns: SheetColumn[], rows: readonly T[], toRow: (r: T, i: number) => Record<string, unknown>): Readable {
  const out = new PassThrough();
  void (async () => {
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
    wb.creator = 'ZhiPing 职评';
    const ws = wb.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = columns.map((c) => ({ key: c.key, width: c.width, style: c.text ? { numFmt: '@' } : {} }));
    const head = ws.addRow(Object.fromEntries(columns.map((c) => [c.key, c.header])));
    head.font = { bold: true };
    head.alignment = { vertical: 'middle', horizontal: 'center' };
    head.commit();
    for (let i = 0; i < rows.length; i++) {
      ws.addRow(toRow(rows[i]!, i)).commit();
      if ((i + 1) % ROWS_PER_TURN === 0) await new Promise((r) => setImmediate(r));
    }
    ws.commit();
    await wb.commit();
  })().catch((e) => out.destroy(e instanceof Error ? e : new Error(String(e))));
  return out;
}
