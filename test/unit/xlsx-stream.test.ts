// Issue 13 item 9: long exports are streamed and give the event loop back between batches of rows.
import { buffer } from 'node:stream/consumers';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { streamSheet } from '../../src/services/xlsx-stream';

describe('streamed Excel export', () => {
  it('writes every row, keeps ID numbers as text, and lets other work run while it writes', async () => {
    const rows = Array.from({ length: 3000 }, (_, i) => ({ name: `申报人${i}`, id: `65400219850312${String(i).padStart(4, '0')}` }));
    let turns = 0;
    let running = true;
    // another request's work: counts the event loop turns it gets during the export
    const other = () => {
      turns++;
      if (running) setImmediate(other);
    };
    setImmediate(other);
    const turnsBefore = turns;
    const bytes = await buffer(streamSheet('名单', [{ header: '姓名', key: 'name', width: 10 }, { header: '身份证号', key: 'id', width: 22, text: true }], rows, (r) => ({ name: r.name, id: r.id })));
    running = false;
    expect(turns - turnsBefore).toBeGreaterThanOrEqual(3000 / 250 - 1);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('名单')!;
    expect(ws.rowCount).toBe(3001);
    expect(ws.getRow(1).getCell(1).value).toBe('姓名');
    expect(ws.getRow(1).font?.bold).toBe(true);
    expect(ws.getRow(3001).getCell(2).value).toBe('654002198503122999');
    expect(ws.getRow(2).getCell(2).numFmt).toBe('@');
  });
});
