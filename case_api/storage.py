"""A content-addressed file store: each file lives once, under ``<root>/<aa>/<bb>/<sha256>``.

Writes stream into a temporary file while hashing, enforce a size limit, then move into place atomically; the
same content stored twice is kept once. :meth:`BlobStore.check` re-hashes a file for the audit verifier.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from case_api.errors import ValidationFailed

CHUNK = 1024 * 1024


@dataclass(frozen=True)
class StoredBlob:
    sha256: str
    size: int
    created: bool  # False when the same content was already stored


class BlobStore:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def path_for(self, sha256: str) -> Path:
        if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
            raise ValueError(f"not a sha256 hex digest: {sha256!r}")
        return self.root / sha256[:2] / sha256[2:4] / sha256

    def exists(self, sha256: str) -> bool:
        return self.path_for(sha256).is_file()

    def put_stream(self, chunks: Iterable[bytes], *, max_bytes: int | None = None) -> StoredBlob:
        self.root.mkdir(parents=True, exist_ok=True)
        digest, size = hashlib.sha256(), 0
        fd, tmp_name = tempfile.mkstemp(dir=self.root, prefix=".upload-")
        tmp = Path(tmp_name)
        try:
            with os.fdopen(fd, "wb") as out:
                for chunk in chunks:
                    size += len(chunk)
                    if max_bytes is not None and size > max_bytes:
                        raise ValidationFailed(
                            f"文件超过大小上限 {max_bytes // (1024 * 1024)} MB，请压缩或分段后再上传。",
                            code="file_too_large",
                        )
                    digest.update(chunk)
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
            sha = digest.hexdigest()
            final = self.path_for(sha)
            if final.is_file():
                return StoredBlob(sha, size, created=False)
            final.parent.mkdir(parents=True, exist_ok=True)
            os.replace(tmp, final)
            final.chmod(0o444)
            return StoredBlob(sha, size, created=True)
        finally:
            tmp.unlink(missing_ok=True)

    def put_bytes(self, data: bytes) -> StoredBlob:
        return self.put_stream([data])

    def read_bytes(self, sha256: str) -> bytes:
        return self.path_for(sha256).read_bytes()

    def check(self, sha256: str) -> str | None:
        """``None`` if intact, ``"file_missing"`` or ``"file_changed"`` otherwise."""
        path = self.path_for(sha256)
        if not path.is_file():
            return "file_missing"
        digest = hashlib.sha256()
        with path.open("rb") as f:
            while chunk := f.read(CHUNK):
                digest.update(chunk)
        return None if digest.hexdigest() == sha256 else "file_changed"
