/** Where spans go, when tracing is on. */
export interface TracingConfig {
  /** The full OTLP/HTTP traces URL (…/v1/traces). */
  url: string;
  /** The OTLP/HTTP encoding: binary protobuf (the OTLP default) or JSON. */
  protocol: 'http/protobuf' | 'http/json';
}

/** Tracing from the standard OTEL_* variables, or a problem naming the variable. */
export type TracingSetting = { tracing: TracingConfig | null } | { problem: string };

/**
 * Reads the OpenTelemetry variables that decide whether spans are exported and where:
 * OTEL_EXPORTER_OTLP_TRACES_ENDPOINT (used as given) or OTEL_EXPORTER_OTLP_ENDPOINT (+ /v1/traces),
 * the protocol (OTEL_EXPORTER_OTLP_TRACES_PROTOCOL, OTEL_EXPORTER_OTLP_PROTOCOL; default
 * http/protobuf), and OTEL_SDK_DISABLED / OTEL_TRACES_EXPORTER=none to turn it off. The exporter
 * and the SDK read the other variables (headers, timeout, sampler, service name) themselves.
 */
export function tracingFromEnv(env: NodeJS.ProcessEnv): TracingSetting {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return { tracing: null };
  const exporter = env.OTEL_TRACES_EXPORTER?.trim().toLowerCase();
  if (exporter === 'none') return { tracing: null };
  if (exporter && exporter !== 'otlp') {
    return { problem: `OTEL_TRACES_EXPORTER: "${exporter}" is not supported (otlp or none)` };
  }
  const signal = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim();
  const base = env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim();
  if (!signal && !base) return { tracing: null };
  const name = signal ? 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT' : 'OTEL_EXPORTER_OTLP_ENDPOINT';
  // The generic endpoint is a base URL to which each signal appends its own path (the OTLP spec).
  const url = signal || `${base!.replace(/\/+$/, '')}/v1/traces`;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { problem: `${name}: "${url}" is not a URL` };
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    return { problem: `${name}: must be an http:// or https:// URL` };
  }
  const protocolName = env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL
    ? 'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL'
    : 'OTEL_EXPORTER_OTLP_PROTOCOL';
  const protocol = (env[protocolName]?.trim() || 'http/protobuf').toLowerCase();
  if (protocol !== 'http/protobuf' && protocol !== 'http/json') {
    return {
      problem: `${protocolName}: "${protocol}" is not supported (http/protobuf or http/json; gRPC is not built in)`,
    };
  }
  return { tracing: { url, protocol } };
}
