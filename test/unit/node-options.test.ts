// Issue 13 item 7: the server's V8 options (bin/node-options.mjs) reach both ways of starting it,
// `npm start` and the `zhiping` command, and this Node takes them.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { SERVER_NODE_OPTIONS } from '../../bin/node-options.mjs';

const execFileP = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');
const zhiping = path.join(root, 'bin/zhiping.mjs');
const shebang = fs.readFileSync(zhiping, 'utf8').split('\n')[0]!;

describe('the server’s Node options', () => {
  it('are on the command lines of `npm start` and of the zhiping command', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.start).toBe(`node ${SERVER_NODE_OPTIONS.join(' ')} bin/start.mjs`);
    expect(shebang).toBe(`#!/usr/bin/env -S node ${SERVER_NODE_OPTIONS.join(' ')}`);
  });

  it('are taken by this Node through the first line of the zhiping command', async () => {
    const [env, ...args] = shebang.slice(2).split(' ');
    const { stdout } = await execFileP(env!, [...args, '-p', 'JSON.stringify(process.execArgv)']);
    expect(JSON.parse(stdout)).toEqual([...SERVER_NODE_OPTIONS, '-p', 'JSON.stringify(process.execArgv)']);
    // and the command itself runs when started by that line, as npx starts it
    const help = await execFileP(zhiping, ['detect', '--help'], { cwd: root });
    expect(help.stdout).toContain('用法：zhiping detect');
  });
});
