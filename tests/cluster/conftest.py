"""Fixtures that start real components: an S3-compatible server (moto) for the session."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from stint.core.testing.cluster import MotoServer

BUCKET = "stint-test-files"


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MotoServer]:
    """moto in server mode on a free port, with the test bucket created."""
    import boto3

    server = MotoServer(Path(tmp_path_factory.mktemp("moto")))
    try:
        client = boto3.client(
            "s3",
            endpoint_url=server.endpoint,
            region_name="us-east-1",
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
        )
        client.create_bucket(Bucket=BUCKET)
        yield server
    finally:
        server.stop()


def s3_storage_entry(server: MotoServer, prefix: str, *, node: str) -> dict[str, Any]:
    """A STORAGES entry as config/settings.py builds it, for one web node (``node`` only changes the
    key id, so each node has its own boto3 session and connection pool)."""
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": BUCKET,
            "endpoint_url": server.endpoint,
            "region_name": "us-east-1",
            "access_key": f"node-{node}",
            "secret_key": "testing",
            "location": prefix,
            "default_acl": "private",
            "file_overwrite": False,
            "querystring_auth": True,
            "querystring_expire": 300,
            "signature_version": "s3v4",
            "addressing_style": "path",
        },
    }
