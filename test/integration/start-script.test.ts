import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

const REPO = join(__dirname, '..', '..', '..');
/** What `scripts/start.sh` needs of a checkout: the sources tsc checks, the scripts and the build. */
const COPIED = [
  'package.json',
  'package-lock.json',
  'tsconfig.json',
  'src',
  'backends',
  'scripts',
  'test',
  'dist',
];
/** Commands that would install something: each is replaced by a stand-in that records its call. */
const INSTALLERS = ['apt-get', 'apt', 'dpkg', 'sudo', 'npm', 'npx'];
const NOBODY = 65534;

/** Gives a whole tree to a user (the scratch copy, so that a start as that user may write to it). */
function chownTree(path: string, uid: number): void {
  chownSync(path, uid, uid);
  if (lstatSync(path).isDirectory()) {
    for (const entry of readdirSync(path)) chownTree(join(path, entry), uid);
  }
}

describe('npm start (scripts/start.sh) on a built checkout', () => {
  let scratch: string;
  let checkout: string;
  let shims: string;
  let calls: string;
  const asRoot = process.getuid?.() === 0;

  before(() => {
    scratch = mkdtempSync(join(tmpdir(), 'idgate-start-'));
    chmodSync(scratch, 0o755);
    checkout = join(scratch, 'idgate');
    mkdirSync(checkout);
    // Timestamps kept: tsc's build mode compares the sources with dist/tsconfig.tsbuildinfo.
    for (const name of COPIED)
      cpSync(join(REPO, name), join(checkout, name), { recursive: true, preserveTimestamps: true });
    symlinkSync(join(REPO, 'node_modules'), join(checkout, 'node_modules'));
    shims = join(scratch, 'bin');
    mkdirSync(shims);
    calls = join(scratch, 'installer-calls.log');
    writeFileSync(calls, '');
    chmodSync(calls, 0o666);
    for (const name of INSTALLERS) {
      writeFileSync(join(shims, name), `#!/bin/sh\necho "${name} $*" >> '${calls}'\nexit 1\n`, {
        mode: 0o755,
      });
    }
    if (asRoot) chownTree(checkout, NOBODY);
  });

  after(() => rmSync(scratch, { recursive: true, force: true }));

  it('starts without installing anything, as a user who is not root, answers /healthz and stops on SIGTERM', async (t) => {
    assert.ok(
      existsSync(join(REPO, 'dist', 'tsconfig.tsbuildinfo')),
      'dist/ is built by `tsc -b` (npm start or npm test): run one of them first',
    );
    const data = join(scratch, 'data');
    mkdirSync(data);
    if (asRoot) chownSync(data, NOBODY, NOBODY);
    const started = Date.now();
    const child = spawn('bash', ['scripts/start.sh'], {
      cwd: checkout,
      // No /usr/sbin (slapd) on the PATH, and every installer replaced by a stand-in that fails.
      env: {
        PATH: `${shims}:/usr/local/bin:/usr/bin:/bin`,
        HOME: scratch,
        DATABASE_URL: `sqlite:${join(data, 'idgate.db')}`,
        PORT: '0',
        HOST: '127.0.0.1',
      },
      ...(asRoot ? { uid: NOBODY, gid: NOBODY } : {}),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output: string[] = [];
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no start within 60 s:\n${output.join('')}`)), 60_000);
      child.stderr!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
      child.stdout!.on('data', (chunk: Buffer) => {
        output.push(chunk.toString());
        const match = /"url":"(http:[^"]+)\/graphql"/.exec(output.join(''));
        if (match) {
          clearTimeout(timer);
          resolve(match[1]!);
        }
      });
      void exited.then((code) => reject(new Error(`exited with ${code}:\n${output.join('')}`)));
    });
    const health = await fetch(`${url}/healthz`);
    const seconds = (Date.now() - started) / 1000;
    t.diagnostic(`bash scripts/start.sh -> /healthz 200 in ${seconds.toFixed(2)} s`);
    assert.equal(health.status, 200);
    // Nothing was to be built: dist/ is up to date, so tsc printed nothing and no source was compiled.
    assert.doesNotMatch(output.join(''), /setup:|error TS/, output.join(''));
    if (asRoot) {
      // `exec node`: the process that listens is the script's own, running as nobody.
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      assert.match(status, new RegExp(`^Uid:\\s+${NOBODY}\\s`, 'm'));
      assert.equal(statSync(join(data, 'idgate.db')).uid, NOBODY);
    }
    child.kill('SIGTERM');
    assert.equal(await exited, 0, output.join(''));
    assert.equal(readFileSync(calls, 'utf8'), '', 'no installer was called');
  });
});
