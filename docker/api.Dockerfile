# The API: NestJS on Node 20. Built with the same commands the tests use.
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
RUN npx nx run-many -t build -p contracts engagement api && npm prune --omit=dev

FROM node:20.20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production PORT=3000
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/libs ./libs
COPY --from=build /app/dist ./dist
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s CMD node -e "fetch('http://127.0.0.1:3000/api/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "dist/apps/api/main.js"]
