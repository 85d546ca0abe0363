"""A file storage on a disk that fills up: the real FileSystemStorage folder, with a byte budget shared by every
write. A write that does not fit writes what still fits, then fails with ENOSPC, leaving its partial file behind,
as a full disk does (the real code path of every caller of ``storage.save``)."""

import errno
import os

from django.core.files.storage import FileSystemStorage


class FullDiskStorage(FileSystemStorage):
    free_bytes = 0  # set by the test; every write takes from it

    def _save(self, name, content):
        path = self.path(name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "xb") as handle:
            for chunk in content.chunks():
                room = FullDiskStorage.free_bytes
                handle.write(chunk[:room])
                FullDiskStorage.free_bytes = max(0, room - len(chunk))
                if len(chunk) > room:
                    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), path)
        return name
