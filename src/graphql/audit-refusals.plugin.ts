import type { ApolloServerPlugin } from '@apollo/server';
import { Kind, valueFromASTUntyped, type FieldNode, type OperationDefinitionNode } from 'graphql';
import type { RequestContext } from '../context';
import { AppError } from '../errors/errors';
import type { AuditTrail } from '../services/audit/audit-trail';

/** The top-level field of `operation` answered under `responseKey` (its alias or name). */
function fieldAt(operation: OperationDefinitionNode, responseKey: string): FieldNode | undefined {
  return operation.selectionSet.selections.find(
    (s): s is FieldNode => s.kind === Kind.FIELD && (s.alias?.value ?? s.name.value) === responseKey,
  );
}

/**
 * Records every refused change as a FAILURE audit event (docs/admin.md, "Audit trail"): a mutation
 * whose field ends in FORBIDDEN (NOT_ALLOWED, READ_ONLY_BACKEND, LAST_ADMIN, …). The refusal happens
 * in the services, whose transaction is then rolled back; this records it afterwards, on its own, once
 * per refused field, with the mutation's name as the action and its `name` argument as the target.
 */
export function auditRefusalsPlugin(audit: AuditTrail): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, operation, contextValue, request }) {
          if (operation?.operation !== 'mutation') return;
          for (const error of errors) {
            const original = error.originalError;
            if (!(original instanceof AppError) || original.code !== 'FORBIDDEN') continue;
            const key = error.path?.[0];
            const field = typeof key === 'string' ? fieldAt(operation, key) : undefined;
            if (!field) continue;
            const nameArg = field.arguments?.find((a) => a.name.value === 'name');
            const target = nameArg ? valueFromASTUntyped(nameArg.value, request.variables ?? {}) : null;
            const caller = contextValue.caller?.user;
            await audit.recordFailure(contextValue, {
              action: field.name.value,
              domain: caller?.domain ?? 'default',
              targetType: typeof target === 'string' ? 'User' : null,
              targetName: typeof target === 'string' ? target.slice(0, 255) : null,
              details: { code: original.code, reason: original.extensions.reason ?? null },
            });
          }
        },
      };
    },
  };
}
