import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

/** Shared by the benchmark scripts: services as child processes, as they run in production. */
export const ROOT = join(__dirname, '..', '..');
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function startService(name: string, env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['-r', './scripts/register.js', `services/${name}/src/main.ts`], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

export async function waitReady(port: number): Promise<void> {
  for (let i = 0; i < 240; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/health/ready`)).ok) return;
    } catch {
      /* not up yet */
    }
    await sleep(250);
  }
  throw new Error(`service on port ${port} did not become ready`);
}

export async function stopServices(children: ChildProcess[]): Promise<void> {
  for (const child of children) child.kill('SIGTERM');
  const exits = children
    .filter((c) => c.exitCode === null)
    .map((c) => new Promise<void>((resolve) => c.once('exit', () => resolve())));
  await Promise.all(exits);
}

export const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
