"""What a failing file store raises: the local disk (OSError) or an S3-compatible bucket (botocore: a connection
that fails, a bucket gone or refusing). Callers turn these into a plain message and keep nothing half-written."""

from botocore.exceptions import BotoCoreError, ClientError

STORAGE_ERRORS = (OSError, BotoCoreError, ClientError)
