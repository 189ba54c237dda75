import { fileURLToPath } from 'node:url';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

const source = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  plugins: [sveltekit()],
  // A self-contained server build: the production image runs build/ without node_modules.
  ssr: { noExternal: ['openapi-fetch'] },
  // `vite dev` has no server.js in front: forward the socket the same way (production: server.js).
  server: { proxy: { '/socket.io': { target: process.env.API_URL ?? 'http://127.0.0.1:3000', ws: true } } },
  resolve: {
    alias: {
      // Workspace libraries are TypeScript sources: bundle them directly, no prior build.
      '@kizuna/api-client': source('../../libs/api-client/src/index.ts'),
      '@kizuna/contracts': source('../../libs/contracts/src/index.ts'),
    },
  },
});
