import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import protobuf from 'protobufjs';

/**
 * The part of OTLP's trace messages (opentelemetry-proto, trace/v1 and common/v1, field numbers as
 * published) that the tests read; protobuf decoders skip the fields a schema leaves out.
 */
const OTLP_TRACE_PROTO = `
syntax = "proto3";
message ExportTraceServiceRequest { repeated ResourceSpans resource_spans = 1; }
message ResourceSpans { Resource resource = 1; repeated ScopeSpans scope_spans = 2; }
message Resource { repeated KeyValue attributes = 1; }
message ScopeSpans { InstrumentationScope scope = 1; repeated Span spans = 2; }
message InstrumentationScope { string name = 1; string version = 2; }
message Span {
  bytes trace_id = 1;
  bytes span_id = 2;
  bytes parent_span_id = 4;
  string name = 5;
  int32 kind = 6;
  repeated KeyValue attributes = 9;
  Status status = 15;
}
message Status { string message = 2; int32 code = 3; }
message KeyValue { string key = 1; AnyValue value = 2; }
message AnyValue {
  oneof value { string string_value = 1; bool bool_value = 2; int64 int_value = 3; double double_value = 4; }
}
`;

const requestType = protobuf.parse(OTLP_TRACE_PROTO).root.lookupType('ExportTraceServiceRequest');

/** OTLP's span kinds (the API's SpanKind plus one). */
export const OTLP_KIND = { INTERNAL: 1, SERVER: 2, CLIENT: 3 } as const;

/** One span as received, ids in hex. */
export interface ReceivedSpan {
  /** 32 hex digits. */
  traceId: string;
  /** 16 hex digits. */
  spanId: string;
  /** '' for a root span. */
  parentSpanId: string;
  /** The span's name, e.g. `POST /graphql`. */
  name: string;
  /** OTLP's kind: see OTLP_KIND. */
  kind: number;
  /** The span's attributes, by key. */
  attributes: Record<string, string | number | boolean>;
  /** 0 unset, 1 ok, 2 error. */
  statusCode: number;
  /** The instrumentation scope (the tracer's name). */
  scope: string;
  /** The attributes of the resource that sent it (service.name, …). */
  resource: Record<string, string | number | boolean>;
}

interface WireKeyValue {
  key: string;
  value?: { stringValue?: string; boolValue?: boolean; intValue?: number | string; doubleValue?: number };
}

interface WireRequest {
  resourceSpans?: {
    resource?: { attributes?: WireKeyValue[] };
    scopeSpans?: {
      scope?: { name?: string };
      spans?: {
        traceId: string | Uint8Array;
        spanId: string | Uint8Array;
        parentSpanId?: string | Uint8Array;
        name: string;
        kind?: number;
        attributes?: WireKeyValue[];
        status?: { code?: number };
      }[];
    }[];
  }[];
}

function hex(id: string | Uint8Array | undefined): string {
  if (id === undefined) return '';
  // JSON carries ids as hex strings; protobuf as bytes.
  return typeof id === 'string' ? id.toLowerCase() : Buffer.from(id).toString('hex');
}

function attributes(list: WireKeyValue[] | undefined): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const { key, value } of list ?? []) {
    if (value?.stringValue !== undefined) out[key] = value.stringValue;
    else if (value?.boolValue !== undefined) out[key] = value.boolValue;
    else if (value?.intValue !== undefined) out[key] = Number(value.intValue);
    else if (value?.doubleValue !== undefined) out[key] = value.doubleValue;
  }
  return out;
}

function flatten(request: WireRequest): ReceivedSpan[] {
  const out: ReceivedSpan[] = [];
  for (const rs of request.resourceSpans ?? []) {
    const resource = attributes(rs.resource?.attributes);
    for (const ss of rs.scopeSpans ?? []) {
      for (const span of ss.spans ?? []) {
        out.push({
          traceId: hex(span.traceId),
          spanId: hex(span.spanId),
          parentSpanId: hex(span.parentSpanId),
          name: span.name,
          kind: span.kind ?? 0,
          attributes: attributes(span.attributes),
          statusCode: span.status?.code ?? 0,
          scope: ss.scope?.name ?? '',
          resource,
        });
      }
    }
  }
  return out;
}

async function body(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  return request.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw;
}

/** An OTLP/HTTP traces receiver on 127.0.0.1, as a collector would run it: JSON and protobuf. */
export interface OtlpReceiver {
  /** The base URL, for OTEL_EXPORTER_OTLP_ENDPOINT (the exporter adds /v1/traces). */
  url: string;
  /** Every span received so far. */
  spans: ReceivedSpan[];
  /** The path and content type of every export request received. */
  requests: { path: string; contentType: string }[];
  /** Stops the receiver. */
  close(): Promise<void>;
}

/** Starts a receiver that decodes OTLP/HTTP trace exports (http/json and http/protobuf). */
export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const spans: ReceivedSpan[] = [];
  const requests: { path: string; contentType: string }[] = [];
  const server = createServer((request, response) => {
    body(request).then(
      (data) => {
        const contentType = String(request.headers['content-type'] ?? '');
        requests.push({ path: request.url ?? '', contentType });
        if (request.method !== 'POST' || request.url !== '/v1/traces') {
          response.writeHead(404).end();
          return;
        }
        if (contentType.startsWith('application/json')) {
          spans.push(...flatten(JSON.parse(data.toString('utf8')) as WireRequest));
          response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
        } else if (contentType.startsWith('application/x-protobuf')) {
          const decoded = requestType.toObject(requestType.decode(data), { longs: Number });
          spans.push(...flatten(decoded as WireRequest));
          // An empty ExportTraceServiceResponse.
          response.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
        } else {
          response.writeHead(415).end();
        }
      },
      () => response.writeHead(400).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    spans,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
