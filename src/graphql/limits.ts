import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import {
  validate,
  type GraphQLError,
  type DocumentNode,
  type GraphQLSchema,
  type ParseOptions,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import { LimitError, limitValidationError, type LimitDetail } from './limit-errors';
import { DEFAULT_JSON_INPUT_LIMITS } from '../types/scalars';
import { credentialFieldsRule } from './credential-fields.rule';
import { jsonLiteralNamesRule } from './json-input';

/** Bounds on one GraphQL request, from `graphql.limits` in the config file. */
export interface GraphqlLimits {
  /** Nesting of selection sets in an operation (fragments count as if written inline). */
  depth: number;
  /** Aliased fields in an operation (`__typename` aliases are free). */
  aliases: number;
  /** Lexical tokens in the document; the parser stops at the first one over (comments: as many). */
  tokens: number;
  /** Directives (`@include`, `@skip`, …) in an operation. */
  directives: number;
  /** The operation's estimated cost (see docs/security.md for how it is computed). */
  cost: number;
  /** Size of an HTTP request body, in bytes. */
  bodyBytes: number;
  /** Nesting of objects and arrays in one JSONObject input value. */
  jsonDepth: number;
  /** Size of one JSONObject input value, in bytes of JSON. */
  jsonBytes: number;
}

/** The defaults: generous for every operation a frontend sends, tight for a hostile one. */
export const DEFAULT_GRAPHQL_LIMITS: Readonly<GraphqlLimits> = Object.freeze({
  depth: 10,
  aliases: 20,
  tokens: 2000,
  directives: 20,
  cost: 50_000,
  bodyBytes: 100 * 1024,
  jsonDepth: DEFAULT_JSON_INPUT_LIMITS.depth,
  jsonBytes: DEFAULT_JSON_INPUT_LIMITS.bytes,
});

/** graphql-armor prefixes its messages with "Syntax Error: " although nothing failed to parse. */
function armorMessage(error: GraphQLError): string {
  return error.message.replace(/^Syntax Error: /, '');
}

/** graphql-armor options that report a refusal as one validation error instead of throwing. */
function reportAs(detail: LimitDetail) {
  return {
    exposeLimits: true,
    propagateOnRejection: false,
    onReject: [
      (context: ValidationContext | null, error: GraphQLError) =>
        context?.reportError(limitValidationError(detail, armorMessage(error))),
    ],
  };
}

/** The parser's own limits: it stops at the first token (or comment) over the bound. */
export function limitParseOptions(limits: GraphqlLimits): ParseOptions {
  return { maxTokens: limits.tokens, maxComments: limits.tokens };
}

/**
 * The validation rules that enforce the static limits (graphql-armor's depth, aliases and directives
 * rules; one credential field per document) and name JSONObject literals for their error messages.
 * They run with graphql-js's own rules, once per distinct document.
 */
export function limitValidationRules(limits: GraphqlLimits): ValidationRule[] {
  return [
    maxDepthRule({ n: limits.depth, flattenFragments: true, ...reportAs('MAX_DEPTH') }),
    maxAliasesRule({ n: limits.aliases, ...reportAs('MAX_ALIASES') }),
    maxDirectivesRule({ n: limits.directives, ...reportAs('MAX_DIRECTIVES') }),
    credentialFieldsRule,
    jsonLiteralNamesRule,
  ];
}

/**
 * graphql-armor's cost rule over a document whose page sizes are already filled in (see cost.ts).
 * Returns the refusal, or null when every operation of the document is within `limit`.
 */
export function costRefusal(schema: GraphQLSchema, document: DocumentNode, limit: number): LimitError | null {
  const [error] = validate(schema, document, [
    costLimitRule({ maxCost: limit, flattenFragments: true, ...reportAs('MAX_COST') }),
  ]);
  return error ? new LimitError('MAX_COST', error.message) : null;
}
