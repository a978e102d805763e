import { GraphQLError } from 'graphql';
import { AppError } from '../errors/errors';

/** What a refusal names in `extensions.detail`, one per limit. */
export type LimitDetail =
  | 'MAX_DEPTH'
  | 'MAX_ALIASES'
  | 'MAX_TOKENS'
  | 'MAX_DIRECTIVES'
  | 'MAX_COST'
  | 'MAX_CREDENTIAL_FIELDS'
  | 'BODY_TOO_LARGE'
  | 'JSON_TOO_DEEP'
  | 'JSON_TOO_LARGE';

/**
 * A request refused by a limit: BAD_USER_INPUT with `detail` naming the limit and no `fields`
 * (the whole request is at fault, not one input field).
 */
export class LimitError extends AppError<'BAD_USER_INPUT'> {
  readonly code = 'BAD_USER_INPUT' as const;
  constructor(detail: LimitDetail, message: string) {
    super(message, { fields: [], detail }, 'BAD_USER_INPUT');
  }
}

/**
 * A refusal found while validating. Apollo turns every validation error into its own
 * GRAPHQL_VALIDATION_FAILED, keeping the extensions, so the error formatter answers BAD_USER_INPUT
 * with this `detail`.
 */
export function limitValidationError(detail: LimitDetail, message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { detail } });
}
