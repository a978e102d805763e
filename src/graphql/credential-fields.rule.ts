import type { ASTVisitor, FieldNode, ValidationContext } from 'graphql';
import { limitValidationError } from './limit-errors';

/**
 * The mutations that check a secret (a password or an emailed code). One document may hold one of
 * them: with aliases, one request could otherwise try a thousand passwords or codes, past every
 * per-request rate limit.
 */
export const CREDENTIAL_FIELDS: ReadonlySet<string> = new Set([
  'login',
  'confirmEmail',
  'resetPassword',
  'changeMyPassword',
]);

/**
 * Refuses a document that selects more than one credential field on Mutation, counting every field
 * node wherever it is written (under any alias, in any operation or fragment of the document).
 */
export function credentialFieldsRule(context: ValidationContext): ASTVisitor {
  const mutationType = context.getSchema().getMutationType();
  const found: FieldNode[] = [];
  return {
    Field(node) {
      if (
        mutationType &&
        context.getParentType() === mutationType &&
        CREDENTIAL_FIELDS.has(node.name.value)
      ) {
        found.push(node);
      }
    },
    Document: {
      leave() {
        if (found.length <= 1) return;
        const names = [...new Set(found.map((f) => f.name.value))].join(', ');
        const error = limitValidationError(
          'MAX_CREDENTIAL_FIELDS',
          `A document may hold one of login, confirmEmail, resetPassword and changeMyPassword; this one holds ${found.length} (${names})`,
        );
        context.reportError(error);
      },
    },
  };
}
