import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { afterEach, describe, it } from 'node:test';
import { defaultRegistry } from '../../backends/registry';
import { gql, ok } from '../helpers/client';
import { downBackendFactory, WITH_DOWN_DIRECTORY } from '../helpers/down-backend';
import { OTLP_KIND, startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from '../helpers/otlp-receiver';
import { startTestServer, type TestServer } from '../helpers/server';

const PASSWORD = 'tracing-Pass-1';
const LOGIN =
  'mutation Login($name: String!, $password: String!) { login(name: $name, password: $password) { token } }';
const CREATE_USER = 'mutation CreateUser($input: CreateUserInput!) { createUser(input: $input) { id } }';

/** The one span that matches, failing with the names of all spans when there is not exactly one. */
function only(spans: ReceivedSpan[], match: (s: ReceivedSpan) => boolean, what: string): ReceivedSpan {
  const found = spans.filter(match);
  assert.equal(found.length, 1, `${what}: ${JSON.stringify(spans.map((s) => s.name))}`);
  return found[0]!;
}

/** Sets OTEL_* variables for the test (the SDK reads its own from the process) and puts them back. */
function otelEnvironment(values: Record<string, string>): { env: NodeJS.ProcessEnv; restore(): void } {
  const saved = Object.fromEntries(Object.keys(values).map((k) => [k, process.env[k]]));
  Object.assign(process.env, values);
  return {
    env: values,
    restore() {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    },
  };
}

describe('tracing over OTLP/HTTP', () => {
  let t: TestServer | undefined;
  let receiver: OtlpReceiver | undefined;
  let restore: (() => void) | undefined;
  afterEach(async () => {
    await t?.close();
    await receiver?.close();
    restore?.();
    t = receiver = restore = undefined;
  });

  for (const protocol of ['http/json', 'http/protobuf'] as const) {
    it(`exports a request's HTTP span, its operation span and its backend calls as children (${protocol})`, async () => {
      receiver = await startOtlpReceiver();
      const otel = otelEnvironment({
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
        OTEL_EXPORTER_OTLP_PROTOCOL: protocol,
        OTEL_SERVICE_NAME: 'idgate-under-test',
      });
      restore = otel.restore;
      t = await startTestServer('sqlite', {}, { env: otel.env });
      ok(await gql(t.url, CREATE_USER, { input: { name: 'ann', password: PASSWORD } }, t.adminToken));
      // The caller is part of a trace already: the request continues it.
      const traceId = randomBytes(16).toString('hex');
      const callerSpanId = randomBytes(8).toString('hex');
      const login = await gql(t.url, LOGIN, { name: 'ann', password: PASSWORD }, null, {
        traceparent: `00-${traceId}-${callerSpanId}-01`,
      });
      const token = (ok(login) as { login: { token: string } }).login.token;
      const wrong = await gql(t.url, LOGIN, { name: 'ann', password: 'wrong-password-1' });
      assert.equal(wrong.errors?.[0]?.extensions.code, 'UNAUTHENTICATED');
      // Closing the server flushes the spans still buffered.
      await t.close();
      const adminToken = t.adminToken;
      t = undefined;

      const expectedType = protocol === 'http/json' ? 'application/json' : 'application/x-protobuf';
      assert.ok(receiver.requests.length > 0, 'spans were exported');
      for (const r of receiver.requests) {
        assert.equal(r.path, '/v1/traces');
        assert.ok(r.contentType.startsWith(expectedType), r.contentType);
      }
      const trace = receiver.spans.filter((s) => s.traceId === traceId);
      const http = only(trace, (s) => s.kind === OTLP_KIND.SERVER, 'one HTTP span in the trace');
      assert.equal(http.name, 'POST /graphql');
      assert.equal(http.parentSpanId, callerSpanId, "the HTTP span is the caller's span's child");
      assert.deepEqual(http.attributes, {
        'http.request.method': 'POST',
        'http.route': '/graphql',
        'http.response.status_code': 200,
      });
      const operation = only(trace, (s) => s.parentSpanId === http.spanId, 'one operation span under it');
      assert.equal(operation.name, 'mutation Login');
      assert.equal(operation.kind, OTLP_KIND.INTERNAL);
      assert.deepEqual(operation.attributes, {
        'graphql.operation.type': 'mutation',
        'graphql.operation.name': 'Login',
        'idgate.result.code': 'OK',
      });
      const check = only(trace, (s) => s.name === 'backend verifyPassword', 'one password check');
      assert.equal(check.parentSpanId, operation.spanId, 'the backend call is a child of the operation');
      assert.deepEqual(check.attributes, {
        'idgate.backend.id': 'local',
        'idgate.backend.kind': 'LOCAL',
        'idgate.backend.call': 'verifyPassword',
      });
      assert.equal(check.statusCode, 0);
      for (const s of trace) {
        assert.equal(s.scope, 'idgate');
        assert.equal(s.resource['service.name'], 'idgate-under-test');
      }

      // The failed login: its own trace, the code on the operation span, not an error of the server.
      const failed = only(
        receiver.spans,
        (s) => s.name === 'mutation Login' && s.attributes['idgate.result.code'] === 'UNAUTHENTICATED',
        'the failed login',
      );
      assert.notEqual(failed.traceId, traceId);
      assert.equal(failed.statusCode, 0);

      // No span carries a user name, password or token in any attribute.
      const everything = JSON.stringify(receiver.spans.map((s) => s.attributes));
      for (const secret of ['ann', PASSWORD, 'wrong-password-1', token, adminToken]) {
        assert.ok(!everything.includes(secret), `no attribute holds ${secret}`);
      }
    });
  }

  it('marks a failed backend call as an error with the class of the error only', async () => {
    receiver = await startOtlpReceiver();
    const otel = otelEnvironment({
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
    });
    restore = otel.restore;
    t = await startTestServer('sqlite', WITH_DOWN_DIRECTORY, {
      env: otel.env,
      registry: defaultRegistry().with(downBackendFactory),
    });
    const answer = await gql(t.url, LOGIN, { name: 'nobody', password: PASSWORD });
    assert.equal(answer.errors?.[0]?.extensions.code, 'BACKEND_UNAVAILABLE');
    await t.close();
    t = undefined;

    const operation = only(
      receiver.spans,
      (s) => s.name === 'mutation Login' && s.attributes['idgate.result.code'] === 'BACKEND_UNAVAILABLE',
      'the login that met the down directory',
    );
    assert.equal(operation.statusCode, 2, 'a backend that is down is an error of the server');
    const call = only(
      receiver.spans,
      (s) => s.parentSpanId === operation.spanId && s.attributes['idgate.backend.id'] === 'dir',
      'the call to the down directory',
    );
    assert.equal(call.name, 'backend findUserByName');
    assert.equal(call.statusCode, 2);
    assert.equal(call.attributes['error.type'], 'BackendUnavailableError');
    assert.ok(!JSON.stringify(call).includes('nobody'));
  });
});
