# SyncHub service image: one image, three roles (worker, ingest, provision).
#
#   docker build -t synchub:local .
#   docker run --rm synchub:local worker      # default
#   docker run --rm synchub:local ingest
#   docker run --rm synchub:local provision
#
# Built with the classic builder or BuildKit alike (no BuildKit-only syntax).

########################################################################
# Stage 1: build. Full dependency tree (typescript is a devDependency),
# compile src/ and bench/ to dist/ with tsc.
########################################################################
FROM node:24-bookworm-slim AS build

WORKDIR /app

# Dependencies first, so this layer is reused until package*.json change.
# --ignore-scripts: the sources are not copied yet, so the root `prepare`
# (npm run build) cannot run here; it also keeps dependency install scripts
# off, as package.json's `allowScripts` asks (@swc/core, protobufjs: their
# postinstall scripts only check/fall back; the native @swc binding arrives
# as an optional dependency package either way). patch-package applies the
# fixes in patches/ that the skipped postinstall would have applied.
COPY package.json package-lock.json ./
COPY patches ./patches
RUN npm ci --ignore-scripts --no-audit --no-fund && npx patch-package

# Sources, then the same step `prepare` runs: tsc -p tsconfig.build.json.
COPY . .
RUN npm run build

########################################################################
# Stage 2: runtime. Production dependencies only, compiled JS, non-root.
########################################################################
FROM node:24-bookworm-slim AS runtime

ENV NODE_ENV=production \
    SYNCHUB_LOCAL_STACK=false

WORKDIR /app

# Take the installed tree from the build stage and drop the devDependencies
# (a fresh `npm ci --omit=dev` would run `prepare`, which needs typescript).
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/node_modules ./node_modules
# The image brings Node 24 itself, so the node-linux-* packages (Node for plain `npm ci` machines) go too.
RUN npm prune --omit=dev --ignore-scripts --no-audit --no-fund \
 && rm -rf node_modules/node-linux-* node_modules/.bin/node \
 && npm cache clean --force

COPY --from=build /app/dist ./dist
COPY --from=build /app/bin ./bin

# The node image ships an unprivileged `node` user (uid/gid 1000).
USER node

# `docker stop` / compose send SIGTERM; the worker and the ingester drain and
# exit on it (give them a stop_grace_period long enough to finish).
STOPSIGNAL SIGTERM

# Health, readiness, metrics and (`serve`) the HTTP API.
ENV SYNCHUB_HTTP_HOST=0.0.0.0
EXPOSE 8080

ENTRYPOINT ["node", "bin/synchub.js"]
CMD ["worker"]
