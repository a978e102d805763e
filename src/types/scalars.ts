import {
  GraphQLError,
  GraphQLScalarType,
  Kind,
  type GraphQLScalarLiteralParser,
  type GraphQLScalarValueParser,
  type ValueNode,
} from 'graphql';
import { DateTimeResolver, JSONObjectResolver } from 'graphql-scalars';

/** ISO 8601 date-time, always with an offset. */
export const DateTimeScalar = DateTimeResolver;

/** Bounds on one JSONObject input value (`graphql.limits.jsonDepth` and `jsonBytes`). */
export interface JsonInputLimits {
  /** Nesting of objects and arrays: `{}` is 1 deep, `{"a": []}` 2. */
  depth: number;
  /** Size of the value written as JSON, in UTF-8 bytes. */
  bytes: number;
}

export const DEFAULT_JSON_INPUT_LIMITS: Readonly<JsonInputLimits> = Object.freeze({
  depth: 32,
  bytes: 64 * 1024,
});

/**
 * Where a JSONObject literal sits in the document (e.g. `Argument "input.preferences" of
 * "updateMySettings"`), noted during validation before the scalar parses it, so that its error can
 * name the field. Keyed by the literal's AST node: it goes away with the document.
 */
const literalLabels = new WeakMap<ValueNode, string>();

/** Notes where a JSONObject literal sits, for the scalar's error messages. */
export function labelJsonLiteral(node: ValueNode, label: string): void {
  literalLabels.set(node, label);
}

/** True when objects and arrays nest deeper than `max`. Iterative: a hostile value cannot overflow the stack. */
function valueTooDeep(value: unknown, max: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (depth > max) return true;
    const children = Array.isArray(current) ? current : Object.values(current as object);
    for (const child of children) {
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
    }
  }
  return false;
}

/** The same for a literal in the document (graphql-js parses those before any scalar sees them). */
function literalTooDeep(node: ValueNode, max: number): boolean {
  const stack: Array<[ValueNode, number]> = [[node, 1]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    const children =
      current.kind === Kind.OBJECT
        ? current.fields.map((f) => f.value)
        : current.kind === Kind.LIST
          ? current.values
          : null;
    if (!children) continue;
    if (depth > max) return true;
    for (const child of children) stack.push([child, depth + 1]);
  }
  return false;
}

function refusal(
  detail: 'JSON_TOO_DEEP' | 'JSON_TOO_LARGE',
  problem: string,
  node?: ValueNode,
): GraphQLError {
  const label = node ? literalLabels.get(node) : undefined;
  return new GraphQLError(label ? `${label}: ${problem}` : problem, {
    nodes: node,
    extensions: { detail },
  });
}

function checkedValue(value: unknown, limits: JsonInputLimits, node?: ValueNode): unknown {
  if (value !== null && typeof value === 'object') {
    if (valueTooDeep(value, limits.depth)) {
      throw refusal('JSON_TOO_DEEP', `JSON nested deeper than ${limits.depth} levels`, node);
    }
    // Safe now: JSON.stringify recurses, but only `limits.depth` levels.
    if (Buffer.byteLength(JSON.stringify(value), 'utf8') > limits.bytes) {
      throw refusal('JSON_TOO_LARGE', `JSON larger than ${limits.bytes} bytes`, node);
    }
  }
  return value;
}

/**
 * JSONObject's input parsers with the limits applied before graphql-scalars' own parsers run (they,
 * and later JSON.stringify when the value is stored, recurse once per level). A refusal is a
 * GraphQLError with `extensions.detail` JSON_TOO_DEEP or JSON_TOO_LARGE: graphql-js prefixes it
 * with the variable and path, Apollo answers it as BAD_USER_INPUT.
 */
export function jsonObjectParsers(limits: JsonInputLimits): {
  parseValue: GraphQLScalarValueParser<unknown>;
  parseLiteral: GraphQLScalarLiteralParser<unknown>;
} {
  return {
    parseValue(value) {
      return JSONObjectResolver.parseValue(checkedValue(value, limits));
    },
    parseLiteral(node, variables) {
      if (literalTooDeep(node, limits.depth)) {
        throw refusal('JSON_TOO_DEEP', `JSON nested deeper than ${limits.depth} levels`, node);
      }
      // Variables inside the literal may add depth and size: check the result too.
      return checkedValue(JSONObjectResolver.parseLiteral(node, variables), limits, node);
    },
  };
}

/** A JSON object (not an array or a bare value), with the default input limits. */
export const JSONObjectScalar = new GraphQLScalarType({
  ...JSONObjectResolver.toConfig(),
  ...jsonObjectParsers(DEFAULT_JSON_INPUT_LIMITS),
});
