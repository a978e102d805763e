import { readFileSync } from 'node:fs';
import {
  AlreadyExistsError,
  Attribute,
  Change,
  Client,
  ConstraintViolationError,
  InsufficientAccessError,
  InvalidCredentialsError,
  InvalidDNSyntaxError,
  NamingViolationError,
  NotAllowedOnNonLeafError,
  NotAllowedOnRDNError,
  InvalidSyntaxError,
  NoSuchObjectError,
  ObjectClassViolationError,
  ResultCodeError,
  TypeOrValueExistsError,
  NoSuchAttributeError,
  UndefinedTypeError,
  UnwillingToPerformError,
  BusyError,
  UnavailableError,
  TimeLimitExceededError,
  AdminLimitExceededError,
} from 'ldapts';
import {
  filterFor,
  passwordModifyValue,
  toEntry,
  within,
  type LdapEntry,
  type ModifyOperation,
  type SearchParams,
} from './ldap-wire';
import {
  BackendConflictError,
  BackendError,
  BackendInputError,
  BackendNotFoundError,
  BackendRefusedError,
  BackendUnavailableError,
} from '../errors';

/**
 * The connection side of the LDAP library (ldapts; ldap-wire.ts holds the entry and filter side).
 * Everything above these two files sees plain entries and backend errors: a pool of connections bound
 * as the service account, failover over several server URLs, timeouts, and a search counter for the tests.
 */

export type { LdapEntry, ModifyOperation, SearchParams } from './ldap-wire';

export interface LdapConnectionOptions {
  backendId: string;
  /** Tried in order; the first that answers is used until it fails. */
  urls: string[];
  bindDn: string;
  bindPassword: string;
  /** Upgrade ldap:// connections with StartTLS. */
  startTls: boolean;
  /** PEM file of the CA that signed the server certificate (ldaps:// or StartTLS). */
  caFile: string | null;
  connectTimeoutMs: number;
  timeoutMs: number;
  poolSize: number;
  /**
   * Attributes whose values are bytes, not text (e.g. objectGUID): read as bytes into
   * `LdapEntry.bytes`, and matched as bytes where a filter compares them for equality.
   */
  binaryAttributes?: string[];
}

/** An entry as plain data: attribute names lower-cased, values as text, binary ones as bytes. */
/** A request waiting for a pooled connection: woken to try again, or failed with the pool's failure. */
interface Waiter {
  wake(): void;
  fail(error: Error): void;
}

export class LdapPool {
  private readonly idle: Client[] = [];
  private open = 0;
  private readonly waiting: Waiter[] = [];
  private preferredUrl = 0;
  private readonly searchListeners = new Set<(filter: string) => void>();
  private readonly bindListeners = new Set<(dn: string) => void>();
  private readonly tlsCa: Buffer | undefined;
  private closed = false;
  /** Lower-cased names of the binary attributes. */
  private readonly binary: ReadonlySet<string>;
  /** The names ldapts is to hand over as bytes: it compares them with the server's spelling as is. */
  private readonly bufferNames: string[];

  constructor(private readonly options: LdapConnectionOptions) {
    this.tlsCa = options.caFile ? readFileSync(options.caFile) : undefined;
    const binary = options.binaryAttributes ?? [];
    this.binary = new Set(binary.map((name) => name.toLowerCase()));
    this.bufferNames = [...new Set(binary.flatMap((name) => [name, name.toLowerCase()]))];
  }

  /** Adds a listener told of every bind as a user (not the pool's own); returns the remover. */
  onBind(listener: (dn: string) => void): () => void {
    this.bindListeners.add(listener);
    return () => this.bindListeners.delete(listener);
  }

  /** Adds a listener told of every search sent; returns the function that removes it. */
  onSearch(listener: (filter: string) => void): () => void {
    this.searchListeners.add(listener);
    return () => this.searchListeners.delete(listener);
  }

  async search(base: string, params: SearchParams): Promise<LdapEntry[]> {
    for (const listener of this.searchListeners) listener(params.filter);
    const filter = filterFor(params.filter, this.binary);
    return this.withClient(async (client) => {
      try {
        const { searchEntries } = await client.search(base, {
          scope: params.scope ?? 'sub',
          filter,
          attributes: params.attributes,
          paged: params.pageSize ? { pageSize: params.pageSize } : false,
          explicitBufferAttributes: this.bufferNames,
        });
        return searchEntries.map((e) => toEntry(e as Record<string, unknown> & { dn: string }, this.binary));
      } catch (error) {
        if (error instanceof NoSuchObjectError) return [];
        throw error;
      }
    });
  }

  async add(dn: string, attributes: Record<string, string[]>): Promise<void> {
    await this.withClient((client) =>
      client.add(
        dn,
        Object.entries(attributes)
          .filter(([, values]) => values.length > 0)
          .map(([type, values]) => new Attribute({ type, values })),
      ),
    );
  }

  async modify(dn: string, changes: ModifyOperation[]): Promise<void> {
    if (!changes.length) return;
    await this.withClient((client) =>
      client.modify(
        dn,
        changes.map(
          (c) =>
            new Change({
              operation: c.operation,
              modification: new Attribute({ type: c.attribute, values: c.values }),
            }),
        ),
      ),
    );
  }

  async del(dn: string): Promise<void> {
    await this.withClient((client) => client.del(dn));
  }

  /** Sets a password with the Password Modify extended operation: the server hashes it its own way. */
  async setPassword(dn: string, password: string): Promise<void> {
    await this.withClient((client) =>
      client.exop('1.3.6.1.4.1.4203.1.11.1', passwordModifyValue(dn, password)),
    );
  }

  /**
   * Binds as `dn` with `password` on a connection of its own. True when the server accepts them,
   * false when it refuses them; BackendUnavailableError when it cannot be asked.
   */
  async checkBind(dn: string, password: string): Promise<boolean> {
    if (!password) return false; // an empty password would be an anonymous bind, which succeeds
    for (const listener of this.bindListeners) listener(dn);
    const client = await this.connect();
    try {
      await client.bind(dn, password);
      return true;
    } catch (error) {
      if (error instanceof InvalidCredentialsError) return false;
      if (error instanceof InvalidDNSyntaxError || error instanceof NoSuchObjectError) return false;
      throw this.translate(error);
    } finally {
      await client.unbind().catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    const clients = this.idle.splice(0);
    await Promise.all(clients.map((c) => c.unbind().catch(() => undefined)));
  }

  /** Runs `work` on a pooled, bound connection; a connection that failed is dropped, not reused. */
  private async withClient<T>(work: (client: Client) => Promise<T>): Promise<T> {
    const client = await this.acquire();
    let failure: Error | undefined;
    try {
      return await work(client);
    } catch (error) {
      const translated = this.translate(error);
      // A refusal by the server (a result code) leaves the connection good; anything else breaks it.
      if (!(error instanceof ResultCodeError)) failure = translated;
      throw translated;
    } finally {
      this.release(client, failure === undefined, failure);
    }
  }

  private async acquire(): Promise<Client> {
    for (;;) {
      if (this.closed) throw new BackendUnavailableError(this.options.backendId, 'pool closed');
      const client = this.idle.pop();
      if (client) {
        // A socket the server closed while idle would be reopened by the library without a bind (and
        // without StartTLS): such a connection is dropped, never reused.
        if (client.isConnected) return client;
        this.open--;
        continue;
      }
      if (this.open < this.options.poolSize) {
        this.open++;
        let fresh: Client | null = null;
        try {
          fresh = await this.connect();
          await fresh.bind(this.options.bindDn, this.options.bindPassword);
          return fresh;
        } catch (error) {
          this.open--;
          await fresh?.unbind().catch(() => undefined);
          const failure = this.translate(error);
          this.failWaiters(failure);
          throw failure;
        }
      }
      await this.waitForTurn();
    }
  }

  /**
   * Waits until a pooled connection may be free, at most `timeoutMs`: a pool whose connections all
   * hang must not hold the requests behind them for several timeouts in a row.
   */
  private waitForTurn(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        wake: () => {
          clearTimeout(timer);
          resolve();
        },
        fail: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      const timer = setTimeout(() => {
        const i = this.waiting.indexOf(waiter);
        if (i >= 0) this.waiting.splice(i, 1);
        reject(new BackendUnavailableError(this.options.backendId, 'no directory connection free in time'));
      }, this.options.timeoutMs);
      this.waiting.push(waiter);
    });
  }

  /**
   * A connection just failed (the server is down, silent or cut us off): whoever waits for one gets
   * that answer now instead of trying again and waiting out the same timeout.
   */
  private failWaiters(error: Error): void {
    for (const waiter of this.waiting.splice(0)) waiter.fail(error);
  }

  private release(client: Client, healthy: boolean, failure?: Error): void {
    if (healthy && !this.closed) {
      this.idle.push(client);
    } else {
      this.open--;
      void client.unbind().catch(() => undefined);
    }
    if (failure) this.failWaiters(failure);
    else this.waiting.shift()?.wake();
  }

  /** A connected (not bound) client: tries each URL in order, starting with the last one that worked. */
  private async connect(): Promise<Client> {
    const { urls } = this.options;
    let lastError: unknown = null;
    for (let i = 0; i < urls.length; i++) {
      const index = (this.preferredUrl + i) % urls.length;
      const url = urls[index]!;
      const client = new Client({
        url,
        timeout: this.options.timeoutMs,
        connectTimeout: this.options.connectTimeoutMs,
        tlsOptions: this.tlsCa ? { ca: [this.tlsCa] } : undefined,
        strictDN: false,
      });
      try {
        // The first exchange belongs to connecting: bounded by connectTimeoutMs, so that a server
        // that accepts connections but never answers is given up as soon as one that is down.
        const greeting =
          this.options.startTls && url.startsWith('ldap://')
            ? client.startTLS(this.tlsCa ? { ca: [this.tlsCa] } : {})
            : // Open the socket now, so that a dead server is found here and the next URL is tried.
              // Any LDAP answer (even a refusal of anonymous reads) shows the server is there.
              client.search('', { scope: 'base', filter: '(objectClass=*)', attributes: ['1.1'] }).then(
                () => undefined,
                (error: unknown) => {
                  if (!(error instanceof ResultCodeError)) throw error;
                },
              );
        await within(
          greeting,
          this.options.connectTimeoutMs,
          () => void client.unbind().catch(() => undefined),
        );
        this.preferredUrl = index;
        return client;
      } catch (error) {
        lastError = error;
        await client.unbind().catch(() => undefined);
      }
    }
    throw this.translate(lastError);
  }

  /**
   * Maps library errors to backend errors; never passes server text on to clients. Only a
   * connection that fails, a server that says it is busy or unavailable, and a timeout are
   * BACKEND_UNAVAILABLE; a directory that answers and refuses says why, and that is passed on.
   */
  private translate(error: unknown): Error {
    const id = this.options.backendId;
    if (error instanceof BackendError) return error;
    if (error instanceof AlreadyExistsError)
      return new BackendConflictError(id, 'NAME_TAKEN', { cause: error });
    if (error instanceof NoSuchObjectError) return new BackendNotFoundError(id, 'user', { cause: error });
    if (
      error instanceof ConstraintViolationError ||
      error instanceof ObjectClassViolationError ||
      error instanceof InvalidSyntaxError ||
      error instanceof InvalidDNSyntaxError ||
      error instanceof UndefinedTypeError ||
      error instanceof TypeOrValueExistsError ||
      error instanceof NoSuchAttributeError ||
      error instanceof NamingViolationError ||
      error instanceof NotAllowedOnRDNError ||
      error instanceof NotAllowedOnNonLeafError
    ) {
      return new BackendInputError(id, 'input', `the directory refused a value (${error.name})`, {
        cause: error,
      });
    }
    if (error instanceof InsufficientAccessError) {
      return new BackendRefusedError(id, 'the service account may not make this change', { cause: error });
    }
    if (
      !(error instanceof ResultCodeError) ||
      error instanceof BusyError ||
      error instanceof UnavailableError ||
      error instanceof TimeLimitExceededError ||
      error instanceof AdminLimitExceededError
    ) {
      return new BackendUnavailableError(id, 'the directory did not answer', { cause: error });
    }
    // Any other answer (unwilling to perform, operations error, …): the directory is there and said no.
    const what =
      error instanceof UnwillingToPerformError ? 'the directory is unwilling to do this' : error.name;
    return new BackendRefusedError(id, what, { cause: error });
  }
}
