"""A real S3-compatible server for the tests: moto in server mode on 127.0.0.1 (a free port), a fresh bucket for
each test, and the private storage (``STORAGES["default"]``) pointed at it as ``bdtx/settings/base.py`` does for
STORAGE_BACKEND=s3.

A test module takes the fixtures ``s3`` (the bucket) and ``s3_endpoint`` by importing them::

    from tests.jobs.s3_server import bucket_fixture, server_fixture  # noqa: F401 (fixtures)
"""

import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path

import boto3
import pytest
from botocore.config import Config
from django.conf import settings as django_settings
from moto.server import ThreadedMotoServer

ACCESS_KEY, SECRET_KEY, REGION = "bdtx-test-key", "bdtx-test-secret", "us-east-1"


@pytest.fixture(scope="session", name="s3_endpoint")
def server_fixture():
    """The address of a moto server running in this process for the whole test session."""
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


def storage_options(endpoint, bucket):
    """The S3Storage options of the private storage (as in bdtx/settings/base.py) for ``bucket`` at ``endpoint``."""
    return {
        "bucket_name": bucket,
        "endpoint_url": endpoint,
        "region_name": REGION,
        "access_key": ACCESS_KEY,
        "secret_key": SECRET_KEY,
        "signature_version": "s3v4",
        "default_acl": "private",
        "querystring_auth": True,
        "querystring_expire": 60,
        "file_overwrite": False,
    }


@dataclass
class Bucket:
    endpoint: str
    name: str
    client: object
    local_roots: tuple

    def keys(self, prefix=""):
        listing = self.client.list_objects_v2(Bucket=self.name, Prefix=prefix)
        return sorted(entry["Key"] for entry in listing.get("Contents", ()))

    def read(self, key):
        return self.client.get_object(Bucket=self.name, Key=key)["Body"].read()

    def put(self, key, data):
        self.client.put_object(Bucket=self.name, Key=key, Body=data)

    def local_files(self):
        """Files left on this host's disk, in the private media folders: none once a file is stored."""
        return sorted(path for root in self.local_roots for path in Path(root).rglob("*") if path.is_file())


@pytest.fixture(name="s3")
def bucket_fixture(settings, s3_endpoint, tmp_path):
    """A new empty bucket that holds the private files (evidence, scans, job files) during the test."""
    name = f"bdtx-{uuid.uuid4().hex[:16]}"
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
        region_name=REGION,
        config=Config(signature_version="s3v4"),
    )
    client.create_bucket(Bucket=name)
    settings.STORAGES = {
        **django_settings.STORAGES,
        "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": storage_options(s3_endpoint, name)},
    }
    settings.PRIVATE_STORAGE_REDIRECT = True
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"
    return Bucket(s3_endpoint, name, client, (settings.PRIVATE_MEDIA_ROOT, settings.MEDIA_ROOT))


def fetch(url):
    """(status, headers, body) of a plain GET, as a browser following the link would make it."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(url, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()
