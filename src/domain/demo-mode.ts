// Demo mode (issue 9, item 2): demo accounts with a published password exist only when asked for.

/**
 * ZHIPING_DEMO=1 asks for demo mode; `npm start` (bin/start.mjs) asks for it on the embedded
 * database unless ZHIPING_DEMO is set. DATABASE_URL means a real server: never demo accounts
 * there, even when asked (`ignored` then says so).
 */
export function demoModeFromEnv(env: Record<string, string | undefined>): { demo: boolean; ignored: boolean } {
  const asked = env.ZHIPING_DEMO === '1';
  const server = !!env.DATABASE_URL;
  return { demo: asked && !server, ignored: asked && server };
}
