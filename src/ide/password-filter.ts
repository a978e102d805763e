/** The part of the Web Storage API that GraphiQL's `storage` prop uses. */
export interface StorageLike {
  /** The stored value of `key`, or null. */
  getItem(key: string): string | null;
  /** Stores `value` under `key`. */
  setItem(key: string, value: string): void;
  /** Forgets `key`. */
  removeItem(key: string): void;
  /** Forgets every key. */
  clear(): void;
  /** How many keys are stored. */
  readonly length: number;
}

/**
 * Wraps the IDE's storage so that no password and no token is ever written to it. GraphiQL keeps the
 * editors (`query`, `variables`), the tabs (`tabState`), the history (`queries`) and the favourites
 * (`favorites`) in the browser's localStorage; this wrapper filters each write:
 *
 * - a document that names `login`, `changeMyPassword`, `password`, `oldPassword` or `newPassword`
 *   (as a field, an argument or an input field; a mention in a comment counts too) is not stored:
 *   the `query` key is removed, a tab keeps its place but loses its query and variables, a history
 *   or favourite entry is left out;
 * - variables holding a key named `password`, `oldPassword` or `newPassword` at any depth are not
 *   stored, nor any variables while the query editor holds such a document (a password passed as
 *   `$pw` is still a password);
 * - headers (the bearer token) and responses (a login's token) are dropped from every JSON value.
 *
 * The history panel still lists such a query until the page is reloaded: GraphiQL keeps it in memory,
 * but it never reaches the disk. This function runs in the browser: the IDE's boot script embeds its
 * source, so it must stay self-contained (no imports, no outer names).
 */
export function createPasswordSafeStorage(inner: StorageLike): StorageLike {
  const SENSITIVE_DOCUMENT = /\b(?:login|changeMyPassword|password|oldPassword|newPassword)\b/;
  const SENSITIVE_VARIABLES = /"(?:password|oldPassword|newPassword)"\s*:/;
  // The latest query the editor asked to store (stored or not): its variables follow its fate.
  let editorQuery: string | null = null;

  const sensitiveDocument = (text: unknown) => typeof text === 'string' && SENSITIVE_DOCUMENT.test(text);
  const sensitiveVariables = (text: unknown) => typeof text === 'string' && SENSITIVE_VARIABLES.test(text);
  const sensitiveEntry = (entry: { query?: unknown; variables?: unknown } | null) =>
    !entry || sensitiveDocument(entry.query) || sensitiveVariables(entry.variables);
  // GraphiQL's key is "<namespace>:<name>"; the name is what matters.
  const nameOf = (key: string) => key.slice(key.lastIndexOf(':') + 1);
  const siblingKey = (key: string, name: string) => key.slice(0, key.lastIndexOf(':') + 1) + name;
  const parse = (value: string): unknown => {
    try {
      return JSON.parse(value, (field, v) => (field === 'headers' || field === 'response' ? undefined : v));
    } catch {
      return undefined;
    }
  };

  /** The value to store for `key`, or null to store nothing under it. */
  function filtered(key: string, value: string): string | null {
    const name = nameOf(key);
    if (name === 'query') {
      editorQuery = value;
      return sensitiveDocument(value) ? null : value;
    }
    if (name === 'variables') {
      return sensitiveVariables(value) || sensitiveDocument(editorQuery) ? null : value;
    }
    const parsed = parse(value);
    if (name === 'tabState') {
      const state = parsed as { tabs?: Array<Record<string, unknown>> } | undefined;
      if (!state || !Array.isArray(state.tabs)) return null;
      for (const tab of state.tabs) {
        // A tab must keep every key as a string or null for GraphiQL to restore it.
        tab.headers = null;
        tab.response = null;
        if (sensitiveEntry(tab)) {
          tab.query = null;
          tab.variables = null;
        }
      }
      return JSON.stringify(state);
    }
    if (name === 'queries' || name === 'favorites') {
      const store = parsed as Record<string, unknown> | undefined;
      const entries = store?.[name];
      if (!Array.isArray(entries)) return null;
      return JSON.stringify({ [name]: entries.filter((entry) => !sensitiveEntry(entry)) });
    }
    // Other keys (theme, panel sizes, the visible plugin): stored as they are, headers dropped.
    return parsed === undefined ? value : JSON.stringify(parsed);
  }

  return {
    getItem: (key) => inner.getItem(key),
    setItem(key, value) {
      const kept = filtered(key, value);
      if (kept === null) inner.removeItem(key);
      else inner.setItem(key, kept);
      // A sensitive query also takes the variables stored beside it.
      if (nameOf(key) === 'query' && kept === null) inner.removeItem(siblingKey(key, 'variables'));
    },
    removeItem: (key) => inner.removeItem(key),
    clear: () => inner.clear(),
    get length() {
      return inner.length;
    },
  };
}
