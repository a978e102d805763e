import type { ApolloServerPlugin } from '@apollo/server';
import { Kind, visit, type DocumentNode, type GraphQLFormattedError } from 'graphql';
import { withPageSizes } from './cost';
import { costRefusal, type GraphqlLimits } from './limits';
import type { LimitDetail } from './limit-errors';

/**
 * graphql-js's parser refusals, recognised by their messages (graphql 16 gives them no code): the
 * token and comment bounds of `maxTokens`/`maxComments`, and a stack overflow on a document nested
 * so deep that the recursive parser gave up (possible only with a raised `tokens` limit).
 */
const PARSER_REFUSALS: Array<{ pattern: RegExp; detail: LimitDetail; message: (limit: number) => string }> = [
  {
    pattern: /^Syntax Error: Document contains more th(?:at|an) \d+ tokens/,
    detail: 'MAX_TOKENS',
    message: (limit) => `Document has more than ${limit} tokens`,
  },
  {
    pattern: /^Syntax Error: Document contains more than \d+ comments/,
    detail: 'MAX_TOKENS',
    message: (limit) => `Document has more than ${limit} comments`,
  },
  {
    pattern: /^Maximum call stack size exceeded$/,
    detail: 'MAX_DEPTH',
    message: () => 'Document nests too deeply to parse',
  },
];

/** Names a parser refusal like the other limits (BAD_USER_INPUT, `detail`), leaving other errors as they are. */
export function relabelParserRefusal(error: GraphQLFormattedError, tokens: number): GraphQLFormattedError {
  if (error.extensions?.detail !== 'GRAPHQL_PARSE_FAILED') return error;
  const refusal = PARSER_REFUSALS.find((r) => r.pattern.test(error.message));
  if (!refusal) return error;
  return {
    ...error,
    message: refusal.message(tokens),
    extensions: { ...error.extensions, detail: refusal.detail },
  };
}

/** At most this many page-size combinations of one operation are remembered. */
const DECISIONS_PER_OPERATION = 64;

const pageVariableNames = new WeakMap<DocumentNode, string[]>();

/** The variables a document passes as a page size (`first: $n`), found once per document. */
function pageVariables(document: DocumentNode): string[] {
  let names = pageVariableNames.get(document);
  if (!names) {
    const found = new Set<string>();
    visit(document, {
      Argument(node) {
        if (node.name.value === 'first' && node.value.kind === Kind.VARIABLE)
          found.add(node.value.name.value);
      },
    });
    names = [...found];
    pageVariableNames.set(document, names);
  }
  return names;
}

/**
 * The limits that need more than the document: the cost, computed once the operation and its
 * variables are known (page sizes from `first`, see cost.ts), before anything runs; and the
 * parser's refusals, named in the response. The other limits are validation rules (limits.ts).
 */
export function requestLimitsPlugin(limits: GraphqlLimits, pageMax: number): ApolloServerPlugin {
  // A document's cost depends only on the document, the operation and the values of its page-size
  // variables: decided once per such combination (Apollo hands the same document object for the same
  // query text), not computed again for every request.
  const decided = new WeakMap<object, Map<string, ReturnType<typeof costRefusal>>>();
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request, response }) {
          if (!operation) return;
          let byValues = decided.get(operation);
          if (!byValues) {
            byValues = new Map();
            decided.set(operation, byValues);
          }
          const variables = request.variables ?? {};
          const key = JSON.stringify(pageVariables(document).map((name) => variables[name] ?? null));
          let refusal = byValues.get(key);
          if (refusal === undefined) {
            const sized = withPageSizes(schema, document, operation, variables, pageMax);
            refusal = costRefusal(schema, sized, limits.cost);
            if (byValues.size < DECISIONS_PER_OPERATION) byValues.set(key, refusal);
          }
          if (refusal) {
            response.http.status = 400;
            throw refusal;
          }
        },
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single' || !response.body.singleResult.errors) return;
          const result = response.body.singleResult;
          result.errors = result.errors!.map((error) => relabelParserRefusal(error, limits.tokens));
        },
      };
    },
  };
}
