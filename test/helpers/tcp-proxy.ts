import { createConnection, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy on 127.0.0.1 for fault tests: it forwards to a target (PostgreSQL at 127.0.0.1:5432
 * unless told otherwise) and can
 * - `drop()`: stop forwarding in both directions while every socket stays open, as a network that
 *   drops packets does (the peers see silence, not a refusal or a reset); new connections are
 *   accepted and get silence too. Bytes are held, not lost, as TCP would retransmit them;
 * - `resume()`: forward again, held bytes first;
 * - `setLatency(ms)`: deliver every chunk that much later (order kept), in both directions;
 * - `cut()`: reset every connection at once (the client sees ECONNRESET), while staying open for
 *   new ones.
 */
export class TcpProxy {
  private readonly pairs = new Set<Pair>();
  private holding = false;
  private latencyMs = 0;
  /** Connections accepted so far. */
  accepted = 0;

  private constructor(
    private readonly server: Server,
    /** The port the proxy listens on (127.0.0.1). */
    readonly port: number,
    private readonly target: { host: string; port: number },
  ) {
    server.on('connection', (client) => this.accept(client));
  }

  /** Starts a proxy on a free port of 127.0.0.1. */
  static async start(
    target: { host: string; port: number } = { host: '127.0.0.1', port: 5432 },
  ): Promise<TcpProxy> {
    const server = createServer({ noDelay: true });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const address = server.address();
    if (!address || typeof address === 'string') throw new Error('no port');
    return new TcpProxy(server, address.port, target);
  }

  /** `url` (postgres://… or ldap://… or http://…) with its host and port replaced by the proxy's. */
  url(url: string): string {
    const parsed = new URL(url);
    parsed.hostname = '127.0.0.1';
    parsed.port = String(this.port);
    return parsed.toString();
  }

  /** Connections open now. */
  get connections(): number {
    return this.pairs.size;
  }

  /** Stops forwarding; every socket stays open. */
  drop(): void {
    this.holding = true;
  }

  /** Forwards again, held bytes first. */
  resume(): void {
    this.holding = false;
    for (const pair of this.pairs) pair.pump();
  }

  /** Delivers every chunk `ms` later than it came (0: at once). */
  setLatency(ms: number): void {
    this.latencyMs = ms;
  }

  /** Resets every open connection (both sides); new connections are still accepted. */
  cut(): void {
    for (const pair of [...this.pairs]) pair.destroy(true);
  }

  /** Closes the proxy and every connection. */
  async close(): Promise<void> {
    for (const pair of [...this.pairs]) pair.destroy(false);
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: Socket): void {
    this.accepted++;
    const upstream = createConnection({ host: this.target.host, port: this.target.port, noDelay: true });
    const pair = new Pair(client, upstream, this);
    this.pairs.add(pair);
    pair.onClose = () => this.pairs.delete(pair);
  }

  /** @internal For Pair: whether to hold bytes now. */
  isHolding(): boolean {
    return this.holding;
  }

  /** @internal For Pair: the current latency. */
  latency(): number {
    return this.latencyMs;
  }
}

interface Chunk {
  data: Buffer;
  dueAt: number;
}

/** One proxied connection: the client's socket and the one to the target, with a queue each way. */
class Pair {
  onClose: () => void = () => undefined;
  private readonly toUpstream: Chunk[] = [];
  private readonly toClient: Chunk[] = [];
  private timer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    private readonly client: Socket,
    private readonly upstream: Socket,
    private readonly proxy: TcpProxy,
  ) {
    client.on('data', (data: Buffer) => this.enqueue(this.toUpstream, data));
    upstream.on('data', (data: Buffer) => this.enqueue(this.toClient, data));
    for (const socket of [client, upstream]) {
      socket.on('error', () => this.destroy(false));
      socket.on('close', () => this.destroy(false));
    }
  }

  private enqueue(queue: Chunk[], data: Buffer): void {
    queue.push({ data, dueAt: Date.now() + this.proxy.latency() });
    this.pump();
  }

  /** Delivers what is due, unless the proxy holds; schedules itself for what is due later. */
  pump(): void {
    if (this.closed || this.proxy.isHolding()) return;
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    const now = Date.now();
    let next = Infinity;
    for (const [queue, socket] of [
      [this.toUpstream, this.upstream],
      [this.toClient, this.client],
    ] as const) {
      while (queue.length && queue[0]!.dueAt <= now) socket.write(queue.shift()!.data);
      if (queue.length) next = Math.min(next, queue[0]!.dueAt);
    }
    if (next !== Infinity) this.timer = setTimeout(() => this.pump(), Math.max(1, next - now));
  }

  destroy(reset: boolean): void {
    if (this.closed) return;
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.toUpstream.length = 0;
    this.toClient.length = 0;
    if (reset) {
      this.client.resetAndDestroy();
      this.upstream.resetAndDestroy();
    } else {
      this.client.destroy();
      this.upstream.destroy();
    }
    this.onClose();
  }
}
