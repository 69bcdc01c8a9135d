// Who cordoned a node, when and why: annotations under our own prefix, set by our cordon and drain
// and removed by our uncordon (kubectl keeps no such record: kubernetes/kubernetes#30586).

export const CORDON_ANNOTATIONS = {
  by: 'kubernetes-maintenance.io/cordoned-by',
  at: 'kubernetes-maintenance.io/cordoned-at',
  reason: 'kubernetes-maintenance.io/cordon-reason',
} as const;

export interface CordonInfo {
  readonly by?: string;
  /** ISO time. */
  readonly at?: string;
  readonly reason?: string;
}

export function readCordonInfo(annotations: Readonly<Record<string, string>> | undefined): CordonInfo | undefined {
  if (!annotations) return undefined;
  const by = annotations[CORDON_ANNOTATIONS.by];
  const at = annotations[CORDON_ANNOTATIONS.at];
  const reason = annotations[CORDON_ANNOTATIONS.reason];
  if (by === undefined && at === undefined && reason === undefined) return undefined;
  return { ...(by ? { by } : {}), ...(at ? { at } : {}), ...(reason ? { reason } : {}) };
}

/** "3 d ago by alice: kernel patch", "2 h ago", "by bob". */
export function describeCordon(info: CordonInfo | undefined, nowMs: number): string {
  if (!info) return '';
  const parts: string[] = [];
  const at = info.at ? Date.parse(info.at) : NaN;
  if (!Number.isNaN(at)) parts.push(`${ago(nowMs - at)} ago`);
  if (info.by) parts.push(`by ${info.by}`);
  const head = parts.join(' ');
  return info.reason ? `${head}${head ? ': ' : ''}${info.reason}` : head;
}

export function ago(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.round(s / 60)} min`;
  if (s < 86_400) return `${Math.round(s / 3600)} h`;
  return `${Math.round(s / 86_400)} d`;
}

/** True when a node has been cordoned longer than the limit (known only when we recorded the time). */
export function cordonedTooLong(info: CordonInfo | undefined, nowMs: number, limitHours: number): boolean {
  const at = info?.at ? Date.parse(info.at) : NaN;
  return limitHours > 0 && !Number.isNaN(at) && nowMs - at > limitHours * 3_600_000;
}
