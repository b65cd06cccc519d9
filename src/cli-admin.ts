// `zhiping admin create <username>` and `zhiping admin reset-password <username>` (issue 9, item 2):
// a production database has no account until the first bureau administrator is created here. Both
// print a one-time password that must be changed at the first login.
import type { Kysely } from 'kysely';
import type { DB } from './db/schema';
import { defaultDataDir, migrateToLatest, openDatabase } from './db/connection';
import { seedReferenceData } from './db/seed';
import { createAdministrator, resetPassword } from './services/account.service';
import { Refused } from './domain/errors';
import { blobStoreConfigFromEnv, openBlobStore } from './storage/blob-store-config';
import { systemClock } from './clock';
import type { CliOutput } from './cli-workdays';

export const ADMIN_USAGE = `用法：
  zhiping admin create <用户名> [--name <姓名>]   创建州人社局管理员，打印一次性密码（首次登录须修改）
  zhiping admin reset-password <用户名>           将账号密码重置为一次性密码（首次登录须修改）`;

/** Runs on an open database (tests pass theirs); `args` is what follows `admin`. */
export async function runAdminCommand(args: string[], db: Kysely<DB>, io: CliOutput, now: () => Date = systemClock()): Promise<number> {
  const [sub, username, ...rest] = args;
  if ((sub !== 'create' && sub !== 'reset-password') || !username) {
    io.err(ADMIN_USAGE);
    return 2;
  }
  const ctx = { db, blobs: openBlobStore(blobStoreConfigFromEnv(process.env, defaultDataDir())), now };
  try {
    if (sub === 'create') {
      const i = rest.indexOf('--name');
      const name = i >= 0 ? rest[i + 1] : undefined;
      const { password } = await createAdministrator(ctx, username, name || undefined);
      io.out(`已创建州人社局管理员 ${username.trim()}\n一次性密码：${password}\n请妥善转交；首次登录后须立即修改密码。`);
    } else {
      const { password } = await resetPassword(ctx, null, username);
      io.out(`已重置 ${username.trim()} 的密码\n一次性密码：${password}\n该账号的登录会话已全部失效；首次登录后须立即修改密码。`);
    }
    return 0;
  } catch (e) {
    if (e instanceof Refused) {
      io.err(e.detail);
      return 1;
    }
    throw e;
  }
}

/** The command line entry: opens the configured database (migrating it and seeding reference data if new). */
export async function runAdminCli(args: string[]): Promise<number> {
  const handle = await openDatabase();
  try {
    await migrateToLatest(handle.db);
    // the server's clock (src/clock.ts), so the year it opens is the one the server then serves
    const thisYear = Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(systemClock()()));
    await seedReferenceData(handle.db, { years: [2023, thisYear], openYears: [thisYear] });
    return await runAdminCommand(args, handle.db, { out: (t) => console.log(t), err: (t) => console.error(t) });
  } finally {
    await handle.close();
  }
}
