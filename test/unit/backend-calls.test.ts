import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { context, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, NodeTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-node';
import { canCheckPasswords, canWrite, describeCapabilities } from '../../backends/capabilities';
import { BackendUnavailableError } from '../../backends/errors';
import { defaultRegistry } from '../../backends/registry';
import type { BackendContext, DirectoryUser, IdentityBackend, UserRef } from '../../backends/types';
import { instrumentBackend } from '../../src/observability/backend-calls';
import type { BackendTelemetry, CallOutcome } from '../../src/observability/telemetry';

/** Records what the proxy reports. */
class RecordedCalls implements BackendTelemetry {
  readonly calls: { backendId: string; call: string; outcome: CallOutcome; seconds: number }[] = [];
  backendCall(backendId: string, call: string, outcome: CallOutcome, seconds: number): void {
    this.calls.push({ backendId, call, outcome, seconds });
  }
}

const CTX = {} as BackendContext;
const ANN: UserRef = {
  id: 'u1',
  externalId: null,
  backendId: 'probe',
  domain: 'default',
  name: 'ann',
  externalIds: [],
};

/** A backend that checks passwords, keeps a private field, has a getter, and calls its own methods. */
class ProbeBackend implements IdentityBackend {
  readonly kind = 'LOCAL' as const;
  readonly displayName = 'Probe';
  readonly ran: string[] = [];
  #secret = 'inner';
  constructor(readonly id: string) {}

  get secretLength(): number {
    return this.#secret.length;
  }

  async checkHealth(): Promise<void> {}

  async getUsersByIds(_ctx: BackendContext, ids: readonly string[]): Promise<(DirectoryUser | null)[]> {
    this.ran.push('getUsersByIds');
    return ids.map(() => null);
  }

  async findUserByName(ctx: BackendContext, domain: string, name: string): Promise<DirectoryUser | null> {
    this.ran.push('findUserByName');
    // A backend's call of its own method: not a second call of the contract.
    const [found] = await this.getUsersByIds(ctx, [`${domain}/${name}`]);
    return found ?? null;
  }

  async verifyPassword(_ctx: BackendContext, user: UserRef | null, password: string): Promise<boolean> {
    if (password === 'down') throw new BackendUnavailableError(this.id, 'no answer');
    return user !== null && password === this.#secret;
  }

  /** Not part of the contract: left alone. */
  helper(): this {
    return this;
  }
}

describe('the instrumenting proxy of backends', () => {
  it('returns the backend itself when there is nothing to report to', () => {
    const backend = new ProbeBackend('probe');
    assert.equal(instrumentBackend(backend, { telemetry: null, tracer: null }), backend);
  });

  it('has exactly the members of the backend: guards, getters, private fields and identity of methods', () => {
    const backend = new ProbeBackend('probe');
    const wrapped = instrumentBackend(backend, { telemetry: new RecordedCalls(), tracer: null });
    assert.ok(wrapped instanceof ProbeBackend);
    assert.ok(canCheckPasswords(wrapped));
    assert.ok(!canWrite(wrapped));
    assert.deepEqual(describeCapabilities(wrapped), describeCapabilities(backend));
    assert.equal((wrapped as unknown as Record<string, unknown>).writeUser, undefined);
    assert.ok(!('writeUser' in wrapped));
    assert.equal(wrapped.secretLength, 5);
    assert.equal(wrapped.id, 'probe');
    assert.equal(wrapped.verifyPassword, wrapped.verifyPassword, 'one wrapper per method');
    assert.notEqual(wrapped.verifyPassword, backend.verifyPassword);
    assert.equal(wrapped.helper, backend.helper, 'methods outside the contract are not wrapped');
  });

  it('keeps the capabilities of every built-in backend kind', () => {
    const built = [
      { id: 'local', kind: 'local' },
      {
        id: 'corp',
        kind: 'ldap',
        urls: ['ldap://127.0.0.1:1'],
        bindDn: 'cn=idgate,dc=x',
        bindPassword: 's3cret',
        userBaseDn: 'ou=people,dc=x',
        groupBaseDn: 'ou=groups,dc=x',
      },
      {
        id: 'corp-rw',
        kind: 'ldap',
        urls: ['ldap://127.0.0.1:1'],
        bindDn: 'cn=idgate,dc=x',
        bindPassword: 's3cret',
        userBaseDn: 'ou=people,dc=x',
        groupBaseDn: 'ou=groups,dc=x',
        readOnly: false,
      },
    ];
    const registry = defaultRegistry();
    const log = { info: () => undefined, warn: () => undefined, error: () => undefined };
    for (const config of built) {
      const factory = registry.get(config.kind)!;
      const backend = factory.create(factory.configSchema.parse(config) as typeof config, { log });
      const wrapped = instrumentBackend(backend, { telemetry: new RecordedCalls(), tracer: null });
      assert.deepEqual(describeCapabilities(wrapped), describeCapabilities(backend), config.id);
    }
  });

  it('times each call of the contract once, with this bound to the backend, and tells errors apart', async () => {
    const backend = new ProbeBackend('probe');
    const recorded = new RecordedCalls();
    const wrapped = instrumentBackend(backend, { telemetry: recorded, tracer: null });
    assert.equal(await wrapped.findUserByName(CTX, 'default', 'ann'), null);
    assert.deepEqual(backend.ran, ['findUserByName', 'getUsersByIds']);
    assert.equal(await wrapped.verifyPassword(CTX, ANN, 'inner'), true, 'private fields through this');
    await assert.rejects(wrapped.verifyPassword(CTX, ANN, 'down'), BackendUnavailableError);
    assert.deepEqual(
      recorded.calls.map((c) => [c.backendId, c.call, c.outcome]),
      [
        ['probe', 'findUserByName', 'ok'],
        ['probe', 'verifyPassword', 'ok'],
        ['probe', 'verifyPassword', 'error'],
      ],
    );
    assert.ok(recorded.calls.every((c) => c.seconds >= 0 && c.seconds < 5));
  });

  describe('with a tracer', () => {
    const exporter = new InMemorySpanExporter();
    const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
    before(() => provider.register());
    after(async () => {
      await provider.shutdown();
      trace.disable();
      context.disable();
    });

    it('opens one span per call as a child of the active span, with the backend and call only', async () => {
      const tracer = trace.getTracer('test');
      const wrapped = instrumentBackend(new ProbeBackend('probe'), { telemetry: null, tracer });
      await tracer.startActiveSpan('parent', async (parent) => {
        await wrapped.findUserByName(CTX, 'default', 'ann');
        await wrapped.verifyPassword(CTX, ANN, 'down').catch(() => undefined);
        parent.end();
      });
      const spans = exporter.getFinishedSpans();
      const parent = spans.find((s) => s.name === 'parent')!;
      const calls = spans.filter((s) => s.name.startsWith('backend '));
      assert.deepEqual(
        calls.map((s) => s.name),
        ['backend findUserByName', 'backend verifyPassword'],
      );
      for (const span of calls) {
        assert.equal(span.parentSpanContext?.spanId, parent.spanContext().spanId);
        assert.equal(span.attributes['idgate.backend.id'], 'probe');
        assert.equal(span.attributes['idgate.backend.kind'], 'LOCAL');
      }
      assert.equal(calls[0]!.status.code, 0);
      assert.equal(calls[1]!.status.code, 2);
      assert.equal(calls[1]!.attributes['error.type'], 'BackendUnavailableError');
      assert.equal(calls[1]!.status.message, undefined, 'no error message');
      assert.ok(!JSON.stringify(calls.map((s) => s.attributes)).includes('ann'));
    });
  });
});
