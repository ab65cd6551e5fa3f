"""/feed.xml: an Atom feed (RFC 4287) of the catalog's releases and the entries each one added.

Made with feedgen from the release history that catalog.changes reads from the v* tags:
one item per release (what it added, removed, renamed and changed, as /changelog/ says
it) and one per entry it added, linking to that entry's page in that release. Items and
dates come from the tags alone, so a release's items read the same in every later build;
with no release yet the feed has no items. Catalog text is set as Atom text, which lxml
escapes; a feed reader shows it as text.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urljoin, urlsplit

from feedgen.feed import FeedGenerator

from fieldguide.catalog.changes import Release
from fieldguide.catalog.kinds import KINDS, url_for
from fieldguide.views.machine import Build

_LABELS = {"model": "model", "family": "architecture family", "organization": "organization", "guide": "concept"}


def release_root(site_url: str, tag: str) -> str:
    """Where a release is published: mike puts each version (the tag without its "v", as
    the release workflow names it) beside the canonical `latest/` copy that site_url names."""
    return urljoin(site_url, f"../{tag.removeprefix('v')}/")


def _tag_uri(site_url: str, date: dt.datetime, specific: str) -> str:
    """A permanent id that no later move of the site changes (RFC 4151 tag URI)."""
    return f"tag:{urlsplit(site_url).hostname},{date.date().isoformat()}:{specific}"


def _name(release: Release, key) -> str:
    entry = release.entries.get(key, {})
    return str(entry.get("name") or key[1])


def release_summary(release: Release) -> str:
    """The release item's text: one line per kind of change."""
    c = release.changes
    if release.previous is None:
        return f"The first release: {len(c.added)} entries."
    lines = [f"Changes since {release.previous}: {len(c.added)} added, {len(c.removed)} removed, "
             f"{len(c.renamed)} renamed, {len(c.changed)} changed."]
    if c.added:
        lines.append("Added: " + "; ".join(f"{kind} {_name(release, (kind, i))} ({i})" for kind, i in c.added) + ".")
    if c.removed:
        lines.append("Removed: " + "; ".join(f"{kind} {i}" for kind, i in c.removed) + ".")
    if c.renamed:
        lines.append("Renamed: " + "; ".join(f"{key[0]} {old} is now {key[1]}" for key, old in c.renamed) + ".")
    if c.changed:
        lines.append("Changed: " + "; ".join(f"{key[0]} {key[1]} ({', '.join(f.path for f in fields)})"
                                             for key, fields in c.changed.items()) + ".")
    return "\n".join(lines)


def atom(history: list[Release], build: Build) -> str:
    """The feed, newest release first, each followed by the entries it added."""
    if not urlsplit(build.site_url).hostname:
        raise ValueError("the Atom feed needs site_url (mkdocs.yml) for its absolute ids and links")
    feed = FeedGenerator()
    feed.id(build.site_url + "feed.xml")  # the same id for every release's copy: one feed
    # Where this copy is: a release's own directory (an alias redirects pages only).
    here = release_root(build.site_url, build.version) if build.version else build.site_url
    feed.title(f"{build.name}: releases and new entries")
    feed.subtitle("Each release of the catalog, and each model, family, organization and concept it added.")
    feed.author({"name": f"{build.name} contributors"})
    feed.link(href=here + "feed.xml", rel="self", type="application/atom+xml")
    feed.link(href=build.site_url, rel="alternate", type="text/html")
    feed.language("en")
    feed.updated(max((r.date for r in history), default=dt.datetime.combine(build.date, dt.time(), dt.UTC)))
    for release in reversed(history):
        root = release_root(build.site_url, release.tag)
        item = feed.add_entry(order="append")
        item.id(_tag_uri(build.site_url, release.date, f"release/{release.tag}"))
        c = release.changes
        counts = f"{len(c.added)} added" if release.previous is None else \
            f"{len(c.added)} added, {len(c.removed)} removed, {len(c.renamed)} renamed, {len(c.changed)} changed"
        item.title(f"Release {release.tag}: {counts}")
        item.link(href=root + "changelog/", rel="alternate", type="text/html")
        item.published(release.date)
        item.updated(release.date)
        item.category(term="release")
        item.content(release_summary(release), type="text")
        for kind, entry_id in c.added:
            if KINDS[kind].section is None:
                continue  # comparisons have no page of their own: the release item names them
            entry = release.entries[(kind, entry_id)]
            item = feed.add_entry(order="append")
            item.id(_tag_uri(build.site_url, release.date, f"{kind}/{entry_id}"))
            item.title(f"New {_LABELS[kind]}: {_name(release, (kind, entry_id))}")
            item.link(href=root + url_for(kind, entry_id), rel="alternate", type="text/html")
            item.published(release.date)
            item.updated(release.date)
            item.category(term=kind)
            item.summary(str(entry.get("summary") or f"Added in {release.tag}."), type="text")
    return feed.atom_str(pretty=True).decode("utf-8")
