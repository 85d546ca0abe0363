# Production image: gunicorn serves the app, the same image runs Celery workers and beat.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=bdtx.settings.production BDTX_VAR_DIR=/var/lib/bdtx

RUN apt-get update && apt-get install -y --no-install-recommends nodejs npm libpango-1.0-0 libpangoft2-1.0-0 \
    fonts-dejavu-core && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY requirements.txt package.json package-lock.json ./
RUN pip install --no-cache-dir -r requirements.txt && npm ci --omit=dev --no-audit --no-fund
COPY . .
RUN SECRET_KEY=build-only python manage.py collectstatic --noinput \
    && useradd --system --home /var/lib/bdtx bdtx && mkdir -p /var/lib/bdtx && chown bdtx /var/lib/bdtx
USER bdtx
EXPOSE 8000
CMD ["gunicorn", "bdtx.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "4", "--timeout", "60"]
