/**
 * Bearer tokens: one static token written into the kubeconfig, one served by the
 * exec credential plugin (read from a file the simulator keeps current, so it can
 * rotate), and the admin endpoint's own token. Tokens can be made to expire, to
 * test how clients handle a 401.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';

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
