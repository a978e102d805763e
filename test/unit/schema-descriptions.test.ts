import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  buildClientSchema,
  getIntrospectionQuery,
  graphql,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  type IntrospectionQuery,
} from 'graphql';
import { buildSubgraphAppSchema } from '../../src/federation/subgraph';

describe('schema documentation', () => {
  it('describes every argument and every input field, as introspection (the IDE’s docs) shows them', async () => {
    // The schema idgate serves: the API plus the federation fields.
    const served = await buildSubgraphAppSchema();
    const result = await graphql({ schema: served, source: getIntrospectionQuery() });
    assert.equal(result.errors, undefined);
    const schema = buildClientSchema(result.data as unknown as IntrospectionQuery);
    const missing: string[] = [];
    let described = 0;
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith('__')) continue;
      if (isObjectType(type) || isInterfaceType(type)) {
        for (const field of Object.values(type.getFields())) {
          for (const arg of field.args) {
            if (arg.description?.trim()) described += 1;
            else missing.push(`${type.name}.${field.name}(${arg.name}:)`);
          }
        }
      }
      if (isInputObjectType(type)) {
        for (const field of Object.values(type.getFields())) {
          if (field.description?.trim()) described += 1;
          else missing.push(`${type.name}.${field.name}`);
        }
      }
    }
    assert.deepEqual(missing, [], `without a description:\n${missing.join('\n')}`);
    assert.ok(described > 100, `${described} arguments and input fields described`);
  });
});
