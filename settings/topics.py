"""topics.yaml, the topics to track: each a boolean query in the syntax media analysts use
(`pipelines.topics`), with a slug id and a name. A query that does not parse is reported with the
file, the line, the topic and a caret under the position of the error."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field

from pipelines.topics import QuerySyntaxError, Topic, parse_topic_query
from settings.documents import Frozen, Slug, Text, read_yaml
from settings.errors import ConfigError, ConfigIssue


class TopicSpec(Frozen):
    id: Slug
    name: Text
    query: Text
    description: str | None = None


class _TopicsFile(Frozen):
    topics: list[TopicSpec] = Field(default_factory=list)


def load_topics(path: Path | str, *, required: bool = False) -> tuple[Topic, ...]:
    """The topics in a file; none when the file does not exist and is not `required`."""
    path = Path(path)
    if not required and not path.exists():
        return ()
    pointer = "create it, or point topics_path (or MEDIAWATCH_TOPICS_PATH) at a file"
    doc = read_yaml(path, "topics file", pointer)
    parsed = doc.validate(_TopicsFile)
    issues: list[ConfigIssue] = []
    first: dict[str, int] = {}
    topics = []
    for i, spec in enumerate(parsed.topics):
        if spec.id in first:
            other = doc.ref(("topics", first[spec.id]))
            problem = f"duplicate id {spec.id!r}: also used by {other}"
            issues.append(doc.issue(("topics", i, "id"), problem, "give each topic its own id"))
        first.setdefault(spec.id, i)
        try:
            query = parse_topic_query(spec.query)
        except QuerySyntaxError as exc:
            problem = f"topic {spec.id!r}: {exc.message}\n{exc.snippet}"
            fix = 'see the query syntax in the README (AND, OR, NOT, "phrases", word*, NEAR/n)'
            issues.append(doc.issue(("topics", i, "query"), problem, fix))
            continue
        topics.append(Topic(spec.id, spec.name, query, spec.description))
    if issues:
        raise ConfigError(issues)
    return tuple(topics)
