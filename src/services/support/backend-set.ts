import { canWrite } from '../../../backends/capabilities';
import type { BackendRegistry } from '../../../backends/registry';
import type { BackendDependencies, IdentityBackend } from '../../../backends/types';
import type { DomainConfig } from '../../config';

/** The configured domains and their backends, built once at start. */
export class BackendSet {
  private readonly byId = new Map<string, IdentityBackend>();
  private readonly domainOf = new Map<string, string>();
  private readonly byDomain = new Map<string, IdentityBackend[]>();

  /**
   * Builds every configured backend; `instrument` may wrap each one (metrics and tracing of its
   * calls, src/observability/backend-calls.ts) and must keep its members as they are.
   */
  constructor(
    domains: readonly DomainConfig[],
    registry: BackendRegistry,
    dependencies: BackendDependencies,
    instrument: (backend: IdentityBackend) => IdentityBackend = (backend) => backend,
  ) {
    for (const domain of domains) {
      const list: IdentityBackend[] = [];
      for (const config of domain.backends) {
        const factory = registry.get(config.kind);
        if (!factory) throw new Error(`no factory for backend kind ${config.kind}`);
        const backend = instrument(factory.create(config, dependencies));
        this.byId.set(backend.id, backend);
        this.domainOf.set(backend.id, domain.name);
        list.push(backend);
      }
      this.byDomain.set(domain.name, list);
    }
  }

  /** Domain names in config order. */
  domains(): string[] {
    return [...this.byDomain.keys()];
  }

  hasDomain(name: string): boolean {
    return this.byDomain.has(name);
  }

  all(): IdentityBackend[] {
    return [...this.byId.values()];
  }

  ofDomain(domain: string): IdentityBackend[] {
    return this.byDomain.get(domain) ?? [];
  }

  get(id: string): IdentityBackend | undefined {
    return this.byId.get(id);
  }

  /** The backend with this id, only when it belongs to `domain`. */
  inDomain(domain: string, id: string): IdentityBackend | undefined {
    return this.domainOf.get(id) === domain ? this.byId.get(id) : undefined;
  }

  domainOfBackend(id: string): string | undefined {
    return this.domainOf.get(id);
  }

  /** Where new users and groups go when the caller names no backend: the first writable one. */
  defaultWritable(domain: string): IdentityBackend | undefined {
    return this.ofDomain(domain).find(canWrite);
  }

  async initAll(): Promise<void> {
    for (const backend of this.byId.values()) await backend.init?.();
  }

  async destroyAll(): Promise<void> {
    for (const backend of this.byId.values()) await backend.destroy?.();
  }
}
