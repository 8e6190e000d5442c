import { api, type TablesJsonReply } from '../api.ts';

/**
 * Fetching a table as choices change. Ticking several boxes in a row asks once, for the last
 * choice: each request waits a moment and is dropped if another follows (the server also limits
 * table requests per minute). The last few answers are kept, so back and forward are instant.
 */
const kept = new Map<string, TablesJsonReply>();
const KEEP = 4;
const SETTLE_MS = 250;
let current: AbortController | undefined;

export function loadTable(query: string): Promise<TablesJsonReply> {
  const hit = kept.get(query);
  current?.abort();
  if (hit) return Promise.resolve(hit);
  const mine = new AbortController();
  current = mine;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      api.table(query, mine.signal).then((reply) => {
        kept.delete(query);
        kept.set(query, reply);
        while (kept.size > KEEP) kept.delete(kept.keys().next().value!);
        resolve(reply);
      }, reject);
    }, SETTLE_MS);
    mine.signal.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(new DOMException('A newer table was asked for.', 'AbortError'));
    });
  });
}
