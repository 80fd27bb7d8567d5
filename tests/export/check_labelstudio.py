"""Label Studio: the config is validated, and every annotation checked
against it, by label-studio-sdk's LabelInterface; offsets are checked as
Label Studio counts them (UTF-16 code units) and compared with the
annotation files after conversion to code points. Relation results
(`from_id`/`to_id` naming regions of the same result list, `direction`
"right" from head to child) are compared with the files' relations.

The same comparison, made on tasks read back from a running Label Studio,
is `check_labelstudio_server.py`: `compare(root, tasks)` below serves both."""

import json
import sys
from pathlib import Path

from label_studio_sdk.label_interface import LabelInterface

import source



def regions_and_relations(doc_id, text, result):
    """Spans (code points) and relations of one completion's result."""
    units = text.encode("utf-16-le")
    regions, relations, astral_shift = {}, [], False
    for region in result:
        if region["type"] != "labels":
            continue
        value = region["value"]
        covered = units[2 * value["start"] : 2 * value["end"]].decode("utf-16-le")
        if covered != value["text"]:
            source.fail(f"{doc_id}: UTF-16 offsets {value} cover {covered!r}")
        # Code points before the span: where an emoji precedes, they differ.
        start = len(units[: 2 * value["start"]].decode("utf-16-le"))
        astral_shift |= start != value["start"]
        regions[region["id"]] = (start, start + len(covered), value["labels"][0], covered)
    for r in result:
        if r["type"] != "relation":
            continue
        if r.get("direction") != "right":
            source.fail(f"{doc_id}: relation {r} is not head → child (direction right)")
        if r["from_id"] not in regions or r["to_id"] not in regions:
            source.fail(f"{doc_id}: relation {r} names a region not in its result")
        relations.append((regions[r["from_id"]], regions[r["to_id"]], r["labels"][0]))
    return sorted(regions.values()), sorted(relations), astral_shift


def compare(root, tasks, what):
    """Every annotated span and relation of the files, and nothing else, in
    the tasks' first annotation; returns whether a span follows an emoji."""
    want, want_relations = source.load(root), source.load_relations(root)
    got, got_relations, astral_shift = {}, {}, False
    for task in tasks:
        doc_id, text = task["data"]["document"], task["data"]["text"]
        spans, relations, shifted = regions_and_relations(doc_id, text, task["annotations"][0]["result"])
        astral_shift |= shifted
        got[doc_id] = (text, spans)
        got_relations[doc_id] = relations
    source.expect_equal(f"{what} documents", sorted(got), sorted(want))
    for doc_id, (text, spans) in want.items():
        if got[doc_id][0] != text:
            source.fail(f"{what} {doc_id}: text differs")
        source.expect_equal(f"{what} {doc_id}", got[doc_id][1], spans)
        source.expect_equal(f"{what} {doc_id} relations", got_relations[doc_id], want_relations[doc_id])
    return got, want_relations, astral_shift


def main():
    root, tasks_path = sys.argv[1], Path(sys.argv[2])
    # With --predictions, the tasks must carry engine suggestions too.
    want_predictions = "--predictions" in sys.argv[3:]
    config_path = tasks_path.with_name(tasks_path.stem + ".config.xml")

    interface = LabelInterface(config_path.read_text(encoding="utf-8"))
    interface.validate()

    tasks = json.loads(tasks_path.read_text(encoding="utf-8"))
    predictions = 0
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
        for prediction in task.get("predictions", []):
            spans, relations, _ = regions_and_relations(task["data"]["document"], text, prediction["result"])
            predictions += len(spans) + len(relations)

    if want_predictions and not predictions:
        source.fail("no predictions: --include-suggestions exported no engine suggestion")
    if predictions:
        print(f"ok: labelstudio: {predictions} engine suggestions as predictions, valid for the config")
    got, want_relations, astral_shift = compare(root, tasks, "tasks file")
    if not astral_shift:
        source.fail("no span comes after an emoji: the UTF-16 counting was not exercised")
    source.summary("labelstudio", len(got), sum(len(s) for _, s in got.values()))
    source.relation_summary("labelstudio", want_relations)


if __name__ == "__main__":
    main()
