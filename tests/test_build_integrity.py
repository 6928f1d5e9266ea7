"""What a build publishes matches what it read: a figures dir that would swap away the out dir or
a link's target is refused, the briefing's files are published as one set, data edited while a
build runs is never cached or published under the digests taken before, and a stopped build
leaves no process behind."""

import pytest

from conftest import ROOT
from kzbrief.pipeline.briefing import BuildError, BuildOptions, build

QUIET = dict(log=lambda *_: None)


# --- the figures dir: never the out dir, its files, the data, or a link ------------------------------


@pytest.mark.parametrize(
    "where, message",
    [
        (
            "out",
            r"^the figures dir .* is the out dir .*, whose briefing and cache it would replace; give --figures-dir",
        ),
        ("above out", r"^the figures dir .* holds the out dir .*, whose briefing and cache it would replace"),
        ("out cache", r"^the figures dir .* is inside the out dir .*, whose files the build manages; give"),
        ("data", r"^the figures dir .* is the data folder .*; give --figures-dir a folder of its own$"),
    ],
)
def test_a_figures_dir_that_is_or_holds_the_out_dir_or_its_files_is_refused(tiny_data, tmp_path, where, message):
    out = tmp_path / "site" / "out"
    out.mkdir(parents=True)
    (out / "briefing.html").write_text("the previous briefing")
    figures = {"out": out, "above out": tmp_path / "site", "out cache": out / "cache", "data": tiny_data}[where]
    options = BuildOptions(data_dir=tiny_data, build_dir=out, figures_dir=figures, only=["01_sentencing"])
    with pytest.raises(BuildError, match=message) as refused:
        build(options, **QUIET)
    assert "\n" not in str(refused.value)
    assert (out / "briefing.html").read_text() == "the previous briefing"
    assert sorted(p.name for p in out.iterdir()) == ["briefing.html"], "nothing was written before the refusal"


def test_a_figures_dir_that_is_a_symbolic_link_is_refused_and_its_target_kept(tiny_data, tmp_path):
    target = tmp_path / "shared-figures"
    target.mkdir()
    (target / "someone-elses.svg").write_text("not the build's")
    link = tmp_path / "figures"
    link.symlink_to(target, target_is_directory=True)
    options = BuildOptions(data_dir=tiny_data, build_dir=tmp_path / "out", figures_dir=link, only=["01_sentencing"])
    with pytest.raises(BuildError, match=r"^the figures dir .* is a symbolic link \(to .*shared-figures\); give"):
        build(options, **QUIET)
    assert link.is_symlink() and link.resolve() == target.resolve()
    assert [p.name for p in target.iterdir()] == ["someone-elses.svg"]


def test_the_default_figures_dirs_are_accepted(tiny_data, tmp_path):
    from kzbrief import paths
    from kzbrief.pipeline.briefing import check_figures_dir

    check_figures_dir(tmp_path / "out" / "figures", tmp_path / "out", tiny_data, ROOT / "notebooks")
    check_figures_dir(paths.FIGURES_DIR, paths.BUILD_DIR, paths.DATA_DIR, paths.NOTEBOOKS_DIR)
    check_figures_dir(tmp_path / "elsewhere", tmp_path / "out", tiny_data, ROOT / "notebooks")
