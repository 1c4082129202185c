"""The online package's parts on their own: interface, progress bar, DNS, Retry-After, URLs."""

from __future__ import annotations

import io
import os
import pty
import socket
import subprocess
import sys
import time
from email.utils import formatdate
from pathlib import Path
from typing import Any

import pytest
import requests
import urllib3
from hypothesis import given
from hypothesis import strategies as st

from sigcheck.config import load_config
from sigcheck.diagnostics import Diagnostic
from sigcheck.loader import load_community
from sigcheck.online import OnlineOutcome, check_online
from sigcheck.online.http import Failure, classify_exception, retry_after_seconds
from sigcheck.online.progress import Progress
from sigcheck.online.targets import normalise_url


def test_check_online_interface(kit: Any, make_site: Any, gitee: Any, tmp_path: Path) -> None:
    web = make_site()
    links = [web.route("/ok", kit.status(200)), web.route("/gone", kit.status(404))]
    kit.write_tree(tmp_path, api=gitee.api, readme_links=links, online="workers = 1\n")
    community = load_community(tmp_path, load_config(tmp_path))

    outcome = check_online(community, use_cache=False, verbose=False)

    assert isinstance(outcome, OnlineOutcome)
    assert all(isinstance(d, Diagnostic) for d in outcome.diagnostics)
    assert [d.code for d in outcome.diagnostics] == ["L005"]
    assert outcome.summary == (
        "online: 2 URLs (2 checked), 1 handle (1 checked); 1 broken, 0 unverified, 0 redirected"
    )
    assert outcome.requests == 4  # /ok HEAD, /gone HEAD then GET to confirm, users/alice
    assert not (tmp_path / ".sigcheck-cache").exists()  # use_cache=False writes nothing


def test_builtin_forge_names_agree() -> None:
    from sigcheck.config import BUILTIN_FORGE_NAMES
    from sigcheck.online.forges import BUILTIN_FORGES

    assert tuple(BUILTIN_FORGES) == BUILTIN_FORGE_NAMES


def test_offline_run_never_imports_the_network(kit: Any, tmp_path: Path) -> None:
    kit.write_tree(tmp_path, api="http://127.0.0.1:9/api/v5", readme_links=["https://x.invalid/"])
    code = (
        "import sys; from sigcheck.cli import main; "
        f"main(['check', '--root', {str(tmp_path)!r}, '-q']); "
        "print(sorted(m for m in sys.modules if m == 'requests' or m.startswith('sigcheck.online')))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip().splitlines()[-1] == "[]"


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    stream = _Terminal()
    progress = Progress(10, stream=stream)
    assert progress.enabled
    progress.started -= 2.0  # as if 2 s had passed
    progress.update(4, force=True)
    line = stream.getvalue()
    assert "4/10" in line and "2.0/s" in line and "ETA 3s" in line and line.startswith("\r")
    progress.close()
    assert stream.getvalue().endswith("\r")

    monkeypatch.setenv("CI", "true")
    assert not Progress(10, stream=_Terminal()).enabled
    assert not Progress(10, stream=io.StringIO()).enabled


def test_progress_bar_through_a_real_terminal(
    kit: Any, make_site: Any, gitee: Any, tmp_path: Path
) -> None:
    web = make_site(latency=0.2)
    kit.write_tree(tmp_path, api=gitee.api, readme_links=[web.route("/a", kit.status(200))])
    command = [sys.executable, "-m", "sigcheck", "check", "--online", "--root", str(tmp_path)]
    command += ["--select", "L005,L006,L007,P003,P007"]
    env = {k: v for k, v in os.environ.items() if k != "CI"} | {"TERM": "xterm"}

    master, slave = pty.openpty()
    try:
        done = subprocess.run(command, stderr=slave, stdout=subprocess.PIPE, env=env, timeout=30)
        os.close(slave)
        seen = b""
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
    finally:
        os.close(master)
    text = seen.decode("utf-8", "replace")
    assert done.returncode == 0
    assert "online [" in text and "ETA" in text and "\r" in text

    piped = subprocess.run(command, capture_output=True, text=True, env=env, timeout=30)
    assert "\r" not in piped.stderr and "ETA" not in piped.stderr  # nothing of it in logs
    assert "online: 1 URL" in piped.stderr


def _wrapped_like_requests(error: BaseException) -> requests.ConnectionError:
    """The exception chain requests raises for a failed name lookup (urllib3 2.x)."""
    pool = urllib3.HTTPConnectionPool("no-such-host.invalid", 80)
    resolution = urllib3.exceptions.NameResolutionError("no-such-host.invalid", None, error)  # type: ignore[arg-type]
    resolution.__cause__ = error  # urllib3: `raise NameResolutionError(...) from e`
    retries = urllib3.exceptions.MaxRetryError(pool, "/", resolution)
    return requests.ConnectionError(retries)


def test_only_a_name_that_does_not_exist_is_no_such_host() -> None:
    # A real gaierror from the system resolver, asked not to query any server.
    with pytest.raises(socket.gaierror) as missing:
        socket.getaddrinfo("no-such-host.invalid", 80, flags=socket.AI_NUMERICHOST)
    assert missing.value.errno == socket.EAI_NONAME
    assert classify_exception(_wrapped_like_requests(missing.value))[0] is Failure.NO_SUCH_HOST

    temporary = socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")
    kind, detail = classify_exception(_wrapped_like_requests(temporary))
    assert kind is Failure.CONNECTION and "temporary" in detail


def _resolver_is_loopback() -> bool:
    try:
        with open("/etc/resolv.conf") as handle:
            servers = [line.split()[1] for line in handle if line.startswith("nameserver")]
    except OSError:
        return False
    return bool(servers) and all(s.startswith("127.") or s == "::1" for s in servers)


@pytest.mark.skipif(
    not _resolver_is_loopback(),
    reason="the DNS resolver is not on loopback: resolving a name would leave this machine",
)
def test_no_such_host_end_to_end(kit: Any, make_site: Any, gitee: Any, tmp_path: Path) -> None:
    started = time.monotonic()
    try:
        socket.getaddrinfo("sigcheck-test.invalid", 80)
    except socket.gaierror as exc:
        if exc.errno != socket.EAI_NONAME or time.monotonic() - started > 2:
            pytest.skip("this resolver does not answer NXDOMAIN for .invalid quickly")
    else:
        pytest.skip(".invalid resolves here")
    web = make_site()
    named = web.url("/ok").replace("127.0.0.1", "localhost")
    web.route("/ok", kit.status(200))
    kit.write_tree(tmp_path, api=gitee.api, readme_links=["http://sigcheck-test.invalid/", named])
    run = kit.run_online(tmp_path)
    assert "L006" in run.codes()  # localhost proves nothing about DNS: not confirmed


def test_retry_after_seconds_and_dates() -> None:
    assert retry_after_seconds("7") == 7.0
    assert retry_after_seconds(None) is None
    assert retry_after_seconds("soon") is None
    now = time.time()
    in_ten = formatdate(now + 10, usegmt=True)
    assert 8.5 <= (retry_after_seconds(in_ten, now=now) or 0) <= 10.5
    assert retry_after_seconds(formatdate(now - 100, usegmt=True), now=now) == 0.0


def test_normalise_url() -> None:
    assert normalise_url("HTTPS://Example.COM:443#top") == "https://example.com/"
    assert normalise_url("http://example.com:80/a?b=1#c") == "http://example.com/a?b=1"
    assert normalise_url("https://example.com/文档") == "https://example.com/%E6%96%87%E6%A1%A3"
    assert normalise_url("https://example.com/%E6%96%87%E6%A1%A3") == normalise_url(
        "https://example.com/文档"
    )
    assert normalise_url("https://example.com:8443/A") == "https://example.com:8443/A"


@given(
    st.sampled_from(["http", "https", "HTTP"]),
    st.from_regex(r"[a-zA-Z0-9.-]{1,20}", fullmatch=True),
    st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=30),
)
def test_normalise_url_is_idempotent(scheme: str, host: str, path: str) -> None:
    once = normalise_url(f"{scheme}://{host}/{path}")
    assert normalise_url(once) == once
    assert "#" not in once


def test_no_such_host_is_an_error_only_when_dns_demonstrably_works() -> None:
    from sigcheck.online.http import Deadline
    from sigcheck.online.links import AcceptRules
    from sigcheck.online.results import LinkState, UrlResult
    from sigcheck.online.runner import _Report
    from sigcheck.online.targets import Place

    places = [Place("sigs/a.md", 3, 5, "https://gone.example/")]
    missing = UrlResult(LinkState.NO_SUCH_HOST, "no such host `gone.example`")
    codes = {}
    for dns_works in (True, False):
        report = _Report(AcceptRules({}), Deadline(10), dns_works=dns_works)
        report.url("https://gone.example/", missing, places)
        codes[dns_works] = [d.code for d in report.diagnostics]
    assert codes == {True: ["L005"], False: ["L006"]}


def test_leads_naming_an_atomgit_account_are_not_asked_of_gitee(tmp_path: Path) -> None:
    """openEuler: `leads` may name someone by the AtomGit id they are listed with; Gitee's API
    would answer 404 for it, a false P003: it is asked of AtomGit. Gitee ids and unknown
    entries are asked of Gitee."""
    from sigcheck.online.targets import collect

    folder = tmp_path / "sig" / "Kernel"
    folder.mkdir(parents=True)
    (folder / "README.md").write_text("# Kernel\n", encoding="utf-8")
    (folder / "sig-info.yaml").write_text(
        "name: Kernel\n"
        "maintainers:\n"
        "- gitee_id: ''\n  atomgit_id: henry-ze\n  name: Henry Ze\n"
        "- gitee_id: lan-xin\n"
        "leads: [henry-ze, lan-xin, someone-else]\n",
        encoding="utf-8",
    )
    community = load_community(tmp_path, load_config(tmp_path))
    handles = collect(community).handles
    assert ("gitee", "henry-ze") not in handles
    assert ("atomgit", "henry-ze") in handles
    assert {("gitee", "lan-xin"), ("gitee", "someone-else")} <= set(handles)


def test_forge_api_must_name_a_forge(kit: Any, tmp_path: Path, capsys: Any) -> None:
    from sigcheck.cli import main

    kit.write_tree(tmp_path, api="http://127.0.0.1:9/api/v5")
    code = main(["check", "--online", "--root", str(tmp_path), "--forge-api", "gitea=http://x/"])
    assert code == 2 and "no forge `gitea`" in capsys.readouterr().err
    code = main(["check", "--online", "--root", str(tmp_path), "--forge-api", "gitee"])
    assert code == 2 and "FORGE=URL" in capsys.readouterr().err


def test_a_token_goes_only_to_an_address_given_outside_the_repository() -> None:
    from sigcheck.config import OnlineConfig
    from sigcheck.online.forges import resolve

    env = {"GITEE_TOKEN": "t1", "ATOMGIT_TOKEN": "t2"}
    plain = resolve(OnlineConfig(), environ=env)
    assert plain["gitee"].api == "https://gitee.com/api/v5" and plain["gitee"].token(env) == "t1"
    assert plain["atomgit"].api == "https://api.gitcode.com/api/v5"
    assert plain["atomgit"].token_in == "header" and plain["atomgit"].token(env) == "t2"
    moved = OnlineConfig.model_validate({"gitee_api": "https://evil.example/api/v5"})
    forges = resolve(moved, environ=env)
    assert forges["gitee"].api == "https://evil.example/api/v5"
    assert forges["gitee"].token(env) is None and forges["gitee"].token_withheld(env)
    back = resolve(moved, environ={**env, "SIGCHECK_GITEE_API": "https://mirror.example/v5"})
    assert back["gitee"].api == "https://mirror.example/v5" and back["gitee"].token_allowed
    flag = resolve(moved, {"gitee": "https://m2.example/v5"}, environ=env)
    assert flag["gitee"].api_from == "--forge-api" and flag["gitee"].token_allowed
    same = OnlineConfig.model_validate({"forges": {"gitee": {"api": "https://gitee.com/api/v5"}}})
    assert resolve(same, environ=env)["gitee"].token_allowed  # the built-in address itself
    new = OnlineConfig.model_validate(
        {"forges": {"codehub": {"api": "https://c.example/api", "token_env": "GITEE_TOKEN"}}}
    )
    assert resolve(new, environ=env)["codehub"].token(env) is None  # defined in the repository


def test_a_new_forge_needs_an_api() -> None:
    from pydantic import ValidationError

    from sigcheck.config import OnlineConfig

    with pytest.raises(ValidationError, match="needs `api`"):
        OnlineConfig.model_validate({"forges": {"codehub": {"label": "CodeHub"}}})


def test_an_id_written_as_a_profile_url_takes_the_forge_of_its_host(tmp_path: Path) -> None:
    from sigcheck.online.targets import collect

    folder = tmp_path / "sigs" / "infra"
    folder.mkdir(parents=True)
    (tmp_path / "sigs" / "README.md").write_text("# SIGs\n", encoding="utf-8")
    (folder / "README.md").write_text("# Infra\n", encoding="utf-8")
    (folder / "sig-info.yaml").write_text(
        "name: infra\nmaintainers:\n"
        "- gitee_id: https://gitee.com/ann-li\n"
        "- gitee_id: https://gitcode.com/bo-wu\n"  # the URL's host wins over the key
        "- gitee_id: https://example.org/nobody\n",  # no forge there: never asked
        encoding="utf-8",
    )
    community = load_community(tmp_path, load_config(tmp_path))
    assert set(collect(community).handles) == {("gitee", "ann-li"), ("atomgit", "bo-wu")}
