import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createPasswordSafeStorage, type StorageLike } from '../../src/ide/password-filter';

/** A Map standing in for localStorage, keyed the way GraphiQL's createLocalStorage keys it. */
function memoryStorage(): StorageLike & { entries: Map<string, string> } {
  const entries = new Map<string, string>();
  return {
    entries,
    getItem: (key) => entries.get(key) ?? null,
    setItem: (key, value) => void entries.set(key, value),
    removeItem: (key) => void entries.delete(key),
    clear: () => entries.clear(),
    get length() {
      return entries.size;
    },
  };
}

const KEY = (name: string) => `graphiql:${name}`;
const LOGIN = 'mutation { login(name: "ann", password: "s3cret-pass") { token } }';

describe('IDE storage filter', () => {
  it('stores ordinary queries and variables as they are', () => {
    const inner = memoryStorage();
    const storage = createPasswordSafeStorage(inner);
    storage.setItem(KEY('query'), '{ me { name } }');
    storage.setItem(KEY('variables'), '{"first": 5}');
    assert.equal(inner.getItem(KEY('query')), '{ me { name } }');
    assert.equal(inner.getItem(KEY('variables')), '{"first": 5}');
  });

  it('does not store a login or changeMyPassword document, nor the variables beside it', () => {
    const inner = memoryStorage();
    const storage = createPasswordSafeStorage(inner);
    storage.setItem(KEY('variables'), '{"pw": "s3cret-pass"}');
    storage.setItem(KEY('query'), 'mutation ($pw: String!) { login(name: "ann", password: $pw) { token } }');
    assert.equal(inner.getItem(KEY('query')), null);
    assert.equal(inner.getItem(KEY('variables')), null, 'the variables typed earlier went with it');
    storage.setItem(KEY('variables'), '{"pw": "s3cret-pass"}');
    assert.equal(inner.getItem(KEY('variables')), null, 'and later ones are not stored');
    storage.setItem(KEY('query'), 'mutation { changeMyPassword(oldPassword: "a", newPassword: "b") { id } }');
    assert.equal(inner.getItem(KEY('query')), null);
  });

  it('does not store variables with a password, oldPassword or newPassword key at any depth', () => {
    const inner = memoryStorage();
    const storage = createPasswordSafeStorage(inner);
    storage.setItem(KEY('query'), 'mutation ($input: CreateUserInput!) { createUser(input: $input) { id } }');
    for (const variables of [
      '{"input": {"name": "x", "password": "p"}}',
      '{"newPassword": "p"}',
      '{"oldPassword" : 1',
    ]) {
      storage.setItem(KEY('variables'), variables);
      assert.equal(inner.getItem(KEY('variables')), null, variables);
    }
  });

  it('keeps tabs restorable but empties those holding a password, and drops headers and responses', () => {
    const inner = memoryStorage();
    const storage = createPasswordSafeStorage(inner);
    const tab = (query: string, variables: string | null) => ({
      id: `tab-${query.length}`,
      hash: null,
      title: 'x',
      query,
      variables,
      headers: '{"Authorization": "Bearer tok"}',
      operationName: null,
      response: '{"data": {"login": {"token": "tok"}}}',
    });
    storage.setItem(
      KEY('tabState'),
      JSON.stringify({
        activeTabIndex: 1,
        tabs: [
          tab('{ me { name } }', '{}'),
          tab(LOGIN, null),
          tab('mutation X($p: String!) { x }', '{"password": "p"}'),
        ],
      }),
    );
    const stored = inner.getItem(KEY('tabState'))!;
    assert.ok(!stored.includes('s3cret') && !stored.includes('tok') && !stored.includes('"p"'), stored);
    const state = JSON.parse(stored) as { activeTabIndex: number; tabs: Array<Record<string, unknown>> };
    assert.equal(state.activeTabIndex, 1);
    assert.deepEqual(
      state.tabs.map((t) => [t.query, t.variables, t.headers, t.response]),
      [
        ['{ me { name } }', '{}', null, null],
        [null, null, null, null],
        [null, null, null, null],
      ],
    );
  });

  it('leaves sensitive entries out of history and favourites', () => {
    const inner = memoryStorage();
    const storage = createPasswordSafeStorage(inner);
    const entries = [
      { query: '{ me { name } }', variables: '', headers: '{"Authorization": "Bearer tok"}' },
      { query: LOGIN, variables: '' },
      {
        query: 'mutation ($i: CreateUserInput!) { createUser(input: $i) { id } }',
        variables: '{"i": {"password": "p"}}',
      },
    ];
    storage.setItem(KEY('queries'), JSON.stringify({ queries: entries }));
    storage.setItem(KEY('favorites'), JSON.stringify({ favorites: entries }));
    assert.deepEqual(JSON.parse(inner.getItem(KEY('queries'))!), {
      queries: [{ query: '{ me { name } }', variables: '' }],
    });
    assert.deepEqual(JSON.parse(inner.getItem(KEY('favorites'))!), {
      favorites: [{ query: '{ me { name } }', variables: '' }],
    });
  });

  it('stores what it cannot read for tabs and history as nothing', () => {
    const inner = memoryStorage();
    const storage = createPasswordSafeStorage(inner);
    storage.setItem(KEY('tabState'), '{not json');
    storage.setItem(KEY('queries'), '[]');
    assert.equal(inner.length, 0);
    storage.setItem(KEY('visiblePlugin'), 'Documentation Explorer');
    assert.equal(inner.getItem(KEY('visiblePlugin')), 'Documentation Explorer');
  });
});
