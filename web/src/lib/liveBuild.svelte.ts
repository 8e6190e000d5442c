/**
 * Which build the server is serving now, for the footer and the "new data were published" notice.
 * Publishing a partner's data swaps the server's database without a restart; lib/api.ts notices a
 * response naming a new build and asks `/api/v1/build` again, and every reply lands here.
 */
import { api, watchBuild, type BuildReply } from './api.ts';

class LiveBuild {
  /** The build the page was loaded with. */
  loadedWith = $state<string | null>(null);
  /** The newest build reply: what the footer names. */
  current = $state.raw<BuildReply | null>(null);
  /** Why the build could not be read, in words. */
  problem = $state<string | null>(null);
  /** New data are being served: what is on the page may be from the build before. */
  readonly changed = $derived(this.current !== null && this.loadedWith !== null && this.current.build.id !== this.loadedWith);
}

export const liveBuild = new LiveBuild();

watchBuild((reply) => {
  liveBuild.loadedWith ??= reply.build.id;
  liveBuild.current = reply;
  liveBuild.problem = null;
});

/** Asks for the build once; later builds arrive through watchBuild. */
export function loadBuild(): void {
  api.build().catch((error: Error) => (liveBuild.problem = error.message));
}
