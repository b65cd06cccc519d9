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
  zhiping jobs                  只运行后台作业（可在其他进程或机器上运行，共享 DATABASE_URL）`;

export async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
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
