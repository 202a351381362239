# Executes notebooks headlessly with the mesh kernel through nbclient (what `jupyter nbconvert --execute` runs),
# keeping going after a failing cell so that every error is recorded: mesh notebook run reads them afterwards.
#
# usage: python3 -c "<this file>" '<spec as JSON>'
#   spec: {"notebooks": [{"source": ..., "output": ...}, ...], "timeout": <cell seconds>, "kernel": <name>,
#          "parallel": <notebooks at once>}
#
# All the notebooks of one run share this one process: jupyter_client hands each kernel its ports from one cache
# per process, so kernels started side by side never get the same port (two processes each picking "free" ports
# can, and the kernel that loses the race never answers). One JSON line per notebook on stdout, as each ends:
#   {"index": i, "millis": m, "error": null or why it could not be executed}
import asyncio
import json
import os
import sys
import time
import traceback

import nbformat
from nbclient import NotebookClient

spec = json.loads(sys.argv[1])


async def execute(index, notebook, gate):
    async with gate:
        start = time.monotonic()
        error = None
        try:
            nb = nbformat.read(notebook["source"], as_version=4)
            client = NotebookClient(
                nb,
                kernel_name=spec["kernel"],
                timeout=spec["timeout"],
                startup_timeout=300,
                allow_errors=True,
                record_timing=False,
                resources={"metadata": {"path": os.path.dirname(os.path.abspath(notebook["source"]))}},
            )
            await client.async_execute()
            nbformat.write(nb, notebook["output"])
        except Exception:
            error = traceback.format_exc(limit=5)
        line = {"index": index, "millis": int((time.monotonic() - start) * 1000), "error": error}
        print(json.dumps(line), flush=True)


async def main():
    gate = asyncio.Semaphore(max(1, spec["parallel"]))
    await asyncio.gather(*(execute(i, n, gate) for i, n in enumerate(spec["notebooks"])))


asyncio.run(main())
