import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';

/**
 * fastify's refusals of a request body at /graphql (before Apollo sees it), answered in GraphQL's
 * shape with a contract code instead of fastify's own `{ statusCode, code, error }` body.
 */
const BODY_REFUSALS: Record<string, { detail: string; message: (bodyLimit: number) => string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: {
    detail: 'BODY_TOO_LARGE',
    message: (bodyLimit) => `Request body larger than ${bodyLimit} bytes`,
  },
  FST_ERR_CTP_INVALID_JSON_BODY: { detail: 'BAD_REQUEST', message: () => 'Request body is not valid JSON' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { detail: 'BAD_REQUEST', message: () => 'Request body is empty' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    detail: 'BAD_REQUEST',
    message: () => 'Content-Length does not match the body',
  },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    detail: 'BAD_REQUEST',
    message: () => 'Unsupported Content-Type: send application/json',
  },
};

/**
 * The error handler of the GraphQL route: body refusals become BAD_USER_INPUT with `detail`
 * (BODY_TOO_LARGE for a body over `bodyLimit`), with fastify's HTTP status (413, 400, 415).
 * Anything else goes on to fastify's default handler.
 */
export function graphqlBodyErrorHandler(bodyLimit: number) {
  return (error: FastifyError, _request: FastifyRequest, reply: FastifyReply) => {
    const refusal = BODY_REFUSALS[error.code];
    if (!refusal) throw error;
    return reply
      .code(error.statusCode ?? 400)
      .type('application/json; charset=utf-8')
      .send({
        errors: [
          {
            message: refusal.message(bodyLimit),
            extensions: { code: 'BAD_USER_INPUT', fields: [], detail: refusal.detail },
          },
        ],
      });
  };
}
