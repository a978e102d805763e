import {
  Kind,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type ArgumentNode,
  type DocumentNode,
  type FieldNode,
  type GraphQLArgument,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type ValueNode,
} from 'graphql';

/** The argument that sizes a page: graphql-armor's cost rule multiplies a field's cost by it. */
const PAGE_SIZE_ARGUMENT = 'first';

function integerOf(value: unknown): number | null {
  return typeof value === 'number' && Number.isInteger(value) ? value : null;
}

function literalInteger(node: ValueNode | undefined): number | null {
  return node?.kind === Kind.INT ? Number.parseInt(node.value, 10) : null;
}

/**
 * The page size a field will run with: its literal, its variable's value (or the variable's default),
 * or else the schema's default for the argument; at most `pageMax`, which the resolvers enforce anyway.
 */
function pageSize(
  field: FieldNode,
  argument: GraphQLArgument,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
  pageMax: number,
): number {
  const given = field.arguments?.find((a) => a.name.value === PAGE_SIZE_ARGUMENT)?.value;
  let size: number | null = null;
  if (given?.kind === Kind.VARIABLE) {
    const name = given.name.value;
    size =
      integerOf(variables[name]) ??
      literalInteger(
        operation.variableDefinitions?.find((v) => v.variable.name.value === name)?.defaultValue,
      );
  } else {
    size = literalInteger(given);
  }
  size ??= integerOf(argument.defaultValue) ?? 1;
  return Math.min(Math.max(size, 0), pageMax);
}

/**
 * The operation that will run, with its fragments, every paginated field's `first` written as the
 * integer it will run with. graphql-armor's cost rule reads page sizes from integer literals only:
 * without this, `first: $n` or an omitted `first` (default 50) would count as a page of one.
 */
export function withPageSizes(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
  pageMax: number,
): DocumentNode {
  const only: DocumentNode = {
    ...document,
    definitions: document.definitions.filter((d) => d.kind !== Kind.OPERATION_DEFINITION || d === operation),
  };
  const typeInfo = new TypeInfo(schema);
  return visit(
    only,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const argument = typeInfo.getFieldDef()?.args.find((a) => a.name === PAGE_SIZE_ARGUMENT);
        if (!argument) return undefined;
        const size: ArgumentNode = {
          kind: Kind.ARGUMENT,
          name: { kind: Kind.NAME, value: PAGE_SIZE_ARGUMENT },
          value: { kind: Kind.INT, value: String(pageSize(node, argument, operation, variables, pageMax)) },
        };
        const others = (node.arguments ?? []).filter((a) => a.name.value !== PAGE_SIZE_ARGUMENT);
        return { ...node, arguments: [...others, size] };
      },
    }),
  );
}
