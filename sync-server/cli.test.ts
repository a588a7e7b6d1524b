// `npm run sync-server -- --port 0 --data <dir>`: prints its URL and, on first start only, the
// admin token (stored hashed).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import readline from 'node:readline';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../app/testing/temp.ts';

async function launch(dataDir: string, env: NodeJS.ProcessEnv = {}): Promise<{ lines: string[]; stop(): Promise<void> }> {
  const script = new URL('./main.ts', import.meta.url).pathname;
  const child = spawn(process.execPath, [script, '--port', '0', '--data', dataDir], {
    stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, TONEARM_ADMIN_TOKEN: '', ...env },
  });
  const lines: string[] = [];
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start line; got ${lines.join(' | ')}`)), 20_000);
    readline.createInterface({ input: child.stdout }).on('line', (line) => {
      lines.push(line);
      if (line.startsWith('Tonearm sync server on')) {
        // The token line, when there is one, follows in the same write burst.
        setTimeout(() => {
          clearTimeout(timer);
          resolve();
        }, 200);
      }
    });
    child.once('exit', () => reject(new Error(`exited early: ${lines.join(' | ')}`)));
  });
  return {
    lines,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

describe('sync-server CLI', () => {
  it('starts on loopback, prints the admin token once, and serves health', async () => {
    const dir = tempDir('tonearm-sync-cli-');
    try {
      const first = await launch(dir);
      const url = /on (http:\/\/127\.0\.0\.1:\d+)/.exec(first.lines[0] ?? '')?.[1];
      expect(url).toBeDefined();
      const token = /Admin token .*: (\S+)$/.exec(first.lines.find((l) => l.startsWith('Admin token')) ?? '')?.[1];
      expect(token).toBeDefined();
      expect((await fetch(`${url}/api/health`)).status).toBe(200);
      expect((await fetch(`${url}/api/admin/devices`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
      await first.stop();
      expect(fs.readFileSync(`${dir}/mirror.sqlite`).includes(Buffer.from(token ?? 'x'))).toBe(false);

      const second = await launch(dir);
      expect(second.lines.some((l) => l.startsWith('Admin token'))).toBe(false);
      const url2 = /on (http:\/\/127\.0\.0\.1:\d+)/.exec(second.lines[0] ?? '')?.[1];
      expect((await fetch(`${url2}/api/admin/devices`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
      await second.stop();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
