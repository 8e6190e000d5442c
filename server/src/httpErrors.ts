/** An error whose message is written for the client: the status says what kind, the message what to fix. */
export class HttpError extends Error {
  override name = 'HttpError';
  constructor(readonly statusCode: 400 | 404 | 503, message: string) {
    super(message);
  }
}

export const badRequest = (message: string) => new HttpError(400, message);
export const notFound = (message: string) => new HttpError(404, message);
