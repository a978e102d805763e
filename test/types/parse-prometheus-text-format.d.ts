/** Types of parse-prometheus-text-format 1.1.1 (it ships none): the prom2json shape. */
declare module 'parse-prometheus-text-format' {
  /** One sample of a counter, gauge or untyped metric. */
  export interface PrometheusSample {
    value: string;
    labels?: Record<string, string>;
  }

  /** A histogram or summary without labels, folded into one sample (labelled ones are not folded). */
  export interface PrometheusFoldedSample {
    buckets?: Record<string, string>;
    quantiles?: Record<string, string>;
    count?: string;
    sum?: string;
  }

  /** One metric family. */
  export interface PrometheusFamily {
    name: string;
    help: string;
    type: 'COUNTER' | 'GAUGE' | 'HISTOGRAM' | 'SUMMARY' | 'UNTYPED';
    metrics: (PrometheusSample | PrometheusFoldedSample)[];
  }

  /** Parses the Prometheus text exposition format. */
  // eslint-disable-next-line no-restricted-syntax -- the package's own default export
  export default function parsePrometheusTextFormat(text: string): PrometheusFamily[];
}
