// The `zhiping` command. Subcommands other tools depend on: detect, mask, verify, workdays, admin.
const USAGE = `用法：
  zhiping detect <image.jpg> --name <姓名> --unit <单位> [--unit <别名>]... --json
  zhiping mask <in.jpg> <out.jpg> --regions <file.json>
  zhiping verify <masked.jpg> --name <姓名> --unit <单位>... --json
  zhiping workdays add <YYYY-MM-DD> <n>
  zhiping admin create <用户名> [--name <姓名>]  创建州人社局管理员，打印一次性密码（首次登录须修改）
  zhiping admin reset-password <用户名>        将密码重置为一次性密码（首次登录须修改）
  zhiping backup <file.tar>     备份内置数据库与全部附件（服务运行中也可）
  zhiping restore <file.tar> [--data-dir <目录>]  恢复到空的数据目录
  zhiping serve                 启动系统（同 npm start，不构建前端）
  zhiping jobs                  只运行后台作业（可在其他进程或机器上运行，共享 DATABASE_URL）
  zhiping <命令> --help         查看该命令的用法`;

/** `zhiping <command> --help` for the commands that do not print their own (issue 12 item 8). */
const HELP: Record<string, string> = {
  workdays: `用法：zhiping workdays add <日期 YYYY-MM-DD> <工作日天数>
  打印该日期之后第 n 个工作日（不含起始日，按法定节假日和调休计算）`,
  admin: `用法：
  zhiping admin create <用户名> [--name <姓名>]   创建州人社局管理员，打印一次性密码
  zhiping admin reset-password <用户名>           将密码重置为一次性密码`,
  serve: `用法：zhiping serve
  启动系统（同 npm start，不构建前端）；数据目录与 DATABASE_URL 见 README`,
  jobs: `用法：zhiping jobs
  只运行后台作业（可在其他进程或机器上运行，共享 DATABASE_URL）`,
};

export async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  if (cmd !== undefined && HELP[cmd] && (rest.includes('--help') || rest.includes('-h'))) {
    console.log(HELP[cmd]);
    return 0;
  }
  switch (cmd) {
    case 'detect':
    case 'mask':
    case 'verify': {
      const { runMaskingCommand } = await import('./masking/cli-commands');
      return runMaskingCommand(argv);
    }
    case 'workdays': {
      const { runWorkdaysCommand } = await import('./cli-workdays');
      return runWorkdaysCommand(rest);
    }
    case 'admin': {
      const { runAdminCli } = await import('./cli-admin');
      return runAdminCli(rest);
    }
    case 'backup':
    case 'restore': {
      const { runBackupCommand } = await import('./cli-backup');
      return runBackupCommand(cmd, rest);
    }
    case 'serve':
      await import('./server');
      return new Promise<number>(() => {});
    case 'jobs': {
      const { runJobsOnly } = await import('./jobs/standalone');
      return runJobsOnly();
    }
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      console.log(USAGE);
      return cmd === undefined ? 2 : 0;
    default:
      console.error(`未知命令：${cmd}\n${USAGE}`);
      return 2;
  }
}
