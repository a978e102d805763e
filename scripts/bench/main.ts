import { execFileSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { bulkLoad } from './bulk-load';
import { cleanupAll, installSignalHandlers, wasInterrupted } from './cleanup';
import { compareAnswers } from './check';
import { freshDatabase } from './databases';
import type { DatasetInfo } from './dataset';
import { runRawPage, runIdgatePage, slapdAvailable, startLdapEnv } from './ldap';
import { pageThroughAll } from './paging';
import { sendOne } from './measure';
import { parseOptions, USAGE, type BenchOptions } from './options';
import { startBaseline, startIdgate } from './processes';
import { renderReport, writeReport, type PairRound, type ScenarioReport } from './report';
import { checkScenarios, measureScenario, say } from './run-sql';
import { sqlScenarios, type SqlScenarioId } from './scenarios';

/**
 * `npm run bench`: measures idgate against a hand-written baseline over the same data, in alternating
 * rounds, and writes a Markdown report to bench/results/. See docs/performance.md.
 */

function commit(): string {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], {
      encoding: 'utf8',
    }).trim();
    return dirty ? `${head} (with uncommitted changes)` : head;
  } catch {
    return 'unknown';
  }
}

/** Scenarios a–e and g: one database, filled once, both servers kept running across the scenarios. */
async function runSqlScenarios(
  o: BenchOptions,
  ids: SqlScenarioId[],
  users = o.users,
): Promise<{ data: DatasetInfo; reports: ScenarioReport[] }> {
  const db = await freshDatabase(o.db);
  say(`database ${db.kind === 'postgres' ? db.name : db.path}: schema by idgate's migrations`);
  const migrate = await startIdgate(db.url, { label: 'idgate (migrations)' });
  await migrate.stop();
  const t0 = Date.now();
  say(`generating ${users.toLocaleString('en-US')} users (seed ${o.seed})`);
  const data = await bulkLoad(db, users, o.seed);
  say(
    `data loaded in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${data.memberships} memberships, ${data.tags} tags, ${data.sessions} sessions`,
  );
  const all = sqlScenarios(data, o.seed, o.keyword);
  const scenarios = ids.map((id) => all[id]);
  const checks = await checkScenarios(db, data, scenarios);
  const idgate = await startIdgate(db.url, { logLevel: o.idgateLogLevel });
  const baseline = await startBaseline(db.url);
  const reports: ScenarioReport[] = [];
  try {
    for (const scenario of scenarios) {
      if (wasInterrupted()) break;
      say(`scenario ${scenario.id}: ${scenario.title}`);
      const report = await measureScenario(scenario, { idgate, baseline }, db, data, o);
      reports.push({ ...report, ...checks.get(scenario.id) });
    }
    if (o.paging && !wasInterrupted() && users === o.users) {
      say(`paging through all ${users.toLocaleString('en-US')} users with first: 500`);
      const p = await pageThroughAll(idgate, data.adminTokens[0]!);
      const growth = ((p.rssLastThird / p.rssMiddleThird - 1) * 100).toFixed(1);
      say(
        `paging: ${p.pages} pages, ${p.users} users in ${p.seconds.toFixed(1)} s (page p50 ${p.pageMsFirstThird} ms in the first third, ${p.pageMsLastThird} ms in the last; slowest ${p.slowestPageMs} ms); RSS by thirds ${p.rssFirstThird.toFixed(0)} / ${p.rssMiddleThird.toFixed(0)} / ${p.rssLastThird.toFixed(0)} MiB (middle to last: ${growth}%)`,
      );
    }
  } finally {
    await idgate.stop();
    await baseline.stop();
    await db.drop();
  }
  return { data, reports };
}

/** Scenario f: idgate with an LDAP backend against the same searches made directly with ldapts. */
async function runLdapScenario(o: BenchOptions): Promise<ScenarioReport> {
  const title = 'page of 100 LDAP users with their groups';
  if (!slapdAvailable()) return { id: 'f', title, skipped: 'slapd is not installed', rounds: [] };
  say('scenario f: starting slapd (2,000 users, 100 groups) and idgate with an LDAP backend');
  const env = await startLdapEnv(o.db, o.idgateLogLevel);
  try {
    const comparison = compareAnswers(await sendOne(env.idgate, env.plan), await env.rawPage());
    say(`check f: same data: ${comparison.same ? 'yes' : `NO (${comparison.difference})`}`);
    if (o.warmup) {
      await runIdgatePage(env, o.warmup);
      await runRawPage(env, o.warmup);
    }
    const rounds: PairRound[] = [];
    for (let round = 1; round <= o.rounds && !wasInterrupted(); round++) {
      const idgate = await runIdgatePage(env, o.duration);
      const baseline = await runRawPage(env, o.duration);
      say(
        `f round ${round}: idgate p50 ${idgate.p50.toFixed(1)} ms, raw ldapts p50 ${baseline.p50.toFixed(1)} ms`,
      );
      rounds.push({ idgate, baseline });
    }
    return { id: 'f', title, rounds, sameData: { same: comparison.same, difference: comparison.difference } };
  } finally {
    await env.close();
  }
}

async function main(): Promise<void> {
  let options: BenchOptions | null;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`bench: ${(error as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (!options) {
    process.stdout.write(USAGE);
    return;
  }
  installSignalHandlers();
  const o = options;
  const startedAt = new Date();
  const loadStart = loadavg();
  say(
    `${o.db}, ${o.users.toLocaleString('en-US')} users, scenarios ${o.scenarios.join(',')}, ${o.rounds} round(s) of ${o.duration} s, ${o.connections} connections; load average ${loadStart.map((x) => x.toFixed(2)).join(' ')}`,
  );
  const sqlIds = o.scenarios.filter((s): s is SqlScenarioId => s !== 'f');
  const reports: ScenarioReport[] = [];
  let data: DatasetInfo | null = null;
  if (sqlIds.length) {
    const sql = await runSqlScenarios(o, sqlIds);
    data = sql.data;
    reports.push(...sql.reports);
  }
  if (o.keywordUsers && o.scenarios.includes('c') && !wasInterrupted()) {
    // The keyword search once more on a bigger data set (its own database, dropped afterwards).
    const big = await runSqlScenarios(o, ['c'], o.keywordUsers);
    const label = `${o.keywordUsers.toLocaleString('en-US')} users`;
    reports.push(...big.reports.map((r) => ({ ...r, id: 'c', title: `${r.title} at ${label}` })));
  }
  if (o.scenarios.includes('f') && !wasInterrupted()) reports.push(await runLdapScenario(o));
  if (wasInterrupted()) return;
  const info = {
    options: o,
    startedAt,
    finishedAt: new Date(),
    cores: cpus().length,
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown CPU',
    node: process.version,
    loadStart,
    loadEnd: loadavg(),
    commit: commit(),
    dataset: data,
  };
  reports.sort((a, b) => a.id.localeCompare(b.id));
  const markdown = renderReport(info, reports);
  const path = await writeReport(info, markdown);
  process.stdout.write(markdown);
  say(`report written to ${path} (${((Date.now() - startedAt.getTime()) / 1000).toFixed(0)} s in all)`);
}

main()
  .catch((error: unknown) => {
    process.stderr.write(
      `bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  })
  .finally(() => cleanupAll());
