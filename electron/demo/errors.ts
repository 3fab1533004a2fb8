// How the demo answers failures, in PVE's shapes (spec §2): handler errors carry a JSON body with
// `message` (and `errors` for parameter checks); auth-stage errors and proxy pseudo-statuses
// (595..599) carry only a reason phrase and an empty body.

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly options: {
      errors?: Record<string, string>;
      /** auth-stage errors and proxy pseudo-statuses: reason phrase only */
      emptyBody?: boolean;
      /** pveproxy's own early errors: the message as a plain-text body */
      textBody?: boolean;
      /** send `message` as is, without the trailing newline of `die "…\n"` */
      exact?: boolean;
    } = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** A handler error (500 unless told), as `die "...\n"` in a PVE API handler. */
export function fail(message: string, status = 500): ApiError {
  return new ApiError(status, message);
}

/** An auth-stage 401: empty body, the reason phrase says why. */
export function authError(reason: string): ApiError {
  return new ApiError(401, reason, { emptyBody: true });
}

export function permissionDenied(path: string, priv: string): ApiError {
  return new ApiError(403, `Permission check failed (${path}, ${priv})`);
}

export function paramError(errors: Record<string, string>): ApiError {
  return new ApiError(400, 'Parameter verification failed.', { errors });
}

/** pveproxy could not reach the node it should forward to (AnyEvent::HTTP pseudo-status). */
export function unreachable(reason = 'No route to host', status = 595): ApiError {
  return new ApiError(status, reason, { emptyBody: true });
}

/** No handler for this method and path: pve-manager PVE/HTTPServer.pm rest_handler's 501. */
export function notImplemented(method: string, relPath: string): ApiError {
  return new ApiError(501, `Method '${method} ${relPath}' not implemented`, { exact: true });
}
