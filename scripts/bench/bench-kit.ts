import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

/** Shared by the benchmark scripts: services as child processes, as they run in production. */
export const ROOT = join(__dirname, '..', '..');
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * BENCH_CPU_PROFILE=<dir> has every service write a V8 CPU profile there when it stops (Node
 * refuses --cpu-prof in NODE_OPTIONS); open it in Chrome's DevTools or sum its self times.
 */
const PROFILE = process.env.BENCH_CPU_PROFILE
  ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROFILE}`]
  : [];

export function startService(name: string, env: Record<string, string>): ChildProcess {
  return spawn(
    process.execPath,
    // As the Dockerfile and scripts/run-all.sh start them.
    [...PROFILE, '--max-semi-space-size=32', '-r', './scripts/register.js', `services/${name}/src/main.ts`],
    {
      cwd: ROOT,
      env: { ...process.env, LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
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

/**
 * The figures a bench hands to scripts/bench/run-all.ts: one line on stdout, after its tables, so
 * the orchestrator never scrapes the human-readable output. `figures` are what the summary computes
 * with; `rows` are the bench's own table, copied into the generated details.
 */
export interface BenchResult {
  bench: string;
  command: string;
  figures: Record<string, number | string | null>;
  rows: [string, string][];
}

export const RESULT_PREFIX = 'BENCH_RESULT ';

export function printResult(result: BenchResult): void {
  console.log(`${RESULT_PREFIX}${JSON.stringify(result)}`);
}

export function printTable(title: string, rows: [string, string][]): void {
  console.log(`\n### ${title}\n`);
  console.log('| figure | value |\n| --- | --- |');
  for (const [name, value] of rows) console.log(`| ${name} | ${value} |`);
}

/** The command that runs a bench, as the docs show it. */
export const benchCommand = (file: string, args: (string | number)[]) =>
  `node -r ./scripts/register.js scripts/bench/${file} ${args.join(' ')}`.trim();
