import { spawn } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

function start(
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', join(ROOT, 'src', 'main.ts')],
      { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30000);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('start-up configuration errors', () => {
  it.each([
    [{ PORT: 'abc' }, 'Invalid configuration: PORT must be an integer, got "abc"'],
    [
      { NODE_ENV: 'production', ADMIN_TOKEN: '' },
      'Invalid configuration: ADMIN_TOKEN is required when NODE_ENV=production',
    ],
    [{ REDIS_URL: 'nope' }, 'Invalid configuration: REDIS_URL must be a URL, got "nope"'],
  ])('%p stops the process with one readable line', async (env, line) => {
    const result = await start(env);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`${line}\n`);
    expect(result.stdout).toBe('');
  });
});
