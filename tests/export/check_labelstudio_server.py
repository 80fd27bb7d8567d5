"""Label Studio itself: a project is created from the generated config, the
exported tasks are imported through its API (Label Studio validates every
result against the config on import), then exported back; every span and
relation of the tasks read back must equal the annotation files'.

usage: check_labelstudio_server.py ROOT TASKS.json URL TOKEN"""

import json
import sys
import urllib.error
import urllib.request
from pathlib import Path

import source
from check_labelstudio import compare

root, tasks_path, url, token = sys.argv[1], Path(sys.argv[2]), sys.argv[3].rstrip("/"), sys.argv[4]
config = tasks_path.with_name(tasks_path.stem + ".config.xml").read_text(encoding="utf-8")
tasks = json.loads(tasks_path.read_text(encoding="utf-8"))


def call(method, path, body=None):
    data = None if body is None else json.dumps(body).encode("utf-8")
    request = urllib.request.Request(f"{url}{path}", data=data, method=method)
    request.add_header("Authorization", f"Token {token}")
    request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=300) as response:
            return json.loads(response.read().decode("utf-8"))
    except urllib.error.HTTPError as e:
        source.fail(f"Label Studio {method} {path}: HTTP {e.code}: {e.read().decode('utf-8', 'replace')[:500]}")


project = call("POST", "/api/projects", {"title": "pactum export suite", "label_config": config})
imported = call("POST", f"/api/projects/{project['id']}/import", tasks)
if imported.get("task_count") != len(tasks) or imported.get("annotation_count") != len(tasks):
    source.fail(f"Label Studio imported {imported}, expected {len(tasks)} tasks with one annotation each")
back = call("GET", f"/api/projects/{project['id']}/export?exportType=JSON&download_all_tasks=true")
if len(back) != len(tasks):
    source.fail(f"Label Studio gave back {len(back)} tasks, {len(tasks)} were imported")
for task in back:
    if len(task["annotations"]) != 1:
        source.fail(f"{task['data']['document']}: {len(task['annotations'])} annotations read back, 1 imported")
got, want_relations, _ = compare(root, back, "Label Studio")
source.summary("labelstudio server", len(got), sum(len(s) for _, s in got.values()))
source.relation_summary("labelstudio server", want_relations)
