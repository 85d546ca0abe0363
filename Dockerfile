# Production image in two stages: the front-end assets are installed with Node in the first, the last runs without
# Node, without the development and test packages (requirements-dev.txt), with the static files collected inside the
# image (STATIC_ROOT=/app/staticfiles, outside the data volume /var/lib/bdtx). The same image runs gunicorn, the
# Celery workers, beat and the one-shot migration (docker-compose.yml).

FROM node:20-bookworm-slim AS assets
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=bdtx.settings.production BDTX_VAR_DIR=/var/lib/bdtx STATIC_ROOT=/app/staticfiles
# pango for WeasyPrint (certificates and documents), fonts for its fallbacks.
RUN apt-get update && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 \
    fonts-dejavu-core && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements.txt ./
RUN pip install --no-cache-dir --require-hashes -r requirements.txt
COPY --from=assets /app/node_modules ./node_modules
COPY . .
RUN SECRET_KEY=build-only python manage.py collectstatic --noinput \
    && useradd --system --home /var/lib/bdtx bdtx && mkdir -p /var/lib/bdtx && chown bdtx /var/lib/bdtx
USER bdtx
EXPOSE 8000
CMD ["gunicorn", "bdtx.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "6", "--threads", "2", "--timeout", "60"]
