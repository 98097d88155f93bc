"""The Suite interface: one kind of evaluation (offence, legal_qa, dispatch, asr, …) over a JSONL dataset.

A suite is a class registered with ``@register_suite``; the runner (``evals.runner``) loads its dataset, calls
:meth:`Suite.run_item` once per record (results are appended to ``<out>/<suite>.results.jsonl`` as they come, so
an interrupted run resumes), then :meth:`Suite.summarise` over all results. A suite never builds the pipeline
itself: it is handed a :class:`evals.targets.Target` (in process or over HTTP) that drives the same code the
server runs.

Adding a suite (another helper, a bureau)::

    from evals.suite import ItemResult, Metric, Suite, register_suite

    @register_suite
    class MySuite(Suite):
        name = "mine"
        title = "我的评测"
        dataset = "mine.jsonl"              # under evals/datasets/ (or give --dataset)
        needs = ("chat",)                   # what of the target it uses: chat | llm | asr | detector
        metrics = {"accuracy": Metric("准确率", "higher", gated=True)}

        def run_item(self, record, target):
            events = target.chat(record["message"], mode="auto")
            ok = ...
            return ItemResult(suite=self.name, id=record["id"], ok=ok, category=..., scores={"right": ok},
                              detail={"answer": events.answer, "citations": events.citations},
                              latency_s=events.total_s, ttft_s=events.ttft_s)

        def summarise(self, results):
            return {"accuracy": mean(r.scores["right"] for r in results)}

and import its module from ``evals/suites/__init__.py`` (or name it in ``ZHIFA_PLUGINS``).
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Literal

if TYPE_CHECKING:
    from evals.targets import Target

REPO = Path(__file__).resolve().parents[1]
DATASETS = Path(__file__).resolve().parent / "datasets"

Direction = Literal["higher", "lower", "info"]
Need = Literal["chat", "llm", "asr", "detector", "knowledge"]


@dataclass(frozen=True)
class Metric:
    """How to read one summary number: its Chinese label, which way is better, and whether the CI gate holds it
    against the baseline (with ``tolerance``: how far it may move the wrong way, 0.0 = not at all)."""

    label: str
    direction: Direction = "higher"
    gated: bool = False
    tolerance: float = 0.0


@dataclass
class ItemResult:
    """One record's outcome. ``scores`` are the per-item numbers the summary aggregates (bool/float/None = not
    applicable); ``detail`` is what a person needs to judge a failure (answer, citations, expected)."""

    suite: str
    id: str
    ok: bool
    category: str = ""
    scores: dict[str, Any] = field(default_factory=dict)
    detail: dict[str, Any] = field(default_factory=dict)
    latency_s: float | None = None
    ttft_s: float | None = None
    error: str | None = None

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ItemResult:
        known = {k: data[k] for k in cls.__dataclass_fields__ if k in data}
        return cls(**known)


class Suite:
    """Base class of every suite; subclasses set the class attributes and implement :meth:`run_item` and
    :meth:`summarise`."""

    name: ClassVar[str]
    title: ClassVar[str]
    dataset: ClassVar[str]
    needs: ClassVar[tuple[Need, ...]] = ("chat",)
    deterministic: ClassVar[bool] = False  # no LLM anywhere: the CI gate may hold it against the baseline
    remote: ClassVar[bool] = (
        True  # can run against a server (--url); False: it needs this process's components
    )
    metrics: ClassVar[dict[str, Metric]] = {}

    def __init__(self, **options: Any) -> None:
        self.options = options

    def load(self, path: Path) -> list[dict[str, Any]]:
        records = read_jsonl(path)
        ids = [str(r.get("id", "")) for r in records]
        if any(not i for i in ids) or len(set(ids)) != len(ids):
            raise ValueError(f"{path}: 每条记录都要有唯一的 id / every record needs a unique id")
        for r in records:
            r.setdefault("_dataset_dir", str(path.parent))
        return records

    def config(self) -> dict[str, Any]:
        """What makes two runs comparable (a resumed run must have the same): the options by default."""
        return {k: v for k, v in sorted(self.options.items()) if not k.startswith("_")}

    def run_item(self, record: dict[str, Any], target: Target) -> ItemResult:
        raise NotImplementedError

    def summarise(self, results: list[ItemResult]) -> dict[str, Any]:
        raise NotImplementedError

    def warm_up(self, target: Target, records: list[dict[str, Any]]) -> None:
        """Load what the suite needs before the clock starts on the first item (models, indexes)."""


SUITES: dict[str, type[Suite]] = {}
ORDER = (
    "offence",
    "retrieval",
    "legal_qa",
    "dispatch",
    "asr",
    "transcript",
    "vision",
)  # reports, `--suite all`


def register_suite(cls: type[Suite]) -> type[Suite]:
    SUITES[cls.name] = cls
    return cls


def get_suite(name: str) -> type[Suite]:
    import evals.suites  # noqa: F401 - registers the built-in suites

    try:
        return SUITES[name]
    except KeyError:
        known = "、".join(sorted(SUITES))
        raise ValueError(f"未知的评测套件 {name!r}（可选：{known}）") from None


def suite_names() -> list[str]:
    import evals.suites  # noqa: F401

    return [n for n in ORDER if n in SUITES] + [n for n in SUITES if n not in ORDER]


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("//"):
            continue
        try:
            out.append(json.loads(line))
        except json.JSONDecodeError as exc:
            raise ValueError(f"{path}:{n}: 不是合法的 JSON：{exc.msg}") from None
    return out


def display_path(path: Path) -> str:
    """A dataset's path as reports keep it: relative to the repository when inside it (a baseline made here
    names the same file in any clone)."""
    try:
        return str(path.resolve().relative_to(REPO))
    except ValueError:
        return str(path)


def shared_dir() -> Path:
    """The shared data (large media, the dev sets' originals): ``ZHIFA_SHARED_DIR`` (the Makefile exports it),
    else ``../shared`` beside the checkout."""
    env = os.environ.get("ZHIFA_SHARED_DIR")
    return Path(env) if env else REPO.parent / "shared"


def media_path(record: dict[str, Any], value: str) -> Path:
    """A dataset's media reference: ``$ZHIFA_SHARED_DIR/…`` (large files kept out of the repository), an absolute
    path, a path relative to the dataset file, or one relative to the repository root."""
    if value.startswith(("$ZHIFA_SHARED_DIR", "${ZHIFA_SHARED_DIR}")):
        rest = value.split("}", 1)[1] if value.startswith("${") else value[len("$ZHIFA_SHARED_DIR") :]
        return shared_dir() / rest.lstrip("/")
    path = Path(value)
    if path.is_absolute():
        return path
    here = Path(record.get("_dataset_dir") or DATASETS) / path
    return here if here.exists() else REPO / path


def revision() -> str:
    """The code measured: ``ZHIFA_EVAL_REVISION`` (set when running an exported snapshot), else the checkout's
    commit, marked ``+dirty`` when tracked files differ from it."""
    import subprocess

    if env := os.environ.get("ZHIFA_EVAL_REVISION"):
        return env
    try:
        head = subprocess.run(
            ["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            timeout=10,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(REPO), "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
            timeout=10,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return (head + ("+dirty" if dirty else "")) if head else "unknown"
