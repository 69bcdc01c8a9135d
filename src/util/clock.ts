import type { Clock } from '../core/drain/runner';

/** Wall-clock time and an abortable sleep, for the drain engine outside tests. */
export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise((resolve, reject) => {
      const t = setTimeout(resolve, ms);
      signal.addEventListener(
        'abort',
        () => {
          clearTimeout(t);
          reject(new Error('cancelled'));
        },
        { once: true },
      );
    }),
};
