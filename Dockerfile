# SkyGate service image: `docker build -t skygate . && docker run -p 8000:8000 skygate`
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    OPENBLAS_NUM_THREADS=1 \
    SKYGATE_ENVIRONMENT=production \
    SKYGATE_DATABASE_URL=sqlite:////data/skygate.db

WORKDIR /srv/skygate
COPY pyproject.toml README.md ./
COPY app ./app
COPY enrollment ./enrollment
COPY gates ./gates
COPY matching ./matching
COPY simulators ./simulators

# dlib-bin is a prebuilt dlib; face_recognition goes on top without its `dlib`
# requirement, which would otherwise compile dlib from source.
RUN pip install "setuptools>=68,<81" . \
 && pip install --no-deps "face_recognition==1.3.0" \
 && useradd --create-home --uid 10001 skygate \
 && mkdir -p /data && chown skygate /data

USER skygate
VOLUME ["/data"]
EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
    CMD python -c "import urllib.request,sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=2).status != 200)"
CMD ["skygate", "serve", "--host", "0.0.0.0", "--port", "8000"]
