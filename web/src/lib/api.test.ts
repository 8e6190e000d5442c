import { afterEach, describe, expect, it, vi } from 'vitest';

/** A fetch that answers every request from one build, and can be told a new build went live. */
function fakeServer() {
  const server = { build: 'aaaa', asked: [] as string[] };
  vi.stubGlobal('fetch', async (url: string) => {
    server.asked.push(url);
    const body = url.startsWith('/api/v1/build') ? { build: { id: server.build, label: 'x', synthetic: true } } : { levels: [] };
    return new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json', 'x-arealens-build': server.build } });
  });
  return server;
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

afterEach(() => {
  vi.unstubAllGlobals();
  vi.resetModules();
});

describe('noticing a new build', () => {
  it('asks for the build again once a response names another, and forgets what it kept', async () => {
    const server = fakeServer();
    const { api, watchBuild } = await import('./api.ts');
    const seen: string[] = [];
    watchBuild((reply) => seen.push(reply.build.id));

    await api.build();
    await api.levels();
    await api.levels();
    expect(server.asked).toEqual(['/api/v1/build', '/api/v1/levels']);
    expect(seen).toEqual(['aaaa']);

    server.build = 'bbbb';
    await api.searchAreas('x', null); // not kept: reaches the server, which now names bbbb
    await settle();
    expect(seen).toEqual(['aaaa', 'bbbb']);
    await api.levels(); // kept from aaaa, so asked again
    expect(server.asked.filter((url) => url === '/api/v1/levels')).toHaveLength(2);
    expect(server.asked.filter((url) => url === '/api/v1/build')).toHaveLength(2);
  });

  it('takes the first build it hears as the one the page loaded with', async () => {
    const server = fakeServer();
    const { api, watchBuild } = await import('./api.ts');
    const seen: string[] = [];
    watchBuild((reply) => seen.push(reply.build.id));
    await api.levels();
    await settle();
    expect(seen).toEqual([]);
    expect(server.asked).toEqual(['/api/v1/levels']);
  });
});
