/**
 * Bearer tokens: one static token written into the kubeconfig, one served by the
 * exec credential plugin (read from a file the simulator keeps current, so it can
 * rotate), and the admin endpoint's own token. Tokens can be made to expire, to
 * test how clients handle a 401. Both kubeconfig users are kubeadm's
 * "kubernetes-admin"; a scenario adds its own users, with a token or a client
 * certificate (CN = user, O = groups, as kube-apiserver's x509 authenticator reads them).
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import type { TLSSocket } from 'node:tls';
import { ADMIN_GROUP, ADMIN_USER } from './rbacDefaults';
import type { UserInfo } from './rbac';

export type Principal = 'user' | 'exec' | 'admin';

export interface ExecTokenFile {
  token: string;
  expirationTimestamp?: string;
}

function newToken(prefix: string): string {
  return `${prefix}-${randomBytes(18).toString('base64url')}`;
}

export class TokenAuthority {
  readonly adminToken = newToken('admin');
  private userToken: string;
  private execToken = newToken('exec');
  private userExpiresAt: number | undefined;
  private execExpiresAt: number | undefined;
  private readonly execFiles = new Set<string>();
  private rotateTimer: NodeJS.Timeout | undefined;

  /** @param lifetimeSeconds when set, tokens stop working this long after they are issued */
  private readonly userTokens = new Map<string, UserInfo>();

  constructor(fixedToken?: string, private readonly lifetimeSeconds?: number) {
    this.userToken = fixedToken ?? newToken('sim');
    if (lifetimeSeconds !== undefined) {
      this.userExpiresAt = Date.now() + lifetimeSeconds * 1000;
      this.execExpiresAt = this.userExpiresAt;
      this.scheduleRotation();
    }
  }

  get token(): string {
    return this.userToken;
  }

  /** Who presented this Authorization header; undefined when it is missing, unknown or expired. */
  authenticate(header: string | undefined): Principal | undefined {
    const m = /^Bearer\s+(\S+)$/i.exec(header ?? '');
    if (!m) return undefined;
    const token = m[1];
    const now = Date.now();
    if (token === this.adminToken) return 'admin';
    if (token === this.userToken && (this.userExpiresAt === undefined || now < this.userExpiresAt)) return 'user';
    if (token === this.execToken && (this.execExpiresAt === undefined || now < this.execExpiresAt)) return 'exec';
    return undefined;
  }

  /** Adds a user who presents `token` (default: a new random one); returns the token. */
  addUser(user: UserInfo, token = newToken(user.name.replace(/[^a-z0-9]/gi, '') || 'user')): string {
    this.userTokens.set(token, user);
    return token;
  }

  /**
   * Who makes a request, as the API server's authenticators see it: a bearer token,
   * else a client certificate signed by the cluster CA. undefined: anonymous or
   * rejected (see `rejected`).
   */
  userOf(header: string | undefined, socket: unknown): UserInfo | undefined {
    const principal = this.authenticate(header);
    const authenticated = (u: UserInfo): UserInfo => ({ ...u, groups: [...u.groups.filter((g) => g !== 'system:authenticated'), 'system:authenticated'] });
    if (principal === 'admin') return { name: 'system:admin', groups: ['system:masters', 'system:authenticated'] };
    if (principal === 'user' || principal === 'exec') return { name: ADMIN_USER, groups: [ADMIN_GROUP, 'system:authenticated'] };
    const m = /^Bearer\s+(\S+)$/i.exec(header ?? '');
    if (m) {
      const user = this.userTokens.get(m[1]!);
      return user ? authenticated(user) : undefined;
    }
    const tls = socket as Partial<TLSSocket> | undefined;
    if (tls?.authorized === true && typeof tls.getPeerCertificate === 'function') {
      const subject = tls.getPeerCertificate().subject as unknown as Record<string, string | string[] | undefined> | undefined;
      const cn = subject?.CN;
      if (typeof cn === 'string' && cn !== '') {
        const o = subject?.O;
        return authenticated({ name: cn, groups: o === undefined ? [] : Array.isArray(o) ? o : [o] });
      }
    }
    return undefined;
  }

  /** Expires the static token now and issues a new exec token (the plugin picks it up). */
  expireNow(): void {
    this.userExpiresAt = Date.now() - 1;
    this.rotateExec();
  }

  private scheduleRotation(): void {
    if (this.lifetimeSeconds === undefined) return;
    if (this.rotateTimer) clearTimeout(this.rotateTimer);
    this.rotateTimer = setTimeout(() => this.rotateExec(), Math.max(10, (this.execExpiresAt ?? Date.now()) - Date.now()));
    this.rotateTimer.unref();
  }

  private rotateExec(): void {
    this.execToken = newToken('exec');
    this.execExpiresAt = this.lifetimeSeconds === undefined ? undefined : Date.now() + this.lifetimeSeconds * 1000;
    for (const f of this.execFiles) this.writeExecFile(f);
    this.scheduleRotation();
  }

  execCredential(): ExecTokenFile {
    const out: ExecTokenFile = { token: this.execToken };
    if (this.execExpiresAt !== undefined) out.expirationTimestamp = new Date(this.execExpiresAt).toISOString().replace(/\.\d{3}Z$/, 'Z');
    return out;
  }

  /** Keeps `file` holding the current exec credential (mode 0600). */
  registerExecFile(file: string): void {
    this.execFiles.add(file);
    this.writeExecFile(file);
  }

  private writeExecFile(file: string): void {
    const tmp = `${file}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(this.execCredential()), { mode: 0o600 });
    fs.renameSync(tmp, file);
  }

  stop(): void {
    if (this.rotateTimer) clearTimeout(this.rotateTimer);
  }
}
