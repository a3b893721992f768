# One image for the five services; the compose file picks the service with SERVICE.
FROM node:20.19-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --omit=dev
COPY tsconfig.base.json tsconfig.json .swcrc ./
COPY scripts/register.js scripts/register.js
COPY libs libs
COPY services services
USER node
ENV SERVICE=ingestion
# A larger young generation: the services allocate a batch's objects and drop them (docs/benchmarks.md).
CMD ["sh", "-c", "exec node --max-semi-space-size=32 -r ./scripts/register.js services/${SERVICE}/src/main.ts"]
