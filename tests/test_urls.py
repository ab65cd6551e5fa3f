"""Links never break: the published-URL manifest, renames with redirects, lost URLs caught."""

import shutil

from fieldguide.site.manifest import lost_urls, published_urls, read_manifest
from tests.conftest import ROOT, mkdocs_build

MANIFEST = ROOT / "tests" / "published-urls.txt"


def test_no_published_url_is_lost(built_site):
    lost = lost_urls(read_manifest(MANIFEST), built_site)
    assert lost == [], "These published URLs no longer answer; keep the old id in previous_ids:\n" + "\n".join(lost)


def test_manifest_lists_every_current_url(built_site):
    missing = sorted(published_urls(built_site) - read_manifest(MANIFEST))
    assert missing == [], "New pages or anchors are not protected yet: run `make urls`\n" + "\n".join(missing[:20])


def test_renamed_entry_keeps_its_old_url_and_anchors(fixture_site):
    # le-chat was once mistral-chat: the old URL is a redirect page that keeps the #anchor.
    html = (fixture_site / "models" / "mistral-chat" / "index.html").read_text()
    assert 'http-equiv="refresh" content="0; url=../le-chat/"' in html and '<script src="../../assets/redirect.js"></script>' in html
    assert lost_urls({"/models/mistral-chat/", "/models/mistral-chat/#facts", "/models/le-chat/#sources"}, fixture_site) == []


def test_dropping_a_page_without_redirect_is_caught(catalog_copy, tmp_path):
    site = tmp_path / "site"
    catalog_copy.edit("models/le-chat.yaml", "previous_ids: [mistral-chat]\n", "")
    assert mkdocs_build(site, catalog_copy.path).returncode == 0
    promised = {"/models/mistral-chat/", "/models/mistral-chat/#facts", "/models/le-chat/#facts", "/models/le-chat/#no-such"}
    assert lost_urls(promised, site) == ["/models/le-chat/#no-such", "/models/mistral-chat/", "/models/mistral-chat/#facts"]


def test_a_removed_entry_is_reported(fixture_site, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(fixture_site, site)
    shutil.rmtree(site / "models" / "mixtral-8x7b")
    assert lost_urls({"/models/mixtral-8x7b/#parameters-that-never-existed", "/models/mixtral-8x7b/"}, site) == [
        "/models/mixtral-8x7b/", "/models/mixtral-8x7b/#parameters-that-never-existed"]
