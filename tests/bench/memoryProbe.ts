/**
 * Loaded into the server process by the soak bench (`--expose-gc --import`): answers each "memory"
 * message from the bench with process.memoryUsage() taken just after a full collection, so the heap
 * figure is what the server keeps, not what it has yet to collect. Not a bench itself (run.ts skips it).
 */
process.on('message', (message) => {
  if (message !== 'memory') return;
  (globalThis as { gc?: () => void }).gc?.();
  process.send?.(process.memoryUsage());
});
// The channel to the bench must not keep a server that is shutting down alive.
process.channel?.unref();
