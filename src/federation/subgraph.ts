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
  type ConstDirectiveNode,
  type DocumentNode,
  type GraphQLSchema,
} from 'graphql';
import { createResolversMap } from 'type-graphql';
import type { RequestContext } from '../context';
import { buildAppSchema } from '../schema';
import type { Services } from '../services/wiring';

/**
 * The Federation 2 version idgate's subgraph schema links to. v2.3 is understood by every
 * Federation 2 gateway and router still in use; idgate needs nothing newer than `@key`.
 */
export const FEDERATION_SPEC_URL = 'https://specs.apollo.dev/federation/v2.3';

/** A reference to an entity as a gateway sends it in `_entities(representations:)`. */
interface EntityReference {
  __typename: string;
  id: string;
}

/**
 * The entities idgate owns, keyed by `id`. Their references are resolved through the per-request
 * loaders (`userById`, `groupById`), so N representations in one `_entities` call cost one
 * statement, and through the same service rules as `user(id:)`: another domain's user is null,
 * a non-admin reading another user is FORBIDDEN; groups are for admins.
 */
type EntityResolver = (services: Services, ref: EntityReference, ctx: RequestContext) => Promise<unknown>;

const ENTITIES: Record<string, EntityResolver> = {
  User: (services, ref, ctx) => services.userReads.getUser(ctx, { id: ref.id }),
  Group: (services, ref, ctx) => services.groups.getGroupById(ctx, ref.id),
};

function keyDirective(): ConstDirectiveNode {
  return {
    kind: Kind.DIRECTIVE,
    name: { kind: Kind.NAME, value: 'key' },
    arguments: [
      {
        kind: Kind.ARGUMENT,
        name: { kind: Kind.NAME, value: 'fields' },
        value: { kind: Kind.STRING, value: 'id' },
      },
    ],
  };
}

/** The API's SDL (sorted, as in schema/schema.graphql) with `@link` and the entity keys added. */
function subgraphTypeDefs(appSchema: GraphQLSchema): DocumentNode {
  const api = parse(printSchema(lexicographicSortSchema(appSchema)));
  const keyed = visit(api, {
    ObjectTypeDefinition(node) {
      if (!(node.name.value in ENTITIES)) return undefined;
      return { ...node, directives: [...(node.directives ?? []), keyDirective()] };
    },
  });
  const link = parse(`extend schema @link(url: "${FEDERATION_SPEC_URL}", import: ["@key"])`);
  return concatAST([link, keyed]);
}

/**
 * idgate's executable schema: the type-graphql API as an Apollo Federation 2 subgraph. The resolvers
 * are type-graphql's own (auth checks, validation and loaders unchanged); `_service` and
 * `_entities` are added by @apollo/subgraph.
 */
export async function buildSubgraphAppSchema(services?: Services): Promise<GraphQLSchema> {
  const appSchema = await buildAppSchema(services);
  const resolvers: Record<string, object> = { ...createResolversMap(appSchema) };
  for (const [typeName, resolve] of Object.entries(ENTITIES)) {
    resolvers[typeName] = {
      ...resolvers[typeName],
      __resolveReference: (ref: EntityReference, ctx: RequestContext) => {
        if (!services) throw new Error('the schema was built without services');
        return resolve(services, ref, ctx);
      },
    };
  }
  return buildSubgraphSchema({
    typeDefs: subgraphTypeDefs(appSchema),
    resolvers: resolvers as GraphQLResolverMap<unknown>,
  });
}

/** The subgraph SDL exactly as `{ _service { sdl } }` answers it: committed as schema/subgraph.graphql. */
export async function printSubgraphSdl(): Promise<string> {
  const schema = await buildSubgraphAppSchema();
  const result = await execute({ schema, document: parse('{ _service { sdl } }') });
  const sdl = (result.data as { _service: { sdl: string } } | null | undefined)?._service.sdl;
  if (result.errors?.length || !sdl) {
    throw new Error(`cannot print the subgraph schema: ${JSON.stringify(result.errors)}`);
  }
  return sdl.endsWith('\n') ? sdl : `${sdl}\n`;
}
