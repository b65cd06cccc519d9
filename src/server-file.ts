// `<dataDir>/server.json`: where the server that holds an embedded data folder listens, and the token
// the `zhiping` command on this machine shows it (mode 0600: readable only by the folder's owner).
import fs from 'node:fs';
import path from 'node:path';

export interface ServerFile {
  port: number;
  token: string;
  pid: number;
}

export function writeServerFile(dataDir: string, info: ServerFile): { remove(): void } {
  const file = path.join(dataDir, 'server.json');
  fs.writeFileSync(file, JSON.stringify(info), { mode: 0o600 });
  const remove = () => fs.rmSync(file, { force: true });
  process.once('exit', remove);
  return { remove };
}

export function readServerFile(dataDir: string): ServerFile | null {
  try {
    const o = JSON.parse(fs.readFileSync(path.join(dataDir, 'server.json'), 'utf8')) as ServerFile;
    return typeof o.port === 'number' && typeof o.token === 'string' ? o : null;
  } catch {
    return null;
  }
}
