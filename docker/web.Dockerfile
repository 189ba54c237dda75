# The web app: SvelteKit (adapter-node) behind server.js, which also forwards the /socket.io
# WebSocket to the API. Built with the same commands the tests use.
FROM node:20.20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json nx.json tsconfig.base.json ./
COPY apps/web/package.json apps/web/package.json
COPY libs/contracts/package.json libs/contracts/package.json
COPY libs/engagement/package.json libs/engagement/package.json
COPY libs/api-client/package.json libs/api-client/package.json
RUN npm install --no-audit --no-fund
COPY apps ./apps
COPY libs ./libs
ENV NX_DAEMON=false NX_NO_CLOUD=true
RUN npx nx run-many -t build -p contracts web

FROM node:20.20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production PORT=3001
COPY --from=build /app/apps/web/build ./build
COPY --from=build /app/apps/web/server.js ./server.js
COPY --from=build /app/apps/web/package.json ./package.json
USER node
EXPOSE 3001
CMD ["node", "server.js"]
