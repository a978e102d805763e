import { readFileSync, writeFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { sendOne, type RequestPlan } from './measure';
import type { ServerProcess } from './processes';

/** A JSON value with object keys sorted at every level, so that key order does not count. */
export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/** What both servers answered to the same request, and whether it is the same data. */
export interface Comparison {
  /** True when both hold the same data. */
  same: boolean;
  /** Where they first differ (a JSON path), when they do. */
  difference?: string;
  /** idgate's answer. */
  idgate: unknown;
  /** The baseline's answer. */
  baseline: unknown;
}

function firstDifference(a: unknown, b: unknown, path = '$'): string | undefined {
  if (isDeepStrictEqual(a, b)) return undefined;
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of [...keys].sort()) {
      const found = firstDifference(
        (a as Record<string, unknown>)[k],
        (b as Record<string, unknown>)[k],
        Array.isArray(a) ? `${path}[${k}]` : `${path}.${k}`,
      );
      if (found) return found;
    }
  }
  return `${path}: idgate ${JSON.stringify(a)?.slice(0, 120)} / baseline ${JSON.stringify(b)?.slice(0, 120)}`;
}

/** Compares two answers after sorting keys; `mask` may blank out values that differ by design (tokens). */
export function compareAnswers(
  idgate: unknown,
  baseline: unknown,
  mask?: (v: unknown) => unknown,
): Comparison {
  const a = sortKeys(mask ? mask(idgate) : idgate);
  const b = sortKeys(mask ? mask(baseline) : baseline);
  const difference = firstDifference(a, b);
  return { same: difference === undefined, difference, idgate, baseline };
}

/**
 * Sends request `n` of a plan to a server started with the SQL hook and returns its answer and the
 * statements it ran for it. Requests are sent one at a time, so everything logged in between is this
 * request's (the hook writes synchronously before each statement goes to the database).
 */
export async function capture(
  server: ServerProcess,
  sqlLog: string,
  plan: RequestPlan,
  n = 0,
): Promise<{ answer: unknown; statements: string[] }> {
  writeFileSync(sqlLog, '');
  const answer = await sendOne(server, plan, n);
  const statements = readFileSync(sqlLog, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as string);
  return { answer, statements };
}

/**
 * A statement as the report shows it: quoted values (ids, token hashes, dates) become '…', and long
 * IN lists are shortened, so that statements of different requests read the same.
 */
export function displayStatement(sql: string): string {
  return sql
    .replace(/'(?:[^']|'')*'/g, (literal) => (literal.length > 12 ? "'…'" : literal))
    .replace(/\((?:\s*(?:'…'|\?|\$\d+)\s*,){10,}\s*(?:'…'|\?|\$\d+)\s*\)/g, (list) => {
      const n = list.split(',').length;
      return `(… ${n} values)`;
    })
    .replace(/\s+/g, ' ')
    .trim();
}

/** Answers of a login are tokens, different by design: compared as "a token". */
export function maskTokens(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value), (key, v) =>
    key === 'token' && typeof v === 'string' && v.length >= 32 ? '<token>' : v,
  );
}
