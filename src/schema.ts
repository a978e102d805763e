import 'reflect-metadata';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { AccountResolver } from './resolvers/account.resolver';
import { AuthResolver } from './resolvers/auth.resolver';
import { GroupResolver } from './resolvers/group.resolver';
import { MetaResolver } from './resolvers/meta.resolver';
import { SyncResolver } from './resolvers/sync.resolver';
import { UserResolver } from './resolvers/user.resolver';
import { DateTimeScalar, JSONObjectScalar } from './types/scalars';

export const RESOLVERS = [
  UserResolver,
  GroupResolver,
  AuthResolver,
  AccountResolver,
  MetaResolver,
  SyncResolver,
] as const;

/** Builds the executable schema from the type-graphql classes. */
export function buildAppSchema(): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers: RESOLVERS,
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
