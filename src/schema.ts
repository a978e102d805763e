import 'reflect-metadata';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema, type ContainerType } from 'type-graphql';
import { AccountResolver } from './resolvers/account.resolver';
import { AuthResolver } from './resolvers/auth.resolver';
import { GroupResolver } from './resolvers/group.resolver';
import { MetaResolver } from './resolvers/meta.resolver';
import { SyncResolver } from './resolvers/sync.resolver';
import { UserResolver } from './resolvers/user.resolver';
import type { Services } from './services/wiring';
import { DateTimeScalar, JSONObjectScalar } from './types/scalars';

export const RESOLVERS = [
  UserResolver,
  GroupResolver,
  AuthResolver,
  AccountResolver,
  MetaResolver,
  SyncResolver,
] as const;

/**
 * Hands type-graphql the resolvers, each built once with the services (constructor injection):
 * resolvers reach services through `this.services`, never through the request context.
 */
function resolverContainer(services: Services): ContainerType {
  const instances = new Map<unknown, unknown>(RESOLVERS.map((R) => [R, new R(services)] as const));
  return {
    get(resolverClass: unknown) {
      const instance = instances.get(resolverClass);
      if (!instance) throw new Error('unknown resolver class');
      return instance;
    },
  };
}

/**
 * Builds the executable schema from the type-graphql classes. Without `services` the schema can be
 * printed but not run (scripts/emit-schema.ts).
 */
export function buildAppSchema(services?: Services): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers: RESOLVERS,
    ...(services ? { container: resolverContainer(services) } : {}),
    scalarsMap: [
      { type: Date, scalar: DateTimeScalar },
      { type: Object, scalar: JSONObjectScalar },
    ],
    validate: { forbidUnknownValues: false, stopAtFirstError: false },
    emitSchemaFile: false,
  });
}

/** The SDL as committed in schema/schema.graphql: sorted, so the file only changes with the API. */
export async function printAppSchema(): Promise<string> {
  return `${printSchema(lexicographicSortSchema(await buildAppSchema()))}\n`;
}
