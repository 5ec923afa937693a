# Image for the API, the worker and the one-shot migrator (same code, different command).
# Node 24 is the active LTS; package.json asks for Node >= 20, and the native parts (the Temporal
# core bridge, @swc/core, mysql2) are Node-API or prebuilt per platform, not per Node version.
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm install --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:24-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/package.json ./
USER node
# docker-compose.yml gives the API and the worker their healthchecks (node -e fetch: no curl here)
CMD ["node", "dist/apps/api/src/main.js"]
