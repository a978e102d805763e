import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { refreshKnownSessions } from './bulk-load';
import { capture, compareAnswers, displayStatement, maskTokens } from './check';
import type { BenchDatabase } from './databases';
import type { DatasetInfo } from './dataset';
import { runLoad, sendOne, startLoad, type RequestPlan, type RunResult } from './measure';
import type { BenchOptions } from './options';
import { startBaseline, startIdgate, type ServerProcess } from './processes';
import type { PairRound, ScenarioReport } from './report';
import { body, type SqlScenario, type SqlScenarioId } from './scenarios';
import { wasInterrupted } from './cleanup';

/** Progress goes to stderr; the report is the result. */
export const say = (text: string) => process.stderr.write(`bench: ${text}\n`);

const LOGIN_CONNECTIONS = 8;

type Checked = Pick<ScenarioReport, 'statements' | 'sameData'>;

/**
 * Starts idgate and the baseline once more with the SQL hook, sends each scenario's sample requests to
 * both, and records the statements each ran and whether their answers hold the same data. d is checked
 * on three names; e on a login (the token must then work for `me` on the server that issued it).
 */
export async function checkScenarios(
  db: BenchDatabase,
  data: DatasetInfo,
  scenarios: SqlScenario[],
): Promise<Map<SqlScenarioId, Checked>> {
  const dir = mkdtempSync(join(tmpdir(), 'idgate-bench-sql-'));
  const logs = { idgate: join(dir, 'idgate.sql'), baseline: join(dir, 'baseline.sql') };
  const idgate = await startIdgate(db.url, {
    sqlLog: logs.idgate,
    stdoutFile: join(dir, 'idgate.log'),
    label: 'idgate (SQL capture)',
  });
  const baseline = await startBaseline(db.url, { sqlLog: logs.baseline });
  const out = new Map<SqlScenarioId, Checked>();
  try {
    await refreshKnownSessions(db, [...data.adminTokens, ...data.userTokens]);
    for (const scenario of scenarios) {
      const plan = scenario.logins ?? scenario.plan;
      const a = await capture(idgate, logs.idgate, plan);
      const b = await capture(baseline, logs.baseline, plan);
      let comparison = compareAnswers(a.answer, b.answer, scenario.logins ? maskTokens : undefined);
      for (let n = 1; n < (scenario.id === 'd' ? 3 : 1) && comparison.same; n++) {
        comparison = compareAnswers(await sendOne(idgate, plan, n), await sendOne(baseline, plan, n));
      }
      if (scenario.logins && comparison.same)
        comparison = await checkIssuedTokens(idgate, baseline, a.answer, b.answer);
      out.set(scenario.id, {
        statements: {
          idgate: a.statements.map(displayStatement),
          baseline: b.statements.map(displayStatement),
          note: scenario.logins ? 'The login (the `me` requests run the statements of a).' : undefined,
        },
        sameData: { same: comparison.same, difference: comparison.difference },
      });
      say(
        `check ${scenario.id}: ${a.statements.length} / ${b.statements.length} statements, same data: ${comparison.same ? 'yes' : `NO (${comparison.difference})`}`,
      );
    }
  } finally {
    await idgate.stop();
    await baseline.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}

async function checkIssuedTokens(idgate: ServerProcess, baseline: ServerProcess, a: unknown, b: unknown) {
  const token = (answer: unknown) =>
    (answer as { data?: { login?: { token?: string } } }).data?.login?.token ?? '';
  const me = (server: ServerProcess, t: string) => sendOne(server, { bodies: [body('Me')], tokens: [t] });
  return compareAnswers(await me(idgate, token(a)), await me(baseline, token(b)));
}

function describe(label: string, r: RunResult): string {
  const failed = r.errors + r.non2xx + r.badBodies;
  return `${label} ${r.rps.toFixed(1)} req/s, p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms, ${r.cpuMsPerRequest.toFixed(2)} ms CPU/req (client ${r.clientCpuMsPerRequest.toFixed(2)})${failed ? `, ${failed} FAILED` : ''}`;
}

/** A measured run's load: the run's connections, duration and timeout. */
const measured = (o: BenchOptions) => ({
  connections: o.connections,
  seconds: o.duration,
  timeout: o.timeout,
});

/** `me` (plan) while the login stream runs against the same server; returns both runs. */
async function duringLogins(server: ServerProcess, plan: RequestPlan, logins: RequestPlan, o: BenchOptions) {
  const [loginRun, stopLogins] = startLoad(server, logins, {
    connections: LOGIN_CONNECTIONS,
    seconds: o.duration + 30,
    timeout: 30,
  });
  await new Promise((r) => setTimeout(r, 500)); // the logins are under way before `me` is measured
  const me = await runLoad(server, plan, measured(o));
  stopLogins();
  const login = await loginRun;
  // The server's CPU served both streams: per `me` request it would be overstated.
  return { me: { ...me, cpuMsPerRequest: Number.NaN, clientCpuMsPerRequest: Number.NaN }, login };
}

/**
 * Measures one scenario: a warm-up of each server, then per round idgate and then the baseline, each
 * for the run's duration (e: `me` alone, then `me` during logins, for each server in turn).
 */
export async function measureScenario(
  scenario: SqlScenario,
  servers: { idgate: ServerProcess; baseline: ServerProcess },
  db: BenchDatabase,
  data: DatasetInfo,
  o: BenchOptions,
): Promise<ScenarioReport> {
  await refreshKnownSessions(db, [...data.adminTokens, ...data.userTokens]);
  const load = { connections: o.connections, seconds: o.warmup, timeout: o.timeout };
  for (const server of o.warmup ? [servers.idgate, servers.baseline] : []) {
    await runLoad(server, scenario.plan, load);
    if (scenario.logins) await runLoad(server, scenario.logins, { ...load, connections: LOGIN_CONNECTIONS });
  }
  const report: ScenarioReport = { id: scenario.id, title: scenario.title, rounds: [] };
  if (scenario.logins) Object.assign(report, { alone: [], logins: [] });
  for (let round = 1; round <= o.rounds && !wasInterrupted(); round++) {
    const pair: Partial<PairRound> = {};
    const alone: Partial<PairRound> = {};
    const logins: Partial<PairRound> = {};
    for (const side of ['idgate', 'baseline'] as const) {
      const server = servers[side];
      if (scenario.logins) {
        alone[side] = await runLoad(server, scenario.plan, measured(o));
        const both = await duringLogins(server, scenario.plan, scenario.logins, o);
        pair[side] = both.me;
        logins[side] = both.login;
        say(`${scenario.id} round ${round}: ${describe(`${side} alone`, alone[side])}`);
        say(
          `${scenario.id} round ${round}: ${describe(`${side} during logins`, both.me)}; logins ${both.login.rps.toFixed(1)}/s`,
        );
      } else {
        pair[side] = await runLoad(server, scenario.plan, measured(o));
        say(`${scenario.id} round ${round}: ${describe(side, pair[side])}`);
      }
    }
    report.rounds.push(pair as PairRound);
    report.alone?.push(alone as PairRound);
    report.logins?.push(logins as PairRound);
  }
  return report;
}
