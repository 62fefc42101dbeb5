# DMW Raid Bot as a container image (README "Hosting with Docker or Podman").
# Build stage with the dev dependencies (TypeScript); the image that runs has the
# production dependencies and the compiled dist/ only, and runs as the unprivileged
# `node` user of the Node image. scripts/container-smoke.sh builds and boots it.
ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY src ./src
RUN npm run build

FROM ${NODE_IMAGE} AS production-dependencies
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

FROM ${NODE_IMAGE}
ENV NODE_ENV=production \
    BACKUP_DIR=/var/lib/dmw/backups
WORKDIR /app
COPY package.json ./
COPY --from=production-dependencies /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# The backup directory is a volume the `node` user can write; a named volume mounted
# there starts with this ownership.
RUN mkdir -p /var/lib/dmw/backups && chown node:node /var/lib/dmw/backups
VOLUME ["/var/lib/dmw/backups"]
USER node
# The dashboard's HTTP server: /healthz, /readyz, and with DASHBOARD_TOKEN /metrics and /admin/queues.
EXPOSE 3000
# Ready = gateway ready, PostgreSQL and Redis answering, singleton lock held (GET /readyz).
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 CMD ["node", "dist/healthcheck.js"]
STOPSIGNAL SIGTERM
# No shell and no npm in between: SIGTERM reaches the supervisor (PID 1), which passes it
# to the bot and exits 0 once the bot has stopped (within 10 s). The supervisor restarts
# the bot after /restart or a crash; the container's restart policy covers the supervisor.
CMD ["node", "dist/supervisor.js"]
