import { defineGraphqlAttackSuite } from './attack-graphql.suite';

defineGraphqlAttackSuite('postgres');
