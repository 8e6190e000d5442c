/** An error whose message is written for the client: the status says what kind, the message what to fix. */
export class HttpError extends Error {
  override name = 'HttpError';
  constructor(readonly statusCode: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 429 | 503, message: string) {
    super(message);
  }
}

export const badRequest = (message: string) => new HttpError(400, message);
export const notFound = (message: string) => new HttpError(404, message);
export const unauthorized = (message: string) => new HttpError(401, message);
export const forbidden = (message: string) => new HttpError(403, message);
export const conflict = (message: string) => new HttpError(409, message);
