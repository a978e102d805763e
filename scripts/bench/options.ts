import { parseArgs } from 'node:util';
import type { DbKind } from './databases';
import { ALL_SCENARIOS, type ScenarioId } from './scenarios';

/** Everything a bench run can be told; see `npm run bench -- --help`. */
export interface BenchOptions {
  /** Smaller defaults for a check in a few minutes. */
  quick: boolean;
  /** Database of idgate and the baseline. */
  db: DbKind;
  /** Users to generate. */
  users: number;
  /** Seconds per measured run (one server, one round). */
  duration: number;
  /** Seconds of unmeasured load per server before a scenario's first round. */
  warmup: number;
  /** Rounds, each idgate then the baseline. */
  rounds: number;
  /** Concurrent connections per run. */
  connections: number;
  /** Seconds before a request counts as failed (timed out). */
  timeout: number;
  /** Scenarios to run, in report order. */
  scenarios: ScenarioId[];
  /** Seed of the data generator. */
  seed: number;
  /** Keyword of scenario c. */
  keyword: string;
  /** Also measure scenario c on a second data set of this many users (null: not). */
  keywordUsers: number | null;
  /** Page through every user with first: 500 after the scenarios, watching idgate's memory. */
  paging: boolean;
  /** Folder the Markdown report goes to. */
  out: string;
  /** LOG_LEVEL for idgate; undefined keeps idgate's own default ("info"). */
  idgateLogLevel: string | undefined;
}

/** The help text of `npm run bench -- --help`. */
export const USAGE = `npm run bench -- [options]

  --quick               10k users, 5 s runs, 1 round, 1 s warm-up (PostgreSQL unless --db says otherwise)
  --db postgres|sqlite  database for idgate and the baseline (default postgres)
  --users N             generated users (default 100000; 1000000 for the 1M figures)
  --duration S          seconds per measured run (default 15)
  --rounds R            rounds, each idgate then baseline (default 3)
  --warmup S            seconds of unmeasured load per server before a scenario (default 3; 0: none)
  --connections C       concurrent connections (default 32; scenario f always uses 1)
  --timeout S           seconds before a request counts as failed (default 10)
  --scenarios LIST      comma-separated subset of a,b,c,d,e,f,g (default all)
  --keyword TEXT        keyword of scenario c (default smi)
  --keyword-users N     also run scenario c on a second data set of N users (e.g. 1000000)
  --paging              then page through every user with first: 500, watching idgate's memory
  --seed N              data generator seed (default 1)
  --out DIR             report folder (default bench/results)
  --idgate-log-level L  LOG_LEVEL for idgate (default: idgate's own, info)
  --help                this text
`;

function positiveInt(name: string, text: string | undefined, fallback: number, min = 1): number {
  if (text === undefined) return fallback;
  const n = Number(text.replace(/_/g, ''));
  if (!Number.isInteger(n) || n < min)
    throw new Error(`--${name}: must be an integer of at least ${min}, got "${text}"`);
  return n;
}

/** Parses the command line; throws with a one-line message on a bad option. Null for --help. */
export function parseOptions(argv: string[]): BenchOptions | null {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean', default: false },
      db: { type: 'string' },
      users: { type: 'string' },
      duration: { type: 'string' },
      warmup: { type: 'string' },
      rounds: { type: 'string' },
      connections: { type: 'string' },
      timeout: { type: 'string' },
      scenarios: { type: 'string' },
      keyword: { type: 'string' },
      'keyword-users': { type: 'string' },
      paging: { type: 'boolean' },
      seed: { type: 'string' },
      out: { type: 'string' },
      'idgate-log-level': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) return null;
  const quick = values.quick ?? false;
  const db = (values.db ?? 'postgres') as DbKind;
  if (db !== 'postgres' && db !== 'sqlite') throw new Error(`--db: postgres or sqlite, got "${values.db}"`);
  const scenarios = (values.scenarios ?? ALL_SCENARIOS.join(','))
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean) as ScenarioId[];
  const unknown = scenarios.filter((s) => !ALL_SCENARIOS.includes(s));
  if (unknown.length || !scenarios.length) {
    throw new Error(`--scenarios: letters among ${ALL_SCENARIOS.join(',')}, got "${values.scenarios}"`);
  }
  return {
    quick,
    db,
    users: positiveInt('users', values.users, quick ? 10_000 : 100_000),
    duration: positiveInt('duration', values.duration, quick ? 5 : 15),
    warmup: positiveInt('warmup', values.warmup, quick ? 1 : 3, 0),
    rounds: positiveInt('rounds', values.rounds, quick ? 1 : 3),
    connections: positiveInt('connections', values.connections, 32),
    timeout: positiveInt('timeout', values.timeout, 10),
    scenarios: ALL_SCENARIOS.filter((s) => scenarios.includes(s)),
    seed: positiveInt('seed', values.seed, 1),
    keyword: values.keyword ?? 'smi',
    paging: values.paging === true,
    keywordUsers:
      values['keyword-users'] === undefined ? null : positiveInt('keyword-users', values['keyword-users'], 0),
    out: values.out ?? 'bench/results',
    idgateLogLevel: values['idgate-log-level'],
  };
}
