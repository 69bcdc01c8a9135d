/**
 * metav1.Status errors shaped like the API server's (k8s.io/apimachinery/pkg/api/errors):
 * same reasons, codes, messages and details, so clients classify them the same way.
 */

export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

export interface Status {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure' | 'Success';
  message?: string;
  reason?: string;
  details?: StatusDetails;
  code: number;
}

/** A resource as error messages name it: "pods", "deployments.apps". */
export interface QualifiedResource {
  group: string;
  resource: string;
}

export function qualifiedName(qr: QualifiedResource): string {
  return qr.group ? `${qr.resource}.${qr.group}` : qr.resource;
}

function details(qr: QualifiedResource | undefined, name: string | undefined): StatusDetails {
  const d: StatusDetails = {};
  if (name) d.name = name;
  if (qr?.group) d.group = qr.group;
  if (qr) d.kind = qr.resource;
  return d;
}

export class ApiError extends Error {
  readonly status: Status;

  constructor(code: number, reason: string | undefined, message: string, det?: StatusDetails) {
    super(message);
    // Field order as the API server writes it: status, message, reason, details, code.
    this.status = {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message,
      ...(reason ? { reason } : {}),
      ...(det && Object.keys(det).length > 0 ? { details: det } : {}),
      code,
    };
  }

  get code(): number {
    return this.status.code;
  }

  static notFound(qr: QualifiedResource, name: string): ApiError {
    return new ApiError(404, 'NotFound', `${qualifiedName(qr)} "${name}" not found`, details(qr, name));
  }

  static alreadyExists(qr: QualifiedResource, name: string): ApiError {
    return new ApiError(409, 'AlreadyExists', `${qualifiedName(qr)} "${name}" already exists`, details(qr, name));
  }

  static conflict(qr: QualifiedResource, name: string, reason: string): ApiError {
    return new ApiError(409, 'Conflict', `Operation cannot be fulfilled on ${qualifiedName(qr)} "${name}": ${reason}`, details(qr, name));
  }

  static invalid(kind: string, group: string, name: string, causes: StatusCause[]): ApiError {
    const summary = causes.map((c) => `${c.field}: ${c.message}`).join(', ');
    const joined = causes.length > 1 ? `[${summary}]` : summary;
    const d: StatusDetails = { name, kind, causes };
    if (group) d.group = group;
    const groupKind = group ? `${kind}.${group}` : kind;
    return new ApiError(422, 'Invalid', `${groupKind} "${name}" is invalid: ${joined}`, d);
  }

  static forbidden(qr: QualifiedResource, name: string, why: string): ApiError {
    const what = name ? `${qualifiedName(qr)} "${name}"` : qualifiedName(qr);
    return new ApiError(403, 'Forbidden', `${what} is forbidden: ${why}`, details(qr, name));
  }

  static tooManyRequests(message: string, retryAfterSeconds: number, causes?: StatusCause[]): ApiError {
    const d: StatusDetails = {};
    if (causes) d.causes = causes;
    if (retryAfterSeconds > 0) d.retryAfterSeconds = retryAfterSeconds;
    return new ApiError(429, 'TooManyRequests', message, d);
  }

  static badRequest(message: string, _name?: string, _resource?: string): ApiError {
    return new ApiError(400, 'BadRequest', message);
  }

  static methodNotAllowed(): ApiError {
    return new ApiError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
  }

  static unauthorized(): ApiError {
    return new ApiError(401, 'Unauthorized', 'Unauthorized');
  }

  static gone(message: string): ApiError {
    return new ApiError(410, 'Expired', message);
  }

  static notAcceptable(message: string): ApiError {
    return new ApiError(406, 'NotAcceptable', message);
  }

  static unsupportedMediaType(contentType: string): ApiError {
    return new ApiError(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json; got ${contentType}`);
  }

  static internal(message: string): ApiError {
    return new ApiError(500, 'InternalError', `Internal error occurred: ${message}`, { causes: [{ message }] });
  }

  /** The bare "the server could not find the requested resource" of an unknown path. */
  static pathNotFound(): ApiError {
    return new ApiError(404, 'NotFound', 'the server could not find the requested resource', {});
  }

  /** A Status built from fault-injection parameters. */
  static fromCode(code: number, message?: string, reason?: string): ApiError {
    const defaults: Record<number, [string, string]> = {
      400: ['BadRequest', 'bad request'],
      401: ['Unauthorized', 'Unauthorized'],
      403: ['Forbidden', 'forbidden'],
      404: ['NotFound', 'the server could not find the requested resource'],
      409: ['Conflict', 'conflict'],
      410: ['Expired', 'expired'],
      422: ['Invalid', 'invalid'],
      429: ['TooManyRequests', 'the server has received too many requests and has asked us to try again later'],
      500: ['InternalError', 'an error on the server ("") has prevented the request from succeeding'],
      503: ['ServiceUnavailable', 'the server is currently unable to handle the request'],
      504: ['Timeout', 'the server was unable to return a response in the time allotted, but may still be processing the request'],
    };
    const [defReason, defMessage] = defaults[code] ?? ['', `error ${code}`];
    return new ApiError(code, reason ?? (defReason || undefined), message ?? defMessage);
  }
}

export function successStatus(det?: StatusDetails): Status & { status: 'Success' } {
  const s: Status & { status: 'Success' } = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 200 };
  if (det) s.details = det;
  return s;
}
