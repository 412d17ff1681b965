# Lantern's image for compose.yaml (docs/deployment.md). Two stages: the GOV.UK Frontend
# assets built with Node, then Lantern installed into Python 3.11 with them.
FROM node:22-bookworm-slim AS assets
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY frontend frontend
COPY src/lantern/web/static src/lantern/web/static
RUN npm run build

FROM python:3.11-slim-bookworm
# WeasyPrint (PDF packs) needs Pango.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml README.md ./
COPY src src
COPY --from=assets /build/src/lantern/web/static/dist src/lantern/web/static/dist
RUN pip install --no-cache-dir . \
    && useradd --system --home /data lantern \
    && mkdir -p /data /app/static && chown lantern /data /app/static
USER lantern
ENV LANTERN_DATA_DIR=/data LANTERN_STATIC_ROOT=/app/static PORT=8000
RUN LANTERN_SECRET_KEY=collectstatic-only-not-a-real-key-000000 LANTERN_ALLOWED_HOSTS=build \
    lantern collectstatic --noinput -v 0
EXPOSE 8000
CMD ["lantern", "serve"]
