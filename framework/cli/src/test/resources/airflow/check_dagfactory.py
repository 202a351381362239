"""Loads every *.dagfactory.json in a folder the way dag-factory 1.x does, and checks what Airflow would need.

Usage: python3 check_dagfactory.py DIR EXPECTED_PRODUCTS_FILE
  EXPECTED_PRODUCTS_FILE holds one product id per line: every one must be the task of exactly one DAG.
Exit codes: 0 all good (prints "OK ..."), 1 problems found (one per line), 3 PyYAML is missing.
No Airflow needed: this mirrors dagfactory._yaml.load_yaml_file (os.path.expandvars, then yaml.FullLoader).
"""
import json
import os
import sys

try:
    import yaml
except ImportError:
    print("PyYAML is missing: install Debian's python3-yaml (apt-get install -y python3-yaml)", file=sys.stderr)
    sys.exit(3)

SPARK_SUBMIT = "airflow.providers.apache.spark.operators.spark_submit.SparkSubmitOperator"
SENSOR = "airflow.sensors.external_task.ExternalTaskSensor"
RESERVED = {"default", "task_groups"}


def find_key(node, key, path=""):
    """Every path at which `key` appears as a mapping key."""
    found = []
    if isinstance(node, dict):
        for k, v in node.items():
            here = f"{path}.{k}" if path else str(k)
            if k == key:
                found.append(here)
            found.extend(find_key(v, key, here))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            found.extend(find_key(v, key, f"{path}[{i}]"))
    return found


def cycle(deps):
    """One dependency cycle as a list of task ids, or None."""
    state = {}

    def visit(t, stack):
        if state.get(t) == 2:
            return None
        if state.get(t) == 1:
            return stack[stack.index(t):] + [t]
        state[t] = 1
        for d in deps.get(t, []):
            found = visit(d, stack + [t])
            if found:
                return found
        state[t] = 2
        return None

    for t in sorted(deps):
        found = visit(t, [])
        if found:
            return found
    return None


def main(folder, expected_file):
    problems = []
    with open(expected_file, encoding="utf-8") as f:
        expected = sorted(line.strip() for line in f if line.strip())
    files = sorted(n for n in os.listdir(folder) if n.endswith(".dagfactory.json"))
    if not files:
        problems.append(f"no *.dagfactory.json in {folder}")
    seen_products = []
    dags = {}
    sensors = []
    monitors = []
    maintenances = []
    for name in files:
        path = os.path.join(folder, name)
        with open(path, encoding="utf-8") as f:
            text = f.read()
        # Exactly what dag-factory does.
        loaded = yaml.load(stream=os.path.expandvars(text), Loader=yaml.FullLoader)
        with open(path, encoding="utf-8") as f:
            as_json = json.load(f)
        if loaded != as_json:
            problems.append(f"{name}: YAML loading (after os.path.expandvars) differs from the JSON")
        for where in find_key(loaded, "schedule_interval"):
            problems.append(f"{name}: schedule_interval at {where} (an error in dag-factory 1.x: use schedule)")
        if not isinstance(loaded, dict):
            problems.append(f"{name}: the top level is not a mapping of DAG ids")
            continue
        for dag_id, dag in loaded.items():
            if dag_id in RESERVED:
                continue
            if dag_id in dags:
                problems.append(f"{name}: DAG {dag_id} is also defined in another file")
            if "schedule" not in dag:
                problems.append(f"{name}: DAG {dag_id} has no schedule key")
            if "start_date" not in dag.get("default_args", {}) and "start_date" not in dag:
                problems.append(f"{name}: DAG {dag_id} has no start_date")
            tasks = dag.get("tasks")
            if not isinstance(tasks, list) or not tasks:
                problems.append(f"{name}: DAG {dag_id} has no task list")
                continue
            ids = [t.get("task_id") for t in tasks]
            if len(set(ids)) != len(ids):
                problems.append(f"{name}: DAG {dag_id} has duplicate task ids: {sorted(i for i in set(ids) if ids.count(i) > 1)}")
            deps = {}
            for t in tasks:
                tid = t.get("task_id")
                if not t.get("operator"):
                    problems.append(f"{name}: {dag_id}.{tid} has no operator")
                deps[tid] = list(t.get("dependencies", []))
                for d in deps[tid]:
                    if d not in ids:
                        problems.append(f"{name}: {dag_id}.{tid} depends on {d}, which is not a task of {dag_id}")
                platform_task = {("monitor",): monitors, ("maintain", "--all"): maintenances}.get(tuple(t.get("application_args", [])))
                if t.get("operator") == SPARK_SUBMIT and platform_task is not None:
                    # The monitor and maintenance DAGs' tasks: mesh monitor, mesh maintain --all, from the runtime jar.
                    platform_task.append(f"{dag_id}.{tid}")
                    for key in ("application", "java_class", "conn_id"):
                        if not t.get(key):
                            problems.append(f"{name}: {dag_id}.{tid} has no {key}")
                elif t.get("operator") == SPARK_SUBMIT:
                    args = t.get("application_args", [])
                    if len(args) != 4 or args[0] != "run" or args[2] != "--date":
                        problems.append(f"{name}: {dag_id}.{tid} application_args are not run <id> --date <date>: {args}")
                    else:
                        seen_products.append(args[1])
                    for key in ("application", "jars", "java_class", "conn_id"):
                        if not t.get(key):
                            problems.append(f"{name}: {dag_id}.{tid} has no {key}")
                elif t.get("operator") == SENSOR:
                    sensors.append((name, dag_id, tid, t.get("external_dag_id"), t.get("external_task_id")))
                    if t.get("mode") not in ("reschedule", "poke"):
                        problems.append(f"{name}: {dag_id}.{tid} has sensor mode {t.get('mode')}")
            found = cycle(deps)
            if found:
                problems.append(f"{name}: DAG {dag_id} has a cycle: {' -> '.join(found)}")
            dags[dag_id] = set(ids)
    for name, dag_id, tid, ext_dag, ext_task in sensors:
        if ext_task not in dags.get(ext_dag, set()):
            problems.append(f"{name}: {dag_id}.{tid} waits for {ext_dag}.{ext_task}, which no DAG defines")
    if sorted(seen_products) != expected:
        missing = sorted(set(expected) - set(seen_products))
        extra = sorted(p for p in set(seen_products) if seen_products.count(p) != 1 or p not in expected)
        problems.append(f"products are not each exactly once: missing {missing}, duplicated or unexpected {extra}")
    if len(monitors) > 1:
        problems.append(f"more than one monitor task: {monitors}")
    if len(maintenances) > 1:
        problems.append(f"more than one maintenance task: {maintenances}")
    if problems:
        print("\n".join(problems))
        return 1
    print(f"OK {len(files)} files, {len(dags)} DAGs, {len(seen_products)} products, {len(sensors)} sensors, {len(monitors)} monitor, {len(maintenances)} maintenance")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(main(sys.argv[1], sys.argv[2]))
