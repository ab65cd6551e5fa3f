"""Give the `latest` alias real copies of a release's data files, after `mike deploy`.

mike's redirect aliases are HTML pages that send a reader to the frozen copy, so a link to
a page under /latest/ lands on, and can be cited as, /<version>/. A feed reader, an
assistant or a script asking for /latest/feed.xml, /latest/llms.txt, /latest/api/... or an
entry's /latest/models/<id>/index.md cannot follow an HTML redirect, so those files are
copied. Git stores a file once by content, so the copies cost no space on gh-pages.

    python tools/alias_data.py VERSION [ALIAS] [--branch gh-pages]

Adds one commit to the branch (nothing when the alias already matches); pushing is left
to the caller.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile


def git(*args: str, env: dict | None = None, stdin: str | None = None) -> str:
    return subprocess.run(["git", *args], check=True, capture_output=True, text=True, env=env, input=stdin).stdout


def alias_data(version: str, alias: str = "latest", branch: str = "gh-pages") -> bool:
    """Copy every non-HTML file of `version/` to `alias/` on `branch`; True if a commit was made."""
    listing = git("ls-tree", "-r", "--full-tree", branch).splitlines()
    prefix, target = f"{version}/", f"{alias}/"
    entries = []
    for line in listing:
        meta, path = line.split("\t", 1)
        if path.startswith(prefix) and not path.endswith(".html"):
            entries.append(f"{meta}\t{target}{path[len(prefix):]}")
    if not entries:
        raise SystemExit(f"{branch} has no files under {prefix}: deploy {version} with mike first")
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, GIT_INDEX_FILE=os.path.join(tmp, "index"))
        git("read-tree", branch, env=env)
        git("update-index", "--index-info", env=env, stdin="\n".join(entries) + "\n")
        tree = git("write-tree", env=env).strip()
    parent = git("rev-parse", branch).strip()
    if tree == git("rev-parse", f"{parent}^{{tree}}").strip():
        return False
    commit = git("commit-tree", tree, "-p", parent, "-m", f"Copy {version}'s data files to {alias}").strip()
    git("update-ref", f"refs/heads/{branch}", commit, parent)
    return True


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("version")
    parser.add_argument("alias", nargs="?", default="latest")
    parser.add_argument("--branch", default="gh-pages")
    args = parser.parse_args(argv)
    changed = alias_data(args.version, args.alias, args.branch)
    print(f"{args.alias}/ now serves {args.version}'s data files" + ("" if changed else " (already did)"), file=sys.stderr)


if __name__ == "__main__":
    main()
