# Executes a notebook headlessly with the mesh kernel through nbclient (what `jupyter nbconvert --execute` runs),
# keeping going after a failing cell so that every error is recorded: mesh notebook run reads them afterwards.
# usage: python3 -c "<this file>" <notebook> <output> <cell timeout seconds> <kernel name>
import os
import sys

import nbformat
from nbclient import NotebookClient

source, output, timeout, kernel = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
nb = nbformat.read(source, as_version=4)
client = NotebookClient(
    nb,
    kernel_name=kernel,
    timeout=timeout,
    startup_timeout=300,
    allow_errors=True,
    record_timing=False,
    resources={"metadata": {"path": os.path.dirname(os.path.abspath(source))}},
)
client.execute()
nbformat.write(nb, output)
