import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';

/**
 * The release being served, swappable while requests keep arriving. Each release is a whole
 * public app (its database, caches and routes) built and made ready before the swap; the swap is
 * one assignment, so a request is handled wholly by the release that was live when it arrived.
 * The old release closes only when its last in-flight request has finished.
 */

interface Served {
  app: FastifyInstance;
  buildId: string;
  inFlight: number;
  retired: boolean;
  closed: Promise<void> | null;
}

export class LiveRelease {
  private served: Served;
  private swapping: Promise<void> = Promise.resolve();

  constructor(app: FastifyInstance, private readonly open: (databaseFile: string) => Promise<FastifyInstance>) {
    this.served = { app, buildId: app.build.id, inFlight: 0, retired: false, closed: null };
  }

  get app(): FastifyInstance {
    return this.served.app;
  }

  get buildId(): string {
    return this.served.buildId;
  }

  /** Hands one HTTP request to the live release and counts it until its response is done. */
  handle = (request: IncomingMessage, response: ServerResponse): void => {
    const served = this.served;
    served.inFlight += 1;
    let done = false;
    const finished = () => {
      if (done) return;
      done = true;
      served.inFlight -= 1;
      if (served.retired && served.inFlight === 0) void this.close(served);
    };
    response.once('finish', finished);
    response.once('close', finished);
    served.app.routing(request, response);
  };

  /**
   * Opens the database file as a new release and makes it live. If it cannot be opened, the live
   * release stays and the error is thrown. Swaps run one after another.
   */
  swapTo(databaseFile: string): Promise<void> {
    const swap = this.swapping.then(async () => {
      const app = await this.open(databaseFile);
      await app.ready();
      const old = this.served;
      this.served = { app, buildId: app.build.id, inFlight: 0, retired: false, closed: null };
      old.retired = true;
      if (old.inFlight === 0) await this.close(old);
    });
    this.swapping = swap.catch(() => {});
    return swap;
  }

  private close(served: Served): Promise<void> {
    served.closed ??= served.app.close().catch((error: unknown) => served.app.log.error({ err: error }, 'closing a retired release failed'));
    return served.closed;
  }

  /**
   * Shutdown: closes the live release once the requests it is answering are done, or after
   * `graceMs`, whichever comes first (the HTTP server has stopped taking new ones by then).
   */
  async closeAll(graceMs = 10_000): Promise<void> {
    await this.swapping;
    const served = this.served;
    served.retired = true;
    const started = Date.now();
    while (served.inFlight > 0 && Date.now() - started < graceMs) await new Promise((resolve) => setTimeout(resolve, 25));
    await this.close(served);
  }
}
