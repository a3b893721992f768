/**
 * The benchmark suite: the machine's limits, then each bench, one at a time (two cores: anything
 * run beside a bench is in its figures), each as its own Node.js process; then the summary of
 * figures, limits, ratios and targets rewritten between the markers in docs/benchmarks.md.
 *
 *   npm run bench [-- --quick] [--only limits,e2e,...] [--no-write] [--<bench> "<args>"]
 *
 * Benches: limits, e2e, ingestion-journal, reconciliation, resync, query. `--e2e 50000` sets the
 * end-to-end size and, unless `--limits` is given too, the limits' (they measure the same records).
 * Starts Kafka (deploy/kafka/kafka.sh) when none answers, and then stops it at the end; a broker
 * already running is left alone. PostgreSQL and Redis must be up; the query bench needs `wrk`.
 */
import { execFile, execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { kafkaAnswers } from '@po-sync/testing';
import { Client } from 'pg';
import { benchCommand, RESULT_PREFIX, ROOT, type BenchResult } from './bench-kit';
import { renderSummary, writeSummary, type BenchRun } from './bench-report';

const run = promisify(execFile);
const BROKERS = (process.env.KAFKA_BROKERS ?? 'localhost:9092').split(',');
const DOC = join(ROOT, 'docs', 'benchmarks.md');

/** In running order; full sizes as in docs/benchmarks.md, quick sizes for a check in a few minutes. */
const BENCHES = [
  { name: 'limits', file: 'limits.bench.ts', full: '100000', quick: '10000' },
  { name: 'e2e', file: 'end-to-end.bench.ts', full: '100000', quick: '10000' },
  { name: 'ingestion-journal', file: 'ingestion-journal.bench.ts', full: '50000 1000', quick: '5000 200' },
  { name: 'reconciliation', file: 'reconciliation.bench.ts', full: '1000000 300', quick: '20000 50' },
  { name: 'resync', file: 'resync.bench.ts', full: '100000', quick: '5000' },
  { name: 'query', file: 'query.bench.ts', full: '1000000 15', quick: '20000 3' },
] as const;

function parseArgs(argv: string[]) {
  const options = { quick: false, write: true, only: undefined as Set<string> | undefined };
  const sizes = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--quick') options.quick = true;
    else if (arg === '--no-write') options.write = false;
    else if (arg === '--only') options.only = new Set((argv[++i] ?? '').split(',').filter(Boolean));
    else if (arg.startsWith('--') && BENCHES.some((b) => b.name === arg.slice(2)))
      sizes.set(arg.slice(2), argv[++i] ?? '');
    else throw new Error(`unknown option ${arg}; see the comment at the top of scripts/bench/run-all.ts`);
  }
  for (const name of options.only ?? [])
    if (!BENCHES.some((b) => b.name === name))
      throw new Error(`--only: unknown bench ${name} (${BENCHES.map((b) => b.name).join(', ')})`);
  if (sizes.has('e2e') && !sizes.has('limits')) sizes.set('limits', sizes.get('e2e') ?? '');
  return { ...options, sizes };
}

/** Runs one bench, echoing its output, and keeps its BENCH_RESULT line. */
function runBench(file: string, args: string[]): Promise<{ result?: BenchResult; exitCode: number | null }> {
  const child = spawn(process.execPath, ['-r', './scripts/register.js', `scripts/bench/${file}`, ...args], {
    cwd: ROOT,
    env: process.env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let result: BenchResult | undefined;
  createInterface({ input: child.stdout }).on('line', (line) => {
    if (line.startsWith(RESULT_PREFIX)) result = JSON.parse(line.slice(RESULT_PREFIX.length)) as BenchResult;
    else console.log(line);
  });
  return new Promise((resolve) => child.once('close', (exitCode) => resolve({ result, exitCode })));
}

async function has(command: string): Promise<boolean> {
  return run('bash', ['-c', `command -v ${command}`]).then(
    () => true,
    () => false,
  );
}

async function machine(): Promise<string> {
  const nproc = execFileSync('nproc').toString().trim();
  const kafka = /<kafka\.version>(.*)<\/kafka\.version>/.exec(
    readFileSync(join(ROOT, 'deploy', 'kafka', 'pom.xml'), 'utf8'),
  )?.[1];
  const client = new Client({
    connectionString: process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  });
  await client.connect();
  const { rows } = await client.query<{ server_version: string }>('SHOW server_version');
  await client.end();
  const postgres = (rows[0]?.server_version ?? '?').split(' ')[0];
  return (
    `${nproc} cores (nproc; ${cpus()[0]?.model.trim() ?? 'unknown CPU'}), ` +
    `${(totalmem() / 2 ** 30).toFixed(1)} GiB memory, Node.js ${process.version}, ` +
    `Kafka ${kafka ?? '?'}, PostgreSQL ${postgres}`
  );
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const options = parseArgs(argv);
  const started = new Date();
  let startedKafka = false;
  if (!(await kafkaAnswers(BROKERS))) {
    console.error(`[bench] no Kafka at ${BROKERS.join(',')}: starting deploy/kafka/kafka.sh`);
    await run('bash', ['deploy/kafka/kafka.sh', 'start'], { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 });
    startedKafka = true;
  }
  const runs = new Map<string, BenchRun>();
  try {
    for (const bench of BENCHES) {
      if (options.only !== undefined && !options.only.has(bench.name)) continue;
      const args = (options.sizes.get(bench.name) ?? (options.quick ? bench.quick : bench.full))
        .split(/\s+/)
        .filter(Boolean);
      const entry: BenchRun = { name: bench.name, command: benchCommand(bench.file, args) };
      runs.set(bench.name, entry);
      if (bench.name === 'query' && !(await has('wrk'))) {
        entry.skipped = '`wrk` not installed (apt-get install wrk)';
        console.error(`[bench] ${bench.name}: ${entry.skipped}`);
        continue;
      }
      console.error(`\n[bench] ${entry.command}`);
      const t0 = Date.now();
      const outcome = await runBench(bench.file, args);
      Object.assign(entry, outcome, { ms: Date.now() - t0 });
      console.error(
        `[bench] ${bench.name}: exit ${outcome.exitCode}, ${((Date.now() - t0) / 1000).toFixed(0)} s`,
      );
    }
  } finally {
    if (startedKafka) await run('bash', ['deploy/kafka/kafka.sh', 'stop'], { cwd: ROOT });
  }

  const block = renderSummary(runs, {
    date: started.toISOString().replace(/\.\d+Z$/, 'Z'),
    command: `npm run bench${argv.length > 0 ? ` -- ${argv.map((a) => (/\s/.test(a) ? `"${a}"` : a)).join(' ')}` : ''}`,
    quick: options.quick,
    machine: await machine(),
  });
  console.log(`\n${block}`);
  if (options.write) {
    writeSummary(DOC, block);
    console.error(`[bench] summary written to docs/benchmarks.md`);
  }
  if ([...runs.values()].some((r) => r.skipped === undefined && r.exitCode !== 0)) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
