import assert from 'node:assert/strict';
import parsePrometheusTextFormat, {
  type PrometheusFamily,
  type PrometheusSample,
} from 'parse-prometheus-text-format';

/** A histogram series as scraped: cumulative bucket counts by upper bound, count and sum. */
export interface HistogramSeries {
  /** The series' labels, without `le`. */
  labels: Record<string, string>;
  /** Cumulative counts by upper bound (`le`, as written: "0.005", …, "+Inf"), in scrape order. */
  buckets: Map<string, number>;
  /** The number of observations. */
  count: number;
  /** The sum of the observed values. */
  sum: number;
}

/**
 * One scrape of /metrics. Samples are parsed by parse-prometheus-text-format; it folds a histogram's
 * series into one only when they have no labels, so histogram families are handed to it untyped
 * (their `_bucket`, `_sum` and `_count` series then come back as they are) and put together here.
 */
export class Scrape {
  private readonly families = new Map<string, PrometheusFamily>();
  private readonly types = new Map<string, string>();

  constructor(readonly text: string) {
    for (const match of text.matchAll(/^# TYPE (\S+) (\S+)$/gm)) this.types.set(match[1]!, match[2]!);
    const untypedHistograms = text.replace(/^# TYPE \S+ histogram$/gm, '');
    // A histogram's series alternate (_bucket…, _sum, _count, then the next labels' _bucket…): the
    // parser returns one family per run, gathered here by name.
    for (const family of parsePrometheusTextFormat(untypedHistograms)) {
      const known = this.families.get(family.name);
      if (known) known.metrics.push(...family.metrics);
      else if (family.metrics.length > 0) this.families.set(family.name, family);
    }
  }

  /** Whether the scrape declares a metric family of this name. */
  has(name: string): boolean {
    return this.types.has(name);
  }

  /** Every counter or gauge series of the family: its labels and value. */
  samples(name: string): { labels: Record<string, string>; value: number }[] {
    assert.ok(this.types.has(name), `metric ${name} is in the scrape`);
    return ((this.families.get(name)?.metrics ?? []) as PrometheusSample[]).map((m) => ({
      labels: m.labels ?? {},
      value: Number(m.value),
    }));
  }

  /** The value of the series with exactly these labels, or undefined when there is none. */
  value(name: string, labels: Record<string, string> = {}): number | undefined {
    return this.samples(name).find((s) => sameLabels(s.labels, labels))?.value;
  }

  /** Every series of a histogram family, with its buckets in the order of the scrape. */
  histograms(name: string): HistogramSeries[] {
    assert.equal(this.types.get(name), 'histogram', `${name} is a histogram in the scrape`);
    const series = new Map<string, HistogramSeries>();
    const seriesOf = (labels: Record<string, string>): HistogramSeries => {
      const key = JSON.stringify(Object.entries(labels).sort());
      let found = series.get(key);
      if (!found) {
        found = { labels, buckets: new Map(), count: NaN, sum: NaN };
        series.set(key, found);
      }
      return found;
    };
    for (const bucket of this.raw(`${name}_bucket`)) {
      const { le, ...labels } = bucket.labels ?? {};
      assert.ok(le !== undefined, `${name}_bucket has le`);
      seriesOf(labels).buckets.set(le, Number(bucket.value));
    }
    for (const count of this.raw(`${name}_count`)) seriesOf(count.labels ?? {}).count = Number(count.value);
    for (const sum of this.raw(`${name}_sum`)) seriesOf(sum.labels ?? {}).sum = Number(sum.value);
    return [...series.values()];
  }

  /** The histogram series with exactly these labels, failing when there is none. */
  histogram(name: string, labels: Record<string, string>): HistogramSeries {
    const found = this.histograms(name).find((h) => sameLabels(h.labels, labels));
    assert.ok(found, `${name}${JSON.stringify(labels)} is in the scrape`);
    return found;
  }

  private raw(name: string): PrometheusSample[] {
    return (this.families.get(name)?.metrics ?? []) as PrometheusSample[];
  }
}

function sameLabels(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
}

/** GET /metrics (with a bearer token when given): the response, not yet parsed. */
export function fetchMetrics(baseUrl: string, token?: string): Promise<Response> {
  return fetch(`${baseUrl}/metrics`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
}

/** Scrapes /metrics, which must answer 200 in the Prometheus text format, and parses it. */
export async function scrape(baseUrl: string, token?: string): Promise<Scrape> {
  const res = await fetchMetrics(baseUrl, token);
  const text = await res.text();
  assert.equal(res.status, 200, text.slice(0, 200));
  assert.match(res.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
  return new Scrape(text);
}
