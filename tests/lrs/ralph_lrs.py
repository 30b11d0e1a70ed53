"""Ralph's LRS API on 127.0.0.1 with its file-system backend, for the xAPI browser tests.

usage: ralph_lrs.py PORT   (configuration comes from RALPH_* variables: see start.sh)

Works around an upstream bug: the file-system LRS backend's default operation type is CREATE,
which refuses to write to a file that already exists, so every write after the first one fails
(HTTP 500). Appending is what an LRS needs, so the default operation type is set to APPEND before
the app is loaded. Runs uvicorn in this process (no reloader), so the PID start.sh records is the
server's own.
"""

import sys

import uvicorn
from ralph.backends.data.base import BaseOperationType
from ralph.backends.lrs.fs import FSLRSBackend

FSLRSBackend.default_operation_type = BaseOperationType.APPEND

uvicorn.run("ralph.api:app", host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")
