# One image for every Vigil service; the command picks which one runs (see docker-compose.yml).
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json turbo.json tsconfig.base.json tsconfig.json ./
COPY shared ./shared
COPY subgraphs ./subgraphs
COPY gateway ./gateway
COPY stack ./stack
COPY wall ./wall
RUN npm ci --no-audit --no-fund && npx turbo run build && npm prune --omit=dev

FROM node:20-bookworm-slim
# A larger young generation for every service: most of their garbage (decoded documents, request and plan objects)
# dies young, and V8's 16 MB semi-spaces made it scavenge often (ADR 101 for the gateway, ADR 121 for the rest).
ENV NODE_ENV=production NODE_OPTIONS=--max-semi-space-size=64
WORKDIR /app
COPY --from=build /app ./
USER node
ENTRYPOINT ["node", "stack/dist/serve.js"]
