import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'graphql';
import { ConfigError, loadConfig } from '../../src/config';
import { asksForSchema, stripSuggestions } from '../../src/graphql/introspection.plugin';

function configFile(content: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'idgate-config-')), 'idgate.yaml');
  writeFileSync(path, content);
  return path;
}

describe('graphql options', () => {
  it('defaults to introspection and suggestions for everyone and the IDE on', () => {
    const { introspection, suggestions, ide } = loadConfig({}).graphql;
    assert.deepEqual(
      { introspection, suggestions, ide },
      { introspection: 'on', suggestions: 'on', ide: true },
    );
  });

  it('reads graphql.introspection and graphql.ide, and refuses other values', () => {
    const config = loadConfig({
      IDGATE_CONFIG: configFile('graphql:\n  introspection: admins\n  ide: false\n'),
    });
    const { introspection, suggestions, ide } = config.graphql;
    assert.deepEqual(
      { introspection, suggestions, ide },
      { introspection: 'admins', suggestions: 'admins', ide: false },
    );
    for (const [content, pattern] of [
      ['graphql:\n  introspection: off\n', /graphql\.introspection: Invalid enum value/],
      ['graphql:\n  playground: true\n', /graphql\.playground: unknown key/],
    ] as const) {
      assert.throws(
        () => loadConfig({ IDGATE_CONFIG: configFile(content) }),
        (e: unknown) => e instanceof ConfigError && pattern.test(e.message),
      );
    }
  });

  it('finds schema-revealing fields anywhere in a document, but not __typename', () => {
    assert.equal(asksForSchema(parse('{ __schema { types { name } } }')), true);
    assert.equal(asksForSchema(parse('{ a: __type(name: "User") { name } }')), true);
    assert.equal(asksForSchema(parse('{ _service { sdl } }')), true);
    assert.equal(
      asksForSchema(parse('query { ...F } fragment F on Query { __schema { types { name } } }')),
      true,
    );
    assert.equal(asksForSchema(parse('{ __typename me { __typename name } }')), false);
  });

  it('strips "Did you mean" suggestions from messages', () => {
    assert.equal(
      stripSuggestions('Cannot query field "nam" on type "User". Did you mean "name"?'),
      'Cannot query field "nam" on type "User".',
    );
    assert.equal(
      stripSuggestions(
        'Value "ENABLE" does not exist in "UserState" enum. Did you mean the enum value "ENABLED"?',
      ),
      'Value "ENABLE" does not exist in "UserState" enum.',
    );
    assert.equal(stripSuggestions('Authentication required'), 'Authentication required');
  });
});
