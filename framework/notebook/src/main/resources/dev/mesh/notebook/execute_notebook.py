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
#
# mesh keeps this process's stdin open while it waits for the notebooks. When it closes (mesh asked to stop, or gone),
# the notebooks under way are cancelled, no other starts, and the process exits with 143 without a line for them.
# (Not a signal: nbclient takes SIGTERM and SIGINT over while a kernel runs, to shut that one kernel down.)
import asyncio
import json
import os
import sys
import threading
import time
import traceback

import nbformat
from nbclient import NotebookClient

spec = json.loads(sys.argv[1])


stopping = False


async def execute(index, notebook, gate):
    async with gate:
        if stopping:
            return
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
            if stopping:
                return  # nbclient reports a cancelled cell as a dead kernel: not this notebook's fault
            error = traceback.format_exc(limit=5)
        line = {"index": index, "millis": int((time.monotonic() - start) * 1000), "error": error}
        print(json.dumps(line), flush=True)


async def main():
    gate = asyncio.Semaphore(max(1, spec["parallel"]))
    tasks = [asyncio.create_task(execute(i, n, gate)) for i, n in enumerate(spec["notebooks"])]

    def stop():
        global stopping
        stopping = True
        for task in tasks:
            task.cancel()

    loop = asyncio.get_running_loop()

    def watch_mesh():
        sys.stdin.read()
        try:
            loop.call_soon_threadsafe(stop)
        except RuntimeError:
            pass  # the notebooks have ended and the loop with them

    threading.Thread(target=watch_mesh, daemon=True).start()
    # Every notebook to its end or its cancellation; then a failure of this script itself (not a notebook's: those are
    # lines) still ends it with its traceback, as before.
    for outcome in await asyncio.gather(*tasks, return_exceptions=True):
        if isinstance(outcome, Exception) and not stopping:
            raise outcome


asyncio.run(main())
if stopping:
    sys.exit(143)
