"""Configuration: the shipped files load, and every mistake names file, line, key and fix."""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable
from pathlib import Path
from textwrap import dedent

import pytest
from pydantic import ValidationError

from pipelines.records import Watchlist
from settings import (
    ConfigError,
    Settings,
    load_settings,
    load_sources,
    load_watchlist,
    normalize_feed_url,
    settings_template,
    source_id,
)
from tests.support.paths import REPO_ROOT

SOURCES = REPO_ROOT / "config" / "sources.yaml"
WATCHLIST = REPO_ROOT / "config" / "watchlist.yaml"
SETTINGS_FILE = REPO_ROOT / "config" / "mediawatch.yaml"

ENTITY = """\
  - id: {id}
    name: {name}
    type: ORG
"""


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No MEDIAWATCH_* variable from the caller's shell, and no config/ in the working dir."""
    for name in list(os.environ):
        if name.startswith("MEDIAWATCH_"):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(dedent(text), encoding="utf-8")
    return path


def error_of(call: Callable[..., object], *args: object, **kwargs: object) -> ConfigError:
    with pytest.raises(ConfigError) as info:
        call(*args, **kwargs)
    return info.value


# --- the shipped files ---


def test_shipped_sources_load_and_are_sane() -> None:
    sources = load_sources(SOURCES)
    assert len(sources) >= 30
    assert all(s.url.startswith(("https://", "http://")) for s in sources)
    assert len({normalize_feed_url(s.url) for s in sources}) == len(sources)
    assert len({s.id for s in sources}) == len(sources)
    assert len({s.name.casefold() for s in sources}) == len(sources)
    assert {"en", "zh", "de", "fr", "ja"} <= {s.language for s in sources}
    assert sum(s.enabled for s in sources) >= 30


def test_shipped_watchlist_loads_with_the_deepseek_cast() -> None:
    watchlist = load_watchlist(WATCHLIST)
    assert isinstance(watchlist, Watchlist)
    assert len(watchlist.entities) >= 18
    by_id = watchlist.by_id()
    assert len(by_id) == len(watchlist.entities)
    for entity in watchlist.entities:
        assert entity.name in {a.text for a in entity.aliases}, entity.id
    texts = {e.id: {a.text: a for a in e.aliases} for e in watchlist.entities}
    assert {"深度求索", "DeepSeek-R1", "DeepSeek-V3", "DeepSeek AI"} <= set(texts["deepseek"])
    assert "梁文锋" in texts["liang-wenfeng"]
    assert not any("Liang" in t for t in texts) and "Liang" not in texts["liang-wenfeng"]
    assert "ChatGPT" not in texts["openai"] and by_id["chatgpt"].type == "PRODUCT"
    meta = texts["meta"]["Meta"]
    assert meta.case_sensitive and "meta-analysis" in meta.exclude_context
    llama = texts["llama"]["Llama"]
    assert llama.case_sensitive and "model" in llama.require_context
    assert texts["llama"]["LLaMA"].require_context == ()  # an alias may switch the default off
    bis = texts["bis"]["BIS"]
    assert bis.case_sensitive and "export" in bis.require_context
    assert "zodiac" in texts["gemini"]["Gemini"].exclude_context
    assert not texts["us-export-controls"]["Entity List"].case_sensitive


def test_shipped_settings_file_is_the_template_and_loads_to_defaults() -> None:
    assert SETTINGS_FILE.read_text(encoding="utf-8") == settings_template()
    assert load_settings(SETTINGS_FILE) == Settings()


def test_every_setting_is_documented_once() -> None:
    for model in (Settings, Settings.model_fields["fetch"].annotation):
        for name, field in model.model_fields.items():
            assert field.description, name


def test_settings_defaults() -> None:
    settings = load_settings()
    assert settings.db_path == Path("data/mediawatch.duckdb")
    assert settings.sources_path == Path("config/sources.yaml")
    assert settings.reporting_timezone == "UTC" and settings.tz.key == "UTC"
    assert settings.workers == (os.cpu_count() or 1)
    assert settings.fetch.user_agent.startswith("mediawatch/0.1 (+https://")
    assert (settings.fetch.read_timeout, settings.fetch.max_bytes) == (20.0, 10 * 1024 * 1024)
    assert not settings.fetch.allow_loopback and not settings.fetch.allow_private_addresses
    assert settings.webhook_url is None
    with pytest.raises(ValidationError):
        settings.batch_size = 5  # type: ignore[misc]


# --- sources ---


def test_source_id_is_a_hash_of_the_normalised_url() -> None:
    assert source_id("HTTPS://Example.COM:443/feed#top") == source_id("https://example.com/feed")
    assert source_id("https://example.com/feed") != source_id("https://example.com/feed/")
    assert len(source_id("https://example.com/feed")) == 16


def test_bad_url_and_codes_are_reported_with_lines(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "sources.yaml",
        """\
        sources:
          - name: Example
            url: ftp://example.com/feed
            country: UK
            language: en
        """,
    )
    err = error_of(load_sources, path)
    message = str(err)
    assert f"{path}:3: sources[0].url: 'ftp://example.com/feed' is not an http(s) URL" in message
    assert "starting with https://" in message
    assert f"{path}:4: sources[0].country:" in message and "the United Kingdom is GB" in message


def test_duplicate_source_url_is_rejected_after_normalising(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "sources.yaml",
        """\
        sources:
          - {name: One, url: "https://Example.com/feed", country: US, language: en}
          - {name: Two, url: "https://example.com:443/feed", country: US, language: en}
        """,
    )
    err = error_of(load_sources, path)
    assert (err.key, err.line) == ("sources[1].url", 3)
    assert "duplicate url: same as sources[0], line 2" in str(err)


def test_wrong_type_names_the_key_and_the_fix(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "sources.yaml",
        """\
        sources:
          - name: Example
            url: https://example.com/feed
            country: US
            language: en
            max_items: lots
        """,
    )
    err = error_of(load_sources, path)
    assert (err.origin, err.key, err.line) == (str(path), "sources[0].max_items", 6)
    assert "valid integer" in str(err) and "(got 'lots')" in str(err)
    assert "Fix: write a whole number" in str(err)


# --- watchlist ---


def test_unknown_key_names_file_key_path_line_and_suggestion(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "watchlist.yaml",
        """\
        entities:
          - id: deepseek
            name: DeepSeek
            type: ORG
            aliases:
              - 深度求索
              - text: R1
                requre_context: [model]
        """,
    )
    err = error_of(load_watchlist, path)
    assert (err.key, err.line) == ("entities[0].aliases[1].requre_context", 8)
    assert str(err).startswith(f"{path}:8: entities[0].aliases[1].requre_context: unknown key")
    assert "did you mean 'require_context'?" in str(err)


def test_alias_context_must_be_a_list(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "watchlist.yaml",
        """\
        entities:
          - id: llama
            name: Llama
            type: PRODUCT
            aliases:
              - text: Llama
                require_context: model
        """,
    )
    err = error_of(load_watchlist, path)
    assert (err.key, err.line) == ("entities[0].aliases[0].require_context", 7)
    assert "write a list" in str(err)


def test_unknown_entity_type_suggests_the_right_one(tmp_path: Path) -> None:
    path = write(tmp_path, "w.yaml", "entities:\n  - {id: x, name: X, type: PERSN}\n")
    err = error_of(load_watchlist, path)
    assert err.line == 2 and "did you mean 'PERSON'?" in str(err)


def test_duplicate_id_points_at_both_entries(tmp_path: Path) -> None:
    text = "entities:\n" + ENTITY.format(id="nvidia", name="Nvidia")
    text += ENTITY.format(id="nvidia", name="NVIDIA Corp")
    err = error_of(load_watchlist, write(tmp_path, "w.yaml", text))
    assert (err.key, err.line) == ("entities[1].id", 5)
    assert "duplicate id 'nvidia': also used by entities[0], line 2" in str(err)


def test_alias_claimed_by_two_entities_is_rejected(tmp_path: Path) -> None:
    text = "entities:\n" + ENTITY.format(id="google", name="Google")
    text += "    aliases: [Gemini]\n" + ENTITY.format(id="gemini", name="gemini")
    err = error_of(load_watchlist, write(tmp_path, "w.yaml", text))
    assert (err.key, err.line) == ("entities[1].name", 7)
    message = str(err)
    assert "alias 'gemini' is also claimed by entity 'google' (entities[0].aliases[0], line 5)" in (
        message
    )
    assert "one entity only" in message


def test_case_sensitive_spellings_may_differ_only_in_case(tmp_path: Path) -> None:
    text = dedent(
        """\
        entities:
          - id: apple
            name: Apple
            type: ORG
            case_sensitive: true
          - id: apple-fruit
            name: apple
            type: PRODUCT
            case_sensitive: true
        """
    )
    watchlist = load_watchlist(write(tmp_path, "w.yaml", text))
    assert [a.text for e in watchlist.entities for a in e.aliases] == ["Apple", "apple"]
    clash = text.replace("    case_sensitive: true\n", "", 1)  # one of them insensitive
    err = error_of(load_watchlist, write(tmp_path, "w.yaml", clash))
    assert "also claimed by entity 'apple'" in str(err)


def test_entity_defaults_apply_to_aliases_that_do_not_override_them(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "w.yaml",
        """\
        entities:
          - id: mistral-ai
            name: Mistral AI
            type: ORG
            context_window: 80
            aliases:
              - text: Mistral
                case_sensitive: true
                require_context: [AI, model]
        """,
    )
    (entity,) = load_watchlist(path).entities
    name, mistral = entity.aliases
    assert (name.text, name.case_sensitive, name.require_context) == ("Mistral AI", False, ())
    assert (mistral.case_sensitive, mistral.require_context) == (True, ("AI", "model"))
    assert name.context_window == mistral.context_window == 80


# --- YAML and files ---


def test_invalid_yaml_is_a_config_error_with_file_and_line(tmp_path: Path) -> None:
    path = write(tmp_path, "w.yaml", "entities:\n  - id: x\n    name: [unclosed\n    type: ORG\n")
    err = error_of(load_watchlist, path)
    assert str(err).startswith(f"{path}:")
    assert "invalid YAML" in str(err) and "Fix: check the indentation" in str(err)
    assert err.line is not None and 3 <= err.line <= 5


def test_repeated_yaml_key_is_rejected(tmp_path: Path) -> None:
    path = write(
        tmp_path, "w.yaml", "entities:\n  - id: x\n    name: X\n    name: Y\n    type: ORG\n"
    )
    err = error_of(load_watchlist, path)
    assert err.line == 4 and "key 'name' appears twice (first on line 3)" in str(err)


@pytest.mark.parametrize(
    ("loader", "pointer"),
    [(load_sources, "--sources"), (load_watchlist, "--watchlist")],
)
def test_missing_file_says_which_file_and_which_setting(
    tmp_path: Path, loader: Callable[[Path], object], pointer: str
) -> None:
    missing = tmp_path / "nope.yaml"
    err = error_of(loader, missing)
    assert str(err).startswith(f"{missing}: ") and "not found" in str(err)
    assert pointer in str(err) and "_path" in str(err)


def test_missing_explicit_settings_file(tmp_path: Path) -> None:
    err = error_of(load_settings, tmp_path / "absent.yaml")
    assert "settings file not found" in str(err) and "absent.yaml" in str(err)


# --- settings layers ---


def test_bad_timezone_suggests_a_real_one(tmp_path: Path) -> None:
    path = write(tmp_path, "m.yaml", "batch_size: 50\nreporting_timezone: Europe/Berln\n")
    err = error_of(load_settings, path)
    assert (err.key, err.line) == ("reporting_timezone", 2)
    assert "unknown time zone 'Europe/Berln'" in str(err)
    assert "did you mean 'Europe/Berlin'?" in str(err)


def test_unknown_nested_settings_key(tmp_path: Path) -> None:
    path = write(tmp_path, "m.yaml", "fetch:\n  read_timout: 5\n")
    err = error_of(load_settings, path)
    assert str(err).startswith(f"{path}:2: fetch.read_timout: unknown key 'read_timout'")
    assert "did you mean 'read_timeout'?" in str(err)


def test_default_settings_file_is_read_from_the_working_directory(tmp_path: Path) -> None:
    (tmp_path / "config").mkdir()
    write(tmp_path, "config/mediawatch.yaml", "batch_size: 7\n")
    assert load_settings().batch_size == 7


def test_precedence_file_then_env_then_overrides(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(
        tmp_path,
        "m.yaml",
        """\
        db_path: from-file.duckdb
        batch_size: 10
        fetch:
          read_timeout: 11
          retries: 3
        """,
    )
    monkeypatch.setenv("MEDIAWATCH_BATCH_SIZE", "20")
    monkeypatch.setenv("MEDIAWATCH_FETCH__READ_TIMEOUT", "22")
    monkeypatch.setenv("MEDIAWATCH_FETCH__ALLOW_LOOPBACK", "true")
    settings = load_settings(path, db_path=None, fetch__read_timeout=33)
    assert settings.db_path == Path("from-file.duckdb")  # None overrides are ignored
    assert settings.batch_size == 20  # env beats file
    assert settings.fetch.read_timeout == 33  # override beats env
    assert settings.fetch.retries == 3  # file beats default; siblings survive the merge
    assert settings.fetch.allow_loopback is True
    nested = load_settings(path, db_path="cli.duckdb", fetch={"retries": 0})
    assert (nested.db_path, nested.fetch.retries, nested.fetch.read_timeout) == (
        Path("cli.duckdb"),
        0,
        22,
    )


def test_settings_file_named_by_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MEDIAWATCH_CONFIG", str(write(tmp_path, "other.yaml", "workers: 3\n")))
    assert load_settings().workers == 3
    monkeypatch.setenv("MEDIAWATCH_CONFIG", str(tmp_path / "gone.yaml"))
    assert "unset MEDIAWATCH_CONFIG" in str(error_of(load_settings))


def test_the_tone_encoders_process_variables_are_not_taken_for_settings(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The README offers them to users; the loader once refused them as unknown settings."""
    monkeypatch.setenv("MEDIAWATCH_TONE_KERNELS", "fp32")
    monkeypatch.setenv("MEDIAWATCH_TONE_THREADS", "2")
    assert load_settings().tone
    monkeypatch.setenv("MEDIAWATCH_TONE_KERNELZ", "fp32")
    assert "unknown setting 'MEDIAWATCH_TONE_KERNELZ'" in str(error_of(load_settings))


def test_bad_environment_value_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MEDIAWATCH_FETCH__READ_TIMEOUT", "fast")
    err = error_of(load_settings)
    assert str(err).startswith(
        "environment variable MEDIAWATCH_FETCH__READ_TIMEOUT: fetch.read_timeout:"
    )
    assert "(got 'fast')" in str(err) and "Fix: write a number" in str(err)


def test_unknown_environment_variable_and_override_are_typos(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("MEDIAWATCH_FETCH__READ_TIMOUT", "5")
    err = error_of(load_settings, webhok_url="https://example.com/hook")
    message = str(err)
    assert "did you mean 'MEDIAWATCH_FETCH__READ_TIMEOUT'?" in message
    assert "override webhok_url" in message and "did you mean 'webhook_url'?" in message


def test_bad_override_values(tmp_path: Path) -> None:
    err = error_of(load_settings, webhook_url="ftp://example.com/hook")
    assert err.origin == "override webhook_url" and "not an http(s) URL" in str(err)
    err = error_of(load_settings, fetch__total_timeout=5)
    assert "total_timeout is shorter than" in str(err) and err.key == "fetch"
    assert load_settings(fetch__allow_loopback=True).fetch.allow_loopback


def test_bare_section_header_means_defaults(tmp_path: Path) -> None:
    assert load_settings(write(tmp_path, "m.yaml", "fetch:\n")).fetch == Settings().fetch


def test_config_error_survives_pickling(tmp_path: Path) -> None:
    err = error_of(load_settings, tmp_path / "absent.yaml")
    copy = pickle.loads(pickle.dumps(err))
    assert str(copy) == str(err) and copy.issues == err.issues
