import {
  GraphQLScalarType,
  getNamedType,
  isInputObjectType,
  Kind,
  type ASTVisitor,
  type GraphQLInputType,
  type GraphQLSchema,
  type ValidationContext,
  type ValueNode,
} from 'graphql';
import { jsonObjectParsers, labelJsonLiteral, type JsonInputLimits } from '../types/scalars';

const JSON_OBJECT = 'JSONObject';

/**
 * Gives the schema's JSONObject scalar the configured input limits. The schema is built for one
 * server (buildSubgraphAppSchema makes a new one each time), so its scalar is this server's own.
 */
export function applyJsonInputLimits(schema: GraphQLSchema, limits: JsonInputLimits): GraphQLSchema {
  const type = schema.getType(JSON_OBJECT);
  if (type instanceof GraphQLScalarType) Object.assign(type, jsonObjectParsers(limits));
  return schema;
}

function isJsonObject(type: GraphQLInputType | null | undefined): boolean {
  return getNamedType(type ?? undefined)?.name === JSON_OBJECT;
}

function isLiteral(node: ValueNode): boolean {
  return node.kind === Kind.OBJECT || node.kind === Kind.LIST;
}

/**
 * Notes, for each JSONObject literal written in the document, the argument path it is the value of
 * (`Argument "input.preferences" of "updateMySettings"`), so that the scalar's refusal names the
 * field. Reports nothing itself: graphql-js's ValuesOfCorrectTypeRule calls the scalar, which refuses.
 */
export function jsonLiteralNamesRule(context: ValidationContext): ASTVisitor {
  const path: string[] = [];
  let owner = '';
  const note = (value: ValueNode) => {
    if (!isLiteral(value) || !isJsonObject(context.getInputType())) return;
    const field = context.getFieldDef();
    labelJsonLiteral(value, `${owner} "${path.join('.')}"${field ? ` of "${field.name}"` : ''}`);
  };
  return {
    Argument: {
      enter(node) {
        owner = 'Argument';
        path.push(node.name.value);
        note(node.value);
      },
      leave() {
        path.pop();
      },
    },
    VariableDefinition: {
      enter(node) {
        owner = 'Default value of';
        path.push(`$${node.variable.name.value}`);
        if (node.defaultValue) note(node.defaultValue);
      },
      leave() {
        path.pop();
      },
    },
    ObjectField: {
      enter(node) {
        // Only fields of input objects: inside a JSON value, keys are data, not schema fields.
        if (!isInputObjectType(getNamedType(context.getParentInputType() ?? undefined))) return false;
        path.push(node.name.value);
        note(node.value);
        return undefined;
      },
      // Not called for a field whose enter returned false.
      leave() {
        path.pop();
      },
    },
  };
}
