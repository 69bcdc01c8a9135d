/**
 * @kubernetes/client-node 2.x loads undici 8, which needs Node >= 22.19. So that
 * this test also runs on the Node 20 of these machines, it fills in the three
 * newer platform APIs undici touches while loading and sending requests (zstd
 * decoders it never gets to use against the simulator, markAsUncloneable and
 * Promise.withResolvers). On a current Node every line is a no-op.
 */
import { createRequire } from 'node:module';

export function installUndiciCompat(): void {
  const load = createRequire(__filename);
  const zlib = load('node:zlib') as Record<string, unknown> & { constants: Record<string, number> };
  if (typeof zlib.createZstdDecompress !== 'function') {
    const unavailable = (): never => {
      throw new Error('zstd is not available in this Node.js version');
    };
    zlib.createZstdDecompress = unavailable;
    zlib.createZstdCompress = unavailable;
    zlib.constants.ZSTD_d_windowLogMax ??= 100;
  }
  const workerThreads = load('node:worker_threads') as Record<string, unknown>;
  workerThreads.markAsUncloneable ??= (): undefined => undefined;
  const promise = Promise as unknown as { withResolvers?: unknown };
  promise.withResolvers ??= <T>(): { promise: Promise<T>; resolve: (v: T) => void; reject: (e: unknown) => void } => {
    let resolve!: (v: T) => void;
    let reject!: (e: unknown) => void;
    const p = new Promise<T>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    return { promise: p, resolve, reject };
  };
}
