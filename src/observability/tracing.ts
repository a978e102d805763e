import { context, diag, DiagLogLevel, propagation, trace, type Tracer } from '@opentelemetry/api';
import type { BackendLogger } from '../../backends/types';
import type { TracingConfig } from './tracing.config';

/** The name idgate's spans are created under (the instrumentation scope). */
export const TRACER_NAME = 'idgate';

/** The tracer idgate's spans come from (a no-op one until {@link startTracing} has run). */
export function idgateTracer(): Tracer {
  return trace.getTracer(TRACER_NAME);
}

/** The running OpenTelemetry SDK. */
export interface Tracing {
  /** Sends the spans still buffered, then unregisters the SDK from the API. */
  shutdown(): Promise<void>;
}

/**
 * Starts the OpenTelemetry SDK for traces: a Node tracer provider (AsyncLocalStorage context, W3C
 * trace-context propagation) exporting in batches over OTLP/HTTP, in the encoding the config names.
 * The SDK packages are loaded here, on demand: a server started without OTEL_EXPORTER_OTLP_ENDPOINT
 * never loads them. The SDK reads the other OTEL_* variables itself (OTEL_SERVICE_NAME,
 * OTEL_RESOURCE_ATTRIBUTES, OTEL_TRACES_SAMPLER, OTEL_EXPORTER_OTLP_HEADERS, OTEL_BSP_*, …).
 * One SDK per process: it registers itself as the global tracer provider.
 */
export async function startTracing(config: TracingConfig, log: BackendLogger): Promise<Tracing> {
  const [{ NodeTracerProvider, BatchSpanProcessor }, resources] = await Promise.all([
    import('@opentelemetry/sdk-trace-node'),
    import('@opentelemetry/resources'),
  ]);
  const { OTLPTraceExporter } =
    config.protocol === 'http/json'
      ? await import('@opentelemetry/exporter-trace-otlp-http')
      : await import('@opentelemetry/exporter-trace-otlp-proto');
  // The SDK tells of failed exports through its diagnostics logger, silent unless one is set.
  diag.setLogger(
    {
      error: (message) => log.warn({ component: 'opentelemetry' }, message),
      warn: (message) => log.warn({ component: 'opentelemetry' }, message),
      info: () => undefined,
      debug: () => undefined,
      verbose: () => undefined,
    },
    DiagLogLevel.WARN,
  );
  // service.name idgate unless OTEL_SERVICE_NAME or OTEL_RESOURCE_ATTRIBUTES say otherwise.
  const resource = resources
    .resourceFromAttributes({ 'service.name': 'idgate' })
    .merge(resources.detectResources({ detectors: [resources.envDetector] }));
  const provider = new NodeTracerProvider({
    resource,
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: config.url }))],
  });
  provider.register();
  // Origin and path only: a vendor may put a key in the query string.
  const { origin, pathname } = new URL(config.url);
  log.info({ url: origin + pathname, protocol: config.protocol }, 'tracing on: spans exported over OTLP');
  return {
    async shutdown() {
      await provider.shutdown();
      trace.disable();
      context.disable();
      propagation.disable();
      diag.disable();
    },
  };
}
