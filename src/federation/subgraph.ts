import 'reflect-metadata';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import {
  Kind,
  concatAST,
  execute,
  lexicographicSortSchema,
  parse,
  printSchema,
  visit,
  type ConstArgumentNode,
  type ConstDirectiveNode,
  type ConstValueNode,
  type DocumentNode,
  type EnumValueDefinitionNode,
  type FieldDefinitionNode,
  type GraphQLSchema,
  type InputValueDefinitionNode,
  type NameNode,
  type TypeDefinitionNode,
} from 'graphql';
import { createResolversMap } from 'type-graphql';
import type { RequestContext } from '../context';
import { buildAppSchema } from '../schema';
import type { Services } from '../services/wiring';

/**
 * The Federation 2 version idgate's subgraph schema links to: v2.5 brings `@authenticated` and
 * `@requiresScopes`, which a router can enforce; Apollo Router and the gateways of the last years
 * understand it.
 */
export const FEDERATION_SPEC_URL = 'https://specs.apollo.dev/federation/v2.5';

/** The federation directives idgate's SDL may use (imported by name in its `@link`). */
const FEDERATION_IMPORTS = [
  '@key',
  '@shareable',
  '@authenticated',
  '@requiresScopes',
  '@tag',
  '@inaccessible',
];

/** A reference to an entity as a gateway sends it in `_entities(representations:)`. */
interface EntityReference {
  __typename: string;
  id: unknown;
}

/**
 * The entities idgate owns, keyed by `id`. Their references are resolved through the per-request
 * loaders (`userById`, `groupById`), so N representations in one `_entities` call cost one
 * statement, and through the same service rules as `user(id:)`: another domain's user is null,
 * a non-admin reading another user is FORBIDDEN; groups are for admins.
 */
type EntityResolver = (services: Services, id: string, ctx: RequestContext) => Promise<unknown>;

const ENTITIES: Record<string, EntityResolver> = {
  User: (services, id, ctx) => services.userReads.getUser(ctx, { id }),
  Group: (services, id, ctx) => services.groups.getGroupById(ctx, id),
};

/**
 * Value types other subgraphs commonly define too, marked `@shareable` so that a supergraph may hold
 * both definitions (Federation 2 wants the mark in every subgraph that defines the type). Their
 * fields are the common ones: PageInfo exactly as the Relay connection spec has it.
 */
export const SHAREABLE_TYPES = ['PageInfo', 'Tag', 'Count', 'ExternalId'];

/**
 * The root fields that need no caller: everything else carries `@authenticated`, so that a router
 * refuses it before idgate is asked when the request has no credentials. `_service` and `_entities`
 * are added by the federation library and carry no directive (`_entities` needs a caller all the same).
 */
export const PUBLIC_ROOT_FIELDS = ['Mutation.login', 'Mutation.confirmEmail'];

/** One federation directive to put on an element of the subgraph SDL. */
export type SubgraphDirective =
  | { name: 'tag'; tag: string }
  | { name: 'inaccessible' }
  | { name: 'authenticated' }
  | { name: 'requiresScopes'; scopes: string[][] }
  | { name: 'shareable' };

/** `@tag(name:)`: groups elements for contract variants of the supergraph. */
export const tag = (name: string): SubgraphDirective => ({ name: 'tag', tag: name });
/** `@inaccessible`: kept in the subgraph, hidden from the supergraph's API. */
export const inaccessible = (): SubgraphDirective => ({ name: 'inaccessible' });
/** `@requiresScopes(scopes:)`: the router lets the request through when its claims hold one inner list. */
export const requiresScopes = (...scopes: string[][]): SubgraphDirective => ({
  name: 'requiresScopes',
  scopes,
});

/**
 * Directives added to the subgraph SDL by schema coordinate: `Type`, `Type.field` (also an input
 * field or an enum value) or `Type.field(argument:)`. A coordinate that names nothing fails the
 * build of the schema (and so `npm run check:schema`). For example a contract variant built with
 * `include: [public]` offers only what needs no token:
 */
export const SUBGRAPH_DIRECTIVES: Record<string, SubgraphDirective[]> = {
  'Mutation.login': [tag('public')],
  'Mutation.confirmEmail': [tag('public')],
};

function name(value: string): NameNode {
  return { kind: Kind.NAME, value };
}

function stringList(values: string[]): ConstValueNode {
  return { kind: Kind.LIST, values: values.map((value) => ({ kind: Kind.STRING, value })) };
}

function directiveNode(directive: SubgraphDirective): ConstDirectiveNode {
  const args: ConstArgumentNode[] = [];
  if (directive.name === 'tag') {
    args.push({
      kind: Kind.ARGUMENT,
      name: name('name'),
      value: { kind: Kind.STRING, value: directive.tag },
    });
  } else if (directive.name === 'requiresScopes') {
    const value: ConstValueNode = { kind: Kind.LIST, values: directive.scopes.map(stringList) };
    args.push({ kind: Kind.ARGUMENT, name: name('scopes'), value });
  }
  return { kind: Kind.DIRECTIVE, name: name(directive.name), arguments: args };
}

function keyDirective(): ConstDirectiveNode {
  return {
    kind: Kind.DIRECTIVE,
    name: name('key'),
    arguments: [{ kind: Kind.ARGUMENT, name: name('fields'), value: { kind: Kind.STRING, value: 'id' } }],
  };
}

/** How the subgraph SDL is published. */
export interface SubgraphOptions {
  /**
   * Put `@authenticated` (and the `@requiresScopes` of SUBGRAPH_DIRECTIVES) into the SDL (default
   * true). @apollo/gateway refuses a supergraph with authorization directives (it cannot enforce
   * them): turn them off for it (config `graphql.federation.authorizationDirectives: false`).
   */
  authorizationDirectives?: boolean;
}

const AUTHORIZATION_DIRECTIVES = new Set(['authenticated', 'requiresScopes']);

/** Every directive the subgraph SDL gets, by schema coordinate. */
function directivesByCoordinate(
  appSchema: GraphQLSchema,
  extra: Record<string, SubgraphDirective[]>,
  authorization: boolean,
): Map<string, ConstDirectiveNode[]> {
  const byCoordinate = new Map<string, ConstDirectiveNode[]>();
  const add = (coordinate: string, node: ConstDirectiveNode) =>
    byCoordinate.set(coordinate, [...(byCoordinate.get(coordinate) ?? []), node]);
  for (const typeName of Object.keys(ENTITIES)) add(typeName, keyDirective());
  for (const typeName of SHAREABLE_TYPES) add(typeName, directiveNode({ name: 'shareable' }));
  for (const root of [appSchema.getQueryType(), appSchema.getMutationType()]) {
    for (const field of Object.keys(root?.getFields() ?? {})) {
      const coordinate = `${root!.name}.${field}`;
      if (authorization && !PUBLIC_ROOT_FIELDS.includes(coordinate)) {
        add(coordinate, directiveNode({ name: 'authenticated' }));
      }
    }
  }
  for (const [coordinate, directives] of Object.entries(extra)) {
    // Registered even when nothing is added, so that a coordinate that names nothing still fails.
    byCoordinate.set(coordinate, byCoordinate.get(coordinate) ?? []);
    for (const directive of directives) {
      if (authorization || !AUTHORIZATION_DIRECTIVES.has(directive.name))
        add(coordinate, directiveNode(directive));
    }
  }
  return byCoordinate;
}

/**
 * The API's SDL (sorted, as in schema/schema.graphql) with `@link`, the entity keys, `@shareable`,
 * `@authenticated` and the directives of `extra` added.
 */
export function subgraphTypeDefs(
  appSchema: GraphQLSchema,
  extra: Record<string, SubgraphDirective[]> = SUBGRAPH_DIRECTIVES,
  options: SubgraphOptions = {},
): DocumentNode {
  const api = parse(printSchema(lexicographicSortSchema(appSchema)));
  const pending = directivesByCoordinate(appSchema, extra, options.authorizationDirectives ?? true);
  const applied = new Set<string>();
  const withDirectives = <T extends { directives?: readonly ConstDirectiveNode[] }>(
    coordinate: string,
    node: T,
  ): T => {
    const added = pending.get(coordinate);
    if (!added) return node;
    applied.add(coordinate);
    if (added.length === 0) return node;
    return { ...node, directives: [...(node.directives ?? []), ...added] };
  };
  const owner: string[] = [];
  const field: string[] = [];
  const enterType = (node: TypeDefinitionNode) => {
    owner.push(node.name.value);
    return withDirectives(node.name.value, node);
  };
  const leaveType = () => void owner.pop();
  const typeVisitor = { enter: enterType, leave: leaveType };
  const decorated = visit(api, {
    ObjectTypeDefinition: typeVisitor,
    InterfaceTypeDefinition: typeVisitor,
    InputObjectTypeDefinition: typeVisitor,
    EnumTypeDefinition: typeVisitor,
    UnionTypeDefinition: typeVisitor,
    ScalarTypeDefinition: typeVisitor,
    FieldDefinition: {
      enter(node: FieldDefinitionNode) {
        field.push(node.name.value);
        return withDirectives(`${owner.at(-1)}.${node.name.value}`, node);
      },
      leave: () => void field.pop(),
    },
    InputValueDefinition(node: InputValueDefinitionNode) {
      // Inside a field: an argument; inside an input type: an input field.
      const coordinate =
        field.length > 0
          ? `${owner.at(-1)}.${field.at(-1)}(${node.name.value}:)`
          : `${owner.at(-1)}.${node.name.value}`;
      return withDirectives(coordinate, node);
    },
    EnumValueDefinition(node: EnumValueDefinitionNode) {
      return withDirectives(`${owner.at(-1)}.${node.name.value}`, node);
    },
  });
  const unknown = [...pending.keys()].filter((coordinate) => !applied.has(coordinate));
  if (unknown.length)
    throw new Error(`subgraph directives for unknown schema coordinates: ${unknown.join(', ')}`);
  const link = parse(
    `extend schema @link(url: "${FEDERATION_SPEC_URL}", import: [${FEDERATION_IMPORTS.map((d) => `"${d}"`).join(', ')}])`,
  );
  return concatAST([link, decorated]);
}

/**
 * Wraps `_entities` so that a representation idgate cannot resolve (a `__typename` that is not one of
 * its entities, an `id` that is not a string) answers null for that item, as an unknown id does,
 * instead of failing the whole list with an internal error.
 */
function tolerateUnknownRepresentations(schema: GraphQLSchema): void {
  const entities = schema.getQueryType()?.getFields()._entities;
  const resolve = entities?.resolve;
  if (!entities || !resolve) return;
  const representations = entities.args.find((a) => a.name === 'representations');
  // For the IDE's docs explorer: the library leaves the argument undescribed.
  if (representations) {
    representations.description =
      'References to entities, as a gateway sends them: { __typename: "User" | "Group", id }. Each answers its entity, or null when it is unknown or hidden from you.';
  }
  entities.resolve = async (source, args: { representations: unknown[] }, ctx, info) => {
    const known = args.representations.map(
      (r) =>
        typeof r === 'object' &&
        r !== null &&
        Object.hasOwn(ENTITIES, (r as EntityReference).__typename) &&
        typeof (r as EntityReference).id === 'string',
    );
    const forwarded = args.representations.filter((_, i) => known[i]);
    const resolved = forwarded.length
      ? ((await resolve(source, { ...args, representations: forwarded }, ctx, info)) as unknown[])
      : [];
    let next = 0;
    return known.map((isKnown) => (isKnown ? resolved[next++] : null));
  };
}

/**
 * idgate's executable schema: the type-graphql API as an Apollo Federation 2 subgraph. The resolvers
 * are type-graphql's own (auth checks, validation and loaders unchanged); `_service` and
 * `_entities` are added by @apollo/subgraph.
 */
export async function buildSubgraphAppSchema(
  services?: Services,
  options: SubgraphOptions = {},
): Promise<GraphQLSchema> {
  const appSchema = await buildAppSchema(services);
  const resolvers: Record<string, object> = { ...createResolversMap(appSchema) };
  for (const [typeName, resolve] of Object.entries(ENTITIES)) {
    resolvers[typeName] = {
      ...resolvers[typeName],
      __resolveReference: (ref: EntityReference, ctx: RequestContext) => {
        if (!services) throw new Error('the schema was built without services');
        return resolve(services, ref.id as string, ctx);
      },
    };
  }
  const schema = buildSubgraphSchema({
    typeDefs: subgraphTypeDefs(appSchema, SUBGRAPH_DIRECTIVES, options),
    resolvers: resolvers as GraphQLResolverMap<unknown>,
  });
  tolerateUnknownRepresentations(schema);
  return schema;
}

/** The subgraph SDL exactly as `{ _service { sdl } }` answers it: committed as schema/subgraph.graphql. */
export async function printSubgraphSdl(options: SubgraphOptions = {}): Promise<string> {
  const schema = await buildSubgraphAppSchema(undefined, options);
  const result = await execute({ schema, document: parse('{ _service { sdl } }') });
  const sdl = (result.data as { _service: { sdl: string } } | null | undefined)?._service.sdl;
  if (result.errors?.length || !sdl) {
    throw new Error(`cannot print the subgraph schema: ${JSON.stringify(result.errors)}`);
  }
  return sdl.endsWith('\n') ? sdl : `${sdl}\n`;
}
