import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../../src/config';

function withFile(content: object): string {
  const dir = mkdtempSync(join(tmpdir(), 'idgate-config-'));
  const path = join(dir, 'idgate.json');
  writeFileSync(path, JSON.stringify(content));
  return path;
}

function configError(env: NodeJS.ProcessEnv): string {
  try {
    loadConfig(env);
  } catch (error) {
    assert.ok(error instanceof ConfigError, `not a ConfigError: ${String(error)}`);
    return error.message;
  }
  assert.fail('expected a ConfigError');
}

describe('metrics configuration', () => {
  it('is on by default, on the API port, with no token', () => {
    assert.deepEqual(loadConfig({}).metrics, { enabled: true, token: null, port: null, operationNames: [] });
  });

  it('reads enabled, token, port and operationNames from the file', () => {
    const config = loadConfig({
      IDGATE_CONFIG: withFile({
        metrics: { enabled: true, token: 'a-token-of-16-chars', port: 9464, operationNames: ['A', 'A', 'B'] },
      }),
    });
    assert.deepEqual(config.metrics, {
      enabled: true,
      token: 'a-token-of-16-chars',
      port: 9464,
      operationNames: ['A', 'B'],
    });
  });

  it('takes IDGATE_METRICS_TOKEN over the file', () => {
    const config = loadConfig({
      IDGATE_METRICS_TOKEN: 'from-the-environment',
      IDGATE_CONFIG: withFile({ metrics: { token: 'from-the-file-0123' } }),
    });
    assert.equal(config.metrics.token, 'from-the-environment');
  });

  it('refuses unknown keys, short or odd tokens, a clash with PORT and bad operation names', () => {
    assert.match(
      configError({ IDGATE_CONFIG: withFile({ metrics: { enabled: true, path: '/m' } }) }),
      /metrics\.path: unknown key/,
    );
    assert.match(
      configError({ IDGATE_CONFIG: withFile({ metrics: { token: 'short' } }) }),
      /metrics\.token: must be at least 16 characters/,
    );
    assert.match(
      configError({ IDGATE_METRICS_TOKEN: 'has spaces in it, sadly' }),
      /^IDGATE_METRICS_TOKEN: may hold only/,
    );
    assert.match(
      configError({ PORT: '9464', IDGATE_CONFIG: withFile({ metrics: { port: 9464 } }) }),
      /metrics\.port: 9464 is the API's port/,
    );
    assert.match(
      configError({ IDGATE_CONFIG: withFile({ metrics: { operationNames: ['not a name'] } }) }),
      /metrics\.operationNames\[0\]: must be a GraphQL operation name/,
    );
  });
});

describe('tracing configuration (OTEL_* variables)', () => {
  it('is off without an OTLP endpoint', () => {
    assert.equal(loadConfig({}).tracing, null);
  });

  it('appends /v1/traces to OTEL_EXPORTER_OTLP_ENDPOINT and defaults to http/protobuf', () => {
    assert.deepEqual(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' }).tracing, {
      url: 'http://collector:4318/v1/traces',
      protocol: 'http/protobuf',
    });
  });

  it('uses OTEL_EXPORTER_OTLP_TRACES_ENDPOINT as given, and the protocol of the traces variable first', () => {
    const tracing = loadConfig({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://ignored:4318',
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://otlp.example.com/custom/traces',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
      OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/json',
    }).tracing;
    assert.deepEqual(tracing, { url: 'https://otlp.example.com/custom/traces', protocol: 'http/json' });
  });

  it('is off with OTEL_SDK_DISABLED=true or OTEL_TRACES_EXPORTER=none', () => {
    const endpoint = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' };
    assert.equal(loadConfig({ ...endpoint, OTEL_SDK_DISABLED: 'true' }).tracing, null);
    assert.equal(loadConfig({ ...endpoint, OTEL_TRACES_EXPORTER: 'none' }).tracing, null);
  });

  it('refuses gRPC, other exporters and endpoints that are not http(s) URLs', () => {
    const endpoint = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4317' };
    assert.match(
      configError({ ...endpoint, OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' }),
      /^OTEL_EXPORTER_OTLP_PROTOCOL: "grpc" is not supported/,
    );
    assert.match(configError({ ...endpoint, OTEL_TRACES_EXPORTER: 'zipkin' }), /^OTEL_TRACES_EXPORTER/);
    assert.match(configError({ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' }), /must be an http/);
    assert.match(configError({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'not a url' }), /is not a URL/);
  });
});
