#!/usr/bin/env python3
"""Drives `kb mcp` with a real MCP client (the `mcp` package from PyPI) and checks its answers
against the command line's `--format json` for the same request.

Usage: test_mcp.py KB DB MORE_PATH... — KB is the kb binary, DB an index already built (by
scripts/test-mcp) from the paths it was given; MORE_PATH... are the same paths plus one more
folder, which the last check indexes while it calls the server. Prints one line per check and
"mcp: N passed, N failed"; exits 1 when a check failed.
"""
import json
import subprocess
import sys
import time
import traceback

import anyio
from mcp import ClientSession, MCPError, StdioServerParameters, stdio_client

KB, DB, MORE = sys.argv[1], sys.argv[2], sys.argv[3:]
TOOLS = {"search", "quote", "jump", "figures", "speakers", "verify", "note"}


def cli(*args, ok=True):
    """`kb ARGS --db DB`: (stdout, stderr lines, exit code)."""
    run = subprocess.run([KB, args[0], "--db", DB, *args[1:]], capture_output=True, text=True, timeout=120)
    if ok and run.returncode != 0:
        raise AssertionError(f"kb {' '.join(args)} failed ({run.returncode}): {run.stderr}")
    return run.stdout, [line for line in run.stderr.splitlines() if line], run.returncode


def cli_json(*args):
    return json.loads(cli(*args, "--format", "json")[0])


def cli_error(*args):
    """The one line the command line prints for a request it rejects."""
    out, err, code = cli(*args, ok=False)
    assert code != 0, f"kb {' '.join(args)} should fail"
    return err[0]


def text(result):
    return "".join(c.text for c in result.content if c.type == "text")


async def call(session, tool, **arguments):
    result = await session.call_tool(tool, arguments)
    assert not result.is_error, f"{tool} {arguments}: {text(result)}"
    return result


async def tool_error(session, tool, **arguments):
    result = await session.call_tool(tool, arguments)
    assert result.is_error, f"{tool} {arguments} should be a tool error, got {text(result)[:200]}"
    return text(result)


async def first_claim(session):
    hits = (await call(session, "search", query="eigenvalue", limit=1)).structured_content["results"]
    assert hits, "no claim about eigenvalues in the index"
    return hits[0]


# -- checks: each takes the session and raises AssertionError when kb mcp is wrong --

async def lists_tools(s):
    tools = (await s.list_tools()).tools
    assert {t.name for t in tools} == TOOLS, [t.name for t in tools]
    for t in tools:
        assert t.input_schema["type"] == "object" and t.input_schema["properties"], t.name
        assert t.description, t.name
    search = next(t for t in tools if t.name == "search")
    assert search.input_schema["required"] == ["query"]
    assert {"query", "limit", "channel", "video", "note", "speaker", "not", "said"} <= set(search.input_schema["properties"])


async def search_matches_cli(s):
    result = await call(s, "search", query="eigenvalue", limit=5, channel="3blue1brown")
    assert result.structured_content["results"] == cli_json("search", "eigenvalue", "--limit", "5", "--channel", "3blue1brown")
    first = result.structured_content["results"][0]
    assert f"[{first['claim']}]" in text(result) and first["timestamps"][0]["url"] in text(result)


async def search_said_matches_cli(s):
    result = await call(s, "search", query="eigenvalue", limit=3, said=True)
    expected = cli_json("search", "eigenvalue", "--said", "--limit", "3")
    assert expected and result.structured_content["results"] == expected
    assert expected[0]["url"] in text(result)


async def search_notices_match_cli(s):
    result = await call(s, "search", query="eigenvalue zzyzxq", limit=2)
    _, stderr, _ = cli("search", "eigenvalue zzyzxq", "--limit", "2", "--format", "json")
    assert result.structured_content["notices"] == stderr and stderr
    assert text(result).startswith(stderr[0])


async def search_not_and_filters(s):
    result = await call(s, "search", query="eigenvalue", **{"not": ["matrix"]}, limit=5)
    assert result.structured_content["results"] == cli_json("search", "eigenvalue", "--not", "matrix", "--limit", "5")


async def limit_is_capped(s):
    result = await call(s, "search", query="the OR a OR number", limit=500)
    body = result.structured_content
    assert len(body["results"]) == 100, len(body["results"])
    assert "100" in body["truncated"] and "cap" in body["truncated"]
    assert body["truncated"] in text(result)


async def quote_matches_cli(s):
    claim = await first_claim(s)
    result = await call(s, "quote", ref=str(claim["claim"]))
    assert result.structured_content == cli_json("quote", str(claim["claim"]))
    moment = f"{claim['video']}@{claim['timestamps'][0]['seconds']}"
    result = await call(s, "quote", ref=moment, context=10)
    expected = cli_json("quote", moment, "--context", "10")
    assert result.structured_content == expected and expected["moments"][0]["transcripts"]


async def jump_matches_cli(s):
    claim = await first_claim(s)
    result = await call(s, "jump", ref=str(claim["claim"]))
    assert result.structured_content == cli_json("jump", str(claim["claim"]))
    assert text(result).strip() == claim["timestamps"][0]["url"]


async def figures_match_cli(s):
    result = await call(s, "figures", kind="percent", min="50%", limit=10)
    expected = cli_json("figures", "--kind", "percent", "--min", "50%", "--limit", "10")
    assert expected and result.structured_content["results"] == expected
    result = await call(s, "figures", query="probability", limit=5, sort="value")
    assert result.structured_content["results"] == cli_json("figures", "probability", "--limit", "5", "--sort", "value")


async def speakers_match_cli(s):
    everyone = cli_json("speakers")
    result = await call(s, "speakers")
    assert everyone and result.structured_content["results"] == everyone[:100]
    name = everyone[0]["name"]
    result = await call(s, "speakers", name=name.split()[-1])
    assert result.structured_content["results"] == cli_json("speakers", name.split()[-1])


async def verify_matches_cli(s):
    claim = await first_claim(s)
    result = await call(s, "verify", note=claim["note"])
    expected = cli_json("verify", "--note", claim["note"])
    assert expected and result.structured_content["results"] == expected[:100]
    assert text(result) == cli("verify", "--note", claim["note"])[0]
    result = await call(s, "verify", video=claim["video"], limit=3)
    assert result.structured_content["results"] == cli_json("verify", "--video", claim["video"])[:3]


async def note_matches_render(s):
    claim = await first_claim(s)
    slug = claim["note"].rsplit("/", 1)[-1].removesuffix(".md")
    result = await call(s, "note", slug=slug)
    rendered = cli("render", "note", slug)[0]
    assert text(result) == rendered and result.structured_content["markdown"] == rendered
    assert claim["text"] in rendered


async def resources_listed_and_read(s):
    resources, cursor = [], None
    while True:
        page = await s.list_resources(params={"cursor": cursor} if cursor else None)
        resources += page.resources
        cursor = page.next_cursor
        if not cursor:
            break
    uris = [str(r.uri) for r in resources]
    assert len(uris) == len(set(uris)), "a resource is listed twice"
    for kind in ("note", "video", "transcript"):
        uri = next(u for u in uris if u.startswith(f"kb://{kind}/"))
        contents = (await s.read_resource(uri)).contents
        assert contents[0].text == cli("render", kind, "--", uri.split("/", 3)[3])[0], uri
    templates = (await s.list_resource_templates()).resource_templates
    assert {t.uri_template for t in templates} == {"kb://note/{slug}", "kb://video/{id}", "kb://transcript/{id}"}


async def errors_are_the_cli_lines(s):
    cases = [
        (("search", {"query": '"unclosed'}), ("search", '"unclosed')),
        (("search", {"query": "eigenvalue", "channel": "nosuchchannel"}), ("search", "eigenvalue", "--channel", "nosuchchannel")),
        (("search", {"query": "eigenvalue", "said": True, "note": "x"}), ("search", "eigenvalue", "--said", "--note", "x")),
        (("quote", {"ref": "999999999"}), ("quote", "999999999")),
        (("jump", {"ref": "999999999"}), ("jump", "999999999")),
        (("jump", {"ref": "no_such_note@1:00"}), ("jump", "no_such_note@1:00")),
        (("figures", {"min": "lots"}), ("figures", "--min", "lots")),
        (("speakers", {"name": "Nobody Atall"}), ("speakers", "Nobody Atall")),
        (("note", {"slug": "no_such_note"}), ("render", "note", "no_such_note")),
    ]
    for (tool, arguments), command in cases:
        message = await tool_error(s, tool, **arguments)
        assert message == cli_error(*command), (message, cli_error(*command))


async def bad_arguments_are_tool_errors(s):
    assert "limit must be at least 1" in await tool_error(s, "search", query="x", limit=0)
    assert "needs query" in await tool_error(s, "search")
    assert "no argument 'colour'" in await tool_error(s, "search", query="x", colour="red")
    assert "must be an integer" in await tool_error(s, "search", query="x", limit="many")
    assert "needs a note or a video" in await tool_error(s, "verify")
    assert "not one of" in await tool_error(s, "figures", kind="weight")
    assert "no tool called" in await tool_error(s, "delete_everything")
    try:
        await s.read_resource("kb://note/no_such_note")
    except MCPError as error:
        assert "no note called 'no_such_note'" in str(error), str(error)
    else:
        raise AssertionError("reading a missing note should fail")


async def answers_while_indexing(s):
    """`kb index` adds a folder (dwarkeshpatel's notes) while the server is called; every call
    answers, and the next call after it sees the new notes. Then a --rebuild, the same way."""
    new_channel = MORE[-1].rstrip("/").rsplit("/", 1)[-1]
    before = await s.call_tool("search", {"query": "chip", "channel": new_channel})
    assert before.is_error, "the new channel is indexed already"
    for extra in ([], ["--rebuild"]):
        indexer = subprocess.Popen([KB, "index", *MORE, "--db", DB, "--quiet", *extra],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        answered = 0
        while indexer.poll() is None:
            await call(s, "search", query="eigenvalue", limit=3)
            answered += 1
            await anyio.sleep(0.01)
        assert indexer.returncode == 0, indexer.stderr.read()
        assert answered > 0, "kb index ended before any call"
        print(f"    {answered} calls answered during kb index {' '.join(extra)}")
        after = await call(s, "search", query="chip", channel=new_channel, limit=3)
        assert after.structured_content["results"], "the new notes are not found after kb index"


async def speaker_claims_match_cli(s):
    """After the last check: the notes now name speakers with claims (3blue1brown's have none)."""
    speaker = max(cli_json("speakers"), key=lambda sp: sp["claims"])
    assert speaker["claims"] > 0, speaker
    result = await call(s, "speakers", name=speaker["name"], limit=5)
    expected = cli_json("speakers", speaker["name"])
    assert result.structured_content["results"] == expected[:5] and expected
    assert result.structured_content.get("truncated") == (f"{len(expected)} claims match: the first 5 are shown" if len(expected) > 5 else None)
    assert f"[{expected[0]['claim']}]" in text(result)


CHECKS = [lists_tools, search_matches_cli, search_said_matches_cli, search_notices_match_cli, search_not_and_filters,
          limit_is_capped, quote_matches_cli, jump_matches_cli, figures_match_cli, speakers_match_cli, verify_matches_cli,
          note_matches_render, resources_listed_and_read, errors_are_the_cli_lines, bad_arguments_are_tool_errors,
          answers_while_indexing, speaker_claims_match_cli]


async def main():
    passed = failed = 0
    server = StdioServerParameters(command=KB, args=["mcp", "--db", DB])
    async with stdio_client(server) as (read, write):
        async with ClientSession(read, write) as session:
            init = await session.initialize()
            ok = init.server_info.name == "kb" and init.capabilities.tools and init.capabilities.resources
            print(f"{'ok' if ok else 'FAIL'}  initialize ({init.protocol_version})")
            passed, failed = (1, 0) if ok else (0, 1)
            for check in CHECKS:
                started = time.monotonic()
                try:
                    await check(session)
                    passed += 1
                    print(f"ok    {check.__name__} ({time.monotonic() - started:.2f} s)")
                except Exception:
                    failed += 1
                    print(f"FAIL  {check.__name__}\n{traceback.format_exc()}")
    print(f"mcp: {passed} passed, {failed} failed")
    return failed


if __name__ == "__main__":
    sys.exit(1 if anyio.run(main) else 0)
