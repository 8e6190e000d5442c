import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';

/** Where `npm run dev -w web` sends API and tile requests: the server started with `npm start`. */
const API = process.env.AREALENS_API ?? 'http://localhost:8080';

export default defineConfig({
  plugins: [svelte()],
  server: {
    port: 5173,
    // The host header is passed on unchanged, so TileJSON's tile URLs point back at this dev server.
    proxy: { '/api': API, '/tiles': API },
  },
  preview: { proxy: { '/api': API, '/tiles': API } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // MapLibre alone is ~800 kB minified: it sits in its own chunk, loaded only by pages with a map.
    chunkSizeWarningLimit: 1200,
    // A second page, embed/index.html, so /embed/ serves the app: only /embed paths may be framed (src/lib/embed.ts).
    rolldownOptions: {
      input: {
        main: new URL('./index.html', import.meta.url).pathname,
        embed: new URL('./embed/index.html', import.meta.url).pathname,
      },
    },
  },
});
