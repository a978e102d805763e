import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLFormattedError } from 'graphql';
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

/**
 * The limits that need more than the document: the cost, computed once the operation and its
 * variables are known (page sizes from `first`, see cost.ts), before anything runs; and the
 * parser's refusals, named in the response. The other limits are validation rules (limits.ts).
 */
export function requestLimitsPlugin(limits: GraphqlLimits, pageMax: number): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request, response }) {
          if (!operation) return;
          const sized = withPageSizes(schema, document, operation, request.variables ?? {}, pageMax);
          const refusal = costRefusal(schema, sized, limits.cost);
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
