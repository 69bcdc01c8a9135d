/**
 * The HTTPS front end: authentication, fault injection, and routing to health,
 * /version, discovery, resources and the admin endpoint. Errors leave as
 * metav1.Status bodies with the matching HTTP code.
 */
import * as https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { TokenAuthority } from '../auth';
import type { SimCluster } from '../cluster';
import type { ServingCertificates } from '../certs';
import type { FaultInjector } from '../faults';
import { ApiError } from '../status';
import type { KubeVersion } from '../versions';
import { ApiMetrics, metricsVerb } from '../metrics';
import { RbacAuthorizer, type AuthorizationAttributes } from '../rbac';
import { ADMIN_PREFIX, handleAdmin, type AdminTarget } from './admin';
import { readBody } from './body';
import { aggregatedDoc, aggregatedVersionsFor, apiGroupDoc, apiGroupListDoc, apiResourceListDoc, apiVersionsDoc } from './discovery';
import { healthEndpointOf, serveHealth } from './health';
import { negotiateDiscovery } from './negotiate';
import { serveOpenApi } from './openapi';
import { handleSelfReview, isSelfReview } from './reviews';
import { decodeBody } from './body';
import { parseApiPath } from './requestInfo';
import { handleResource, sendJson } from './resources';
import { versionInfo } from './versionInfo';
import { WatchRegistry } from './watch';

const PUBLIC_PATHS = new Set(['/version']);

export interface ServerDeps {
  cluster: SimCluster;
  auth: TokenAuthority;
  faults: FaultInjector;
  certs: ServingCertificates;
  admin: Omit<AdminTarget, 'watches' | 'goAway' | 'info' | 'faults' | 'auth' | 'cluster'>;
  bookmarkIntervalMs?: number;
  /** Each watch is ended cleanly after a random time in [min, max] seconds; 0 ends it right after its replay. */
  watchLifetimeSeconds?: { min: number; max: number };
  /** The version the answering API server reports (HA API servers may differ during an upgrade). */
  serverVersion?: () => KubeVersion;
  /** Called with each request line, for debugging (SIM_LOG=1). */
  log?: (line: string) => void;
}

/** The verb of a non-resource request, as the authorizer sees it. */
function nonResourceVerb(method: string | undefined): string {
  const m = (method ?? 'GET').toLowerCase();
  return m === 'head' ? 'get' : m;
}

export class SimServer {
  readonly watches = new WatchRegistry();
  readonly metrics = new ApiMetrics();
  private readonly authorizer: RbacAuthorizer;
  private server: https.Server;
  private readonly sockets = new Set<Socket>();
  private accepted = 0;
  /** Requests other than the admin endpoint's, so tests can prove a client stayed away. */
  private apiRequests = 0;
  private port = 0;
  private stopped = false;
  private restartTimer: NodeJS.Timeout | undefined;

  constructor(private readonly deps: ServerDeps) {
    this.authorizer = new RbacAuthorizer(deps.cluster.store);
    this.server = this.createServer();
  }

  private createServer(): https.Server {
    // Client certificates are asked for, not required: they are one way of authenticating.
    const tls = { key: this.deps.certs.server.key, cert: this.deps.certs.server.cert, ca: this.deps.certs.ca.cert, requestCert: true, rejectUnauthorized: false };
    const server = https.createServer(tls, (req, res) => {
      this.handle(req, res).catch((err: unknown) => this.fail(res, err));
    });
    server.on('connection', (s: Socket) => {
      this.accepted++;
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    server.keepAliveTimeout = 30_000;
    return server;
  }

  listen(port = 0, host = '127.0.0.1'): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        this.port = (this.server.address() as AddressInfo).port;
        resolve(this.port);
      });
    });
  }

  get url(): string {
    return `https://127.0.0.1:${this.port}`;
  }

  private adminTarget(): AdminTarget {
    return {
      ...this.deps.admin,
      cluster: this.deps.cluster,
      faults: this.deps.faults,
      auth: this.deps.auth,
      watches: this.watches,
      goAway: (seconds) => this.goAway(seconds),
      info: () => ({
        name: this.deps.cluster.settings.name,
        url: this.url,
        version: this.deps.cluster.settings.version.gitVersion,
        components: this.deps.cluster.settings.components,
        ...(this.deps.cluster.settings.nodeComponents ? { nodeComponents: this.deps.cluster.settings.nodeComponents } : {}),
        upgrades: this.deps.admin.upgrades.list(),
        managed: this.deps.cluster.settings.managed,
        resourceVersion: this.deps.cluster.store.currentRv(),
        openWatches: this.watches.size,
        apiRequests: this.apiRequests,
        connectionsAccepted: this.accepted,
      }),
    };
  }

  /** Drops every connection and stops listening; comes back on the same port after `seconds` if given. */
  goAway(seconds?: number): void {
    this.watches.dropAll('reset');
    this.server.close();
    for (const s of this.sockets) s.destroy();
    if (seconds !== undefined && !this.stopped) {
      this.restartTimer = setTimeout(() => {
        this.server = this.createServer();
        void this.listen(this.port).catch((err: unknown) => this.deps.log?.(`restart failed: ${String(err)}`));
      }, seconds * 1000);
    }
  }

  stop(): Promise<void> {
    this.stopped = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.watches.dropAll('close');
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      for (const s of this.sockets) s.destroy();
      if (!this.server.listening) resolve();
    });
  }

  /** Connections open now and accepted since start: a client that reuses connections keeps both low. */
  connections(): { open: number; accepted: number } {
    return { open: this.sockets.size, accepted: this.accepted };
  }

  private watchLifetimeMs(): number {
    const { min, max } = this.deps.watchLifetimeSeconds ?? { min: 300, max: 600 };
    return Math.round((min + Math.random() * Math.max(0, max - min)) * 1000);
  }

  private fail(res: ServerResponse, err: unknown): void {
    const apiErr = err instanceof ApiError ? err : ApiError.internal(err instanceof Error ? err.message : String(err));
    if (!(err instanceof ApiError)) this.deps.log?.(`internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    if (res.headersSent) {
      res.destroy();
      return;
    }
    const headers: Record<string, string> = {};
    const retry = apiErr.status.details?.retryAfterSeconds;
    if (retry) headers['Retry-After'] = String(retry);
    sendJson(res, apiErr.code, JSON.stringify(apiErr.status), headers);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'https://127.0.0.1');
    const path = url.pathname.replace(/\/+$/, '') || '/';
    const body = await readBody(req);
    const principal = this.deps.auth.authenticate(req.headers.authorization);
    this.deps.log?.(`${req.method} ${req.url} ${principal ?? 'anonymous'}`);

    if (path === ADMIN_PREFIX || path.startsWith(`${ADMIN_PREFIX}/`)) {
      if (principal !== 'admin') throw ApiError.unauthorized();
      handleAdmin(this.adminTarget(), req, res, path, body);
      return;
    }
    this.apiRequests++;
    const hasCredentials = req.headers.authorization !== undefined;
    const health = healthEndpointOf(path);
    const user = this.deps.auth.userOf(req.headers.authorization, req.socket);
    if (user === undefined && (hasCredentials || !(PUBLIC_PATHS.has(path) || health))) throw ApiError.unauthorized();

    const info = parseApiPath(req.method ?? 'GET', path, url.searchParams);
    const attrs =
      info.kind === 'resource'
        ? { verb: info.verb, path, resource: info.resource, ...(info.subresource ? { subresource: info.subresource } : {}), ...(info.namespace ? { namespace: info.namespace } : {}), ...(info.name ? { name: info.name } : {}) }
        : { verb: (req.method ?? 'GET').toLowerCase(), path };
    const effect = this.deps.faults.evaluate(attrs);
    if (effect.latencyMs > 0) await new Promise((r) => setTimeout(r, effect.latencyMs));
    if (effect.error) throw effect.error;
    if (user) {
      const authz: AuthorizationAttributes =
        info.kind === 'resource'
          ? { kind: 'resource', verb: info.verb, group: info.group, resource: info.resource, ...(info.subresource ? { subresource: info.subresource } : {}), ...(info.namespace ? { namespace: info.namespace } : {}), ...(info.name ? { name: info.name } : {}) }
          : { kind: 'nonResource', verb: nonResourceVerb(req.method), path };
      this.authorizer.authorize(user, authz);
    }
    if (effect.stallBody) stallBody(res, effect.stallBody.afterBytes ?? 0);

    const { cluster } = this.deps;
    const catalog = cluster.catalog;
    switch (info.kind) {
      case 'discovery-root': {
        const aggregated = negotiateDiscovery(req.headers.accept, aggregatedVersionsFor(cluster.version.minor));
        if (aggregated) {
          const doc = JSON.stringify(aggregatedDoc(catalog, info.legacy, aggregated));
          sendJson(res, 200, doc, { 'Content-Type': `application/json;g=apidiscovery.k8s.io;v=${aggregated};as=APIGroupDiscoveryList` });
          return;
        }
        sendJson(res, 200, JSON.stringify(info.legacy ? apiVersionsDoc(`127.0.0.1:${new URL(this.url).port}`) : apiGroupListDoc(catalog)));
        return;
      }
      case 'discovery-group': {
        const doc = apiGroupDoc(catalog, info.group);
        if (!doc) throw ApiError.pathNotFound();
        sendJson(res, 200, JSON.stringify(doc));
        return;
      }
      case 'discovery-resources': {
        const doc = apiResourceListDoc(catalog, info.group ? `${info.group}/${info.version}` : info.version);
        if (!doc || (info.group === '' && info.version !== 'v1')) throw ApiError.pathNotFound();
        sendJson(res, 200, JSON.stringify(doc));
        return;
      }
      case 'resource': {
        const served = catalog.lookup(info.group, info.version, info.resource);
        if (served) this.metrics.recordServed(served, info.subresource);
        const scope = info.name !== undefined ? 'resource' : info.namespace !== undefined ? 'namespace' : 'cluster';
        res.on('finish', () =>
          this.metrics.recordRequest({ verb: metricsVerb(info.verb, req.headers['content-type']), group: info.group, version: info.version, resource: info.resource, subresource: info.subresource ?? '', scope, code: res.statusCode }),
        );
        if (user && isSelfReview(info)) {
          handleSelfReview(this.authorizer, user, info, decodeBody(req, body), res);
          return;
        }
        handleResource(
          {
            cluster,
            watches: this.watches,
            bookmarkIntervalMs: this.deps.bookmarkIntervalMs ?? 60_000,
            watchLifetimeMs: this.watchLifetimeMs(),
            ...(effect.dropWatch ? { dropWatch: effect.dropWatch } : {}),
            ...(effect.repeatContinue ? { repeatContinue: true } : {}),
          },
          req,
          res,
          info,
          url.searchParams,
          body,
        );
        return;
      }
      case 'other':
        if (path === '/version') {
          sendJson(res, 200, JSON.stringify(versionInfo(this.deps.serverVersion?.() ?? cluster.version), null, 2));
          return;
        }
        if (health) {
          serveHealth(res, health, url.searchParams);
          return;
        }
        {
          const openApi = serveOpenApi(catalog, path, req.headers.accept);
          if (openApi) {
            sendJson(res, openApi.code, openApi.body, openApi.headers);
            return;
          }
        }
        if (path === '/metrics') {
          res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8' });
          res.end(this.metrics.render());
          return;
        }
        throw ApiError.pathNotFound();
    }
  }
}

/** Lets the headers and the first bytes of the answer out, then holds the rest back until the client gives up. */
function stallBody(res: ServerResponse, afterBytes: number): void {
  let budget = afterBytes;
  const pass = (chunk: unknown): void => {
    if (budget <= 0 || chunk === undefined || chunk === null) return;
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    const part = buf.subarray(0, budget);
    budget -= part.length;
    origWrite(part);
  };
  const origWrite = res.write.bind(res) as (chunk: Buffer) => boolean;
  res.write = ((chunk: unknown) => {
    if (!res.headersSent) res.flushHeaders();
    pass(chunk);
    return true;
  }) as ServerResponse['write'];
  res.end = ((chunk?: unknown) => {
    if (!res.headersSent) res.flushHeaders();
    if (typeof chunk !== 'function') pass(chunk);
    return res;
  }) as ServerResponse['end'];
}
