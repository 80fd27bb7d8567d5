"""Label Studio: the config is validated, and every annotation checked
against it, by label-studio-sdk's LabelInterface; offsets are checked as
Label Studio counts them (UTF-16 code units) and compared with the
annotation files after conversion to code points."""

import json
import sys
from pathlib import Path

from label_studio_sdk.label_interface import LabelInterface

import source

root, tasks_path = sys.argv[1], Path(sys.argv[2])
# With --predictions, the tasks must carry engine suggestions too.
want_predictions = "--predictions" in sys.argv[3:]
config_path = tasks_path.with_name(tasks_path.stem + ".config.xml")
want = source.load(root)

interface = LabelInterface(config_path.read_text(encoding="utf-8"))
interface.validate()

tasks = json.loads(tasks_path.read_text(encoding="utf-8"))
got, astral_shift, predictions = {}, False, 0
for task in tasks:
    text = task["data"]["text"]
    # Every object tag of the config finds its data in the task.
    for obj in interface.objects:
        if obj.value_is_variable and task["data"].get(obj.value_name) is None:
            source.fail(f"{task['data']['document']}: no data.{obj.value_name} for <{obj.tag}>")
    for completion in task["annotations"] + task.get("predictions", []):
        if not interface.validate_annotation(completion):
            errors = interface.validate_prediction(completion, return_errors=True)
            source.fail(f"{task['data']['document']}: rejected by the label config: {errors[:3]}")
    units = text.encode("utf-16-le")
    for prediction in task.get("predictions", []):
        for region in prediction["result"]:
            value = region["value"]
            if units[2 * value["start"] : 2 * value["end"]].decode("utf-16-le") != value["text"]:
                source.fail(f"{task['data']['document']}: prediction offsets {value} are off")
            predictions += 1
    spans = []
    for region in task["annotations"][0]["result"]:
        value = region["value"]
        covered = units[2 * value["start"] : 2 * value["end"]].decode("utf-16-le")
        if covered != value["text"]:
            source.fail(f"{task['data']['document']}: UTF-16 offsets {value} cover {covered!r}")
        # Code points before the span: where an emoji precedes, they differ.
        start = len(units[: 2 * value["start"]].decode("utf-16-le"))
        astral_shift |= start != value["start"]
        spans.append((start, start + len(covered), value["labels"][0], covered))
    got[task["data"]["document"]] = (text, sorted(spans))

if want_predictions and not predictions:
    source.fail("no predictions: --include-suggestions exported no engine suggestion")
if predictions:
    print(f"ok: labelstudio: {predictions} engine suggestions as predictions, valid for the config")
if not astral_shift:
    source.fail("no span comes after an emoji: the UTF-16 counting was not exercised")
source.expect_equal("documents", sorted(got), sorted(want))
for doc_id, (text, spans) in want.items():
    if got[doc_id][0] != text:
        source.fail(f"{doc_id}: text differs")
    source.expect_equal(doc_id, got[doc_id][1], spans)
source.summary("labelstudio", len(got), sum(len(s) for _, s in got.values()))
