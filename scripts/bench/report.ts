import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { format, resolveConfig } from 'prettier';
import type { DatasetInfo } from './dataset';
import { LEAD_IN_SECONDS, type RunResult } from './measure';
import type { BenchOptions } from './options';

/** One round of one scenario: idgate's run and the baseline's, back to back. */
export interface PairRound {
  /** idgate's run. */
  idgate: RunResult;
  /** The baseline's run. */
  baseline: RunResult;
}

/** Everything the report says about one scenario. */
export interface ScenarioReport {
  /** Scenario letter. */
  id: string;
  /** What it sends, for the table. */
  title: string;
  /** Why it did not run (then nothing else is set). */
  skipped?: string;
  /** The measured rounds (for e: `me` during the logins). */
  rounds: PairRound[];
  /** e: `me` alone, measured in the same rounds just before the runs with logins. */
  alone?: PairRound[];
  /** e: the login stream that ran beside `rounds`. */
  logins?: PairRound[];
  /** SQL statements of one sample request (display form). */
  statements?: { idgate: string[]; baseline: string[]; note?: string };
  /** Whether both answered the sample request(s) with the same data. */
  sameData?: { same: boolean; difference?: string };
}

/** What the report says about the run as a whole. */
export interface RunInfo {
  /** The options of the run. */
  options: BenchOptions;
  /** When the run started. */
  startedAt: Date;
  /** When it ended. */
  finishedAt: Date;
  /** CPU cores of the machine. */
  cores: number;
  /** CPU model. */
  cpuModel: string;
  /** Node version. */
  node: string;
  /** Load average (1, 5, 15 min) at the start. */
  loadStart: number[];
  /** Load average at the end. */
  loadEnd: number[];
  /** Git commit of the tree measured. */
  commit: string;
  /** The generated data (null when only f ran). */
  dataset: DatasetInfo | null;
}

const median = (xs: number[]) => {
  const s = xs.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
  if (!s.length) return Number.NaN;
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

function num(x: number, digits = 1): string {
  if (Number.isNaN(x) || !Number.isFinite(x)) return '–';
  return x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

const pick = (rounds: PairRound[], side: keyof PairRound, field: keyof RunResult) =>
  median(rounds.map((r) => r[side][field]));

/** The per-round throughput ratios idgate/baseline: "median (min–max)". */
function ratio(rounds: PairRound[]): string {
  const ratios = rounds.map((r) => r.idgate.rps / r.baseline.rps).filter((x) => Number.isFinite(x));
  if (!ratios.length) return '–';
  const lo = Math.min(...ratios);
  const hi = Math.max(...ratios);
  return ratios.length > 1 ? `${num(median(ratios), 2)} (${num(lo, 2)}–${num(hi, 2)})` : num(ratios[0]!, 2);
}

function failures(rounds: PairRound[], side: keyof PairRound): number {
  return rounds.reduce((n, r) => n + r[side].errors + r[side].non2xx + r[side].badBodies, 0);
}

/** Throughput: whole requests, but a decimal where there are few (slow scenarios). */
const rate = (x: number) => num(x, x < 100 ? 1 : 0);

function side(rounds: PairRound[], s: keyof PairRound, cpuDigits = 2): string[] {
  return [
    rate(pick(rounds, s, 'rps')),
    num(pick(rounds, s, 'p50')),
    num(pick(rounds, s, 'p99')),
    num(pick(rounds, s, 'cpuMsPerRequest'), cpuDigits),
    num(pick(rounds, s, 'rssMb'), 0),
  ];
}

const row = (cells: string[]) => `| ${cells.join(' | ')} |`;

/** The Markdown report of a run: setup, the main table, scenario e in detail, the statements. */
export function renderReport(info: RunInfo, scenarios: ScenarioReport[]): string {
  const o = info.options;
  const d = info.dataset;
  const lines: string[] = [
    `# idgate bench, ${o.db === 'postgres' ? 'PostgreSQL' : 'SQLite'}, ${o.users.toLocaleString('en-US')} users${o.quick ? ' (quick)' : ''}`,
    '',
    `- Started ${info.startedAt.toISOString()}, finished ${info.finishedAt.toISOString()} (${num((info.finishedAt.getTime() - info.startedAt.getTime()) / 60_000, 1)} min with setup and checks).`,
    `- Machine: ${info.cores} cores (${info.cpuModel}), Node ${info.node}; idgate at commit ${info.commit}.`,
    `- Load average (1, 5, 15 min) at start ${info.loadStart.map((x) => num(x, 2)).join(', ')}; at end ${info.loadEnd.map((x) => num(x, 2)).join(', ')}. Other work on the machine changes absolute figures; the ratios compare runs of the same rounds.`,
    `- Load: autocannon over 127.0.0.1, ${o.connections} connections (f: 1), ${o.timeout} s request timeout, ${o.rounds} round(s) of idgate then baseline; each run measures ${o.duration} s after a ${LEAD_IN_SECONDS} s lead-in; ${o.warmup ? `${o.warmup} s warm-up per server before each scenario` : 'no warm-up'}. idgate LOG_LEVEL ${o.idgateLogLevel ?? 'info (its default)'}, stdout discarded.`,
    d
      ? `- Data (seed ${o.seed}): ${d.users.toLocaleString('en-US')} users, ${d.groups.toLocaleString('en-US')} groups, ${d.memberships.toLocaleString('en-US')} memberships, ${d.tags.toLocaleString('en-US')} tags, ${d.sessions.toLocaleString('en-US')} sessions; "${o.keyword}" matches ${d.smiMatches.toLocaleString('en-US')} users.`
      : '- Data: none generated (only scenario f ran).',
    '',
    "Figures are medians over the rounds; the ratio is idgate req/s over baseline req/s per round (median, and range when there are several rounds). CPU is the server process's user+system time per request (all threads); RSS its highest resident size during the run.",
    '',
    row([
      'Scenario',
      'idgate req/s',
      'p50 ms',
      'p99 ms',
      'CPU ms/req',
      'RSS MiB',
      'baseline req/s',
      'p50 ms',
      'p99 ms',
      'CPU ms/req',
      'RSS MiB',
      'ratio',
      'SQL stmts idgate/base',
      'same data',
      'failed requests idgate/base',
    ]),
    row(Array.from({ length: 15 }, (_, i) => (i === 0 ? '---' : '---:'))),
  ];
  for (const s of scenarios) {
    if (s.skipped) {
      lines.push(
        row([`${s.id}. ${s.title}`, `skipped: ${s.skipped}`, ...Array.from({ length: 13 }, () => '')]),
      );
      continue;
    }
    const stmts = s.statements ? `${s.statements.idgate.length} / ${s.statements.baseline.length}` : '–';
    const same = s.sameData ? (s.sameData.same ? 'yes' : '**no**') : '–';
    lines.push(
      row([
        `${s.id}. ${s.title}`,
        ...side(s.rounds, 'idgate'),
        ...side(s.rounds, 'baseline'),
        ratio(s.rounds),
        stmts,
        same,
        `${failures(s.rounds, 'idgate')} / ${failures(s.rounds, 'baseline')}`,
      ]),
    );
  }
  const e = scenarios.find((s) => s.id === 'e' && !s.skipped && s.alone && s.logins);
  if (e) {
    const p99 = (rounds: PairRound[], s: keyof PairRound) => pick(rounds, s, 'p99');
    lines.push(
      '',
      '## e. `me` during logins',
      '',
      row([
        'Server',
        '`me` p99 alone ms',
        '`me` p99 during logins ms',
        'p99 ratio (during/alone)',
        '`me` req/s alone',
        '`me` req/s during',
        'logins/s',
        'login p99 ms',
      ]),
      row(['---', '---:', '---:', '---:', '---:', '---:', '---:', '---:']),
    );
    for (const s of ['idgate', 'baseline'] as const) {
      lines.push(
        row([
          s,
          num(p99(e.alone!, s)),
          num(p99(e.rounds, s)),
          num(p99(e.rounds, s) / p99(e.alone!, s), 2),
          rate(pick(e.alone!, s, 'rps')),
          rate(pick(e.rounds, s, 'rps')),
          num(pick(e.logins!, s, 'rps'), 1),
          num(pick(e.logins!, s, 'p99'), 0),
        ]),
      );
    }
  }
  const measured = scenarios.filter((s) => !s.skipped && s.rounds.length);
  if (measured.length) {
    lines.push(
      '',
      '## Load generator',
      '',
      "autocannon runs in the bench's own process on the same cores. Its CPU per request, next to the server's: where the two add up to about the machine's capacity, the client limits the throughput (it does so most for the fastest server, which makes the ratio look better for idgate than it is).",
      '',
      row(['Scenario', 'client CPU ms/req, idgate runs', 'client CPU ms/req, baseline runs']),
      row(['---', '---:', '---:']),
      ...measured.map((s) =>
        row([
          `${s.id}. ${s.title}`,
          num(pick(s.rounds, 'idgate', 'clientCpuMsPerRequest'), 3),
          num(pick(s.rounds, 'baseline', 'clientCpuMsPerRequest'), 3),
        ]),
      ),
    );
  }
  const f = scenarios.find((s) => s.id === 'f' && !s.skipped);
  if (f) {
    const t = pick(f.rounds, 'idgate', 'p50') / pick(f.rounds, 'baseline', 'p50');
    lines.push(
      '',
      `Scenario f runs one request at a time; its baseline is the raw ldapts searches in the bench's own process (no HTTP, no database). Page time idgate/raw (p50): ${num(t, 2)}.`,
    );
  }
  const problems = scenarios.filter((s) => s.sameData && !s.sameData.same);
  if (problems.length) {
    lines.push('', '## Answers that differ', '');
    for (const s of problems) lines.push(`- ${s.id}: ${s.sameData!.difference}`);
  }
  lines.push('', '## SQL statements of one request', '');
  for (const s of scenarios) {
    if (!s.statements) continue;
    lines.push(
      `### ${s.id}. ${s.title}`,
      '',
      ...(s.statements.note ? [s.statements.note, ''] : []),
      'idgate:',
      '',
      '```sql',
    );
    lines.push(
      ...s.statements.idgate,
      '```',
      '',
      'baseline:',
      '',
      '```sql',
      ...s.statements.baseline,
      '```',
      '',
    );
  }
  return `${lines.join('\n')}\n`;
}

/** Writes the report as <out>/<date>-<db>[-quick][-N].md, formatted by the project's prettier. */
export async function writeReport(info: RunInfo, markdown: string): Promise<string> {
  mkdirSync(info.options.out, { recursive: true });
  const stem = `${info.startedAt.toISOString().slice(0, 10)}-${info.options.db}${info.options.quick ? '-quick' : ''}`;
  let path = join(info.options.out, `${stem}.md`);
  for (let i = 2; existsSync(path); i++) path = join(info.options.out, `${stem}-${i}.md`);
  const config = (await resolveConfig(path)) ?? {};
  writeFileSync(path, await format(markdown, { ...config, filepath: path }));
  return path;
}
