// `zhiping workdays add <YYYY-MM-DD> <n>`: the date n working days after a date (U2), for the
// office to check a publicity period by hand. Kept apart from src/domain so the domain stays pure.
import { addWorkingDays, CalendarRangeError } from './domain/working-days';

export interface CliOutput {
  out: (text: string) => void;
  err: (text: string) => void;
}

const USAGE = [
  '用法：zhiping workdays add <日期 YYYY-MM-DD> <工作日天数>',
  '例如：zhiping workdays add 2023-09-28 5   → 2023-10-11（不含起始日，按国家法定节假日和调休计算）',
].join('\n');

/**
 * `argv` is what follows `workdays` on the command line (a leading `workdays` is tolerated).
 * Prints the result date and returns 0; on bad input or a date beyond the holiday data prints a
 * Chinese message to stderr and returns 2.
 */
export function runWorkdaysCommand(
  argv: string[],
  io: CliOutput = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) },
): number {
  const args = argv[0] === 'workdays' ? argv.slice(1) : argv;
  const [sub, date, count, ...rest] = args;
  if (sub !== 'add' || date === undefined || count === undefined || rest.length > 0) {
    io.err(`${USAGE}\n`);
    return 2;
  }
  if (!/^\d+$/.test(count)) {
    io.err(`工作日天数应为非负整数，收到「${count}」\n${USAGE}\n`);
    return 2;
  }
  try {
    io.out(`${addWorkingDays(date, Number(count))}\n`);
    return 0;
  } catch (e) {
    if (e instanceof CalendarRangeError) {
      io.err(`${e.message}\n`);
      return 2;
    }
    if (e instanceof RangeError) {
      io.err(`${e.message}\n${USAGE}\n`);
      return 2;
    }
    throw e;
  }
}
