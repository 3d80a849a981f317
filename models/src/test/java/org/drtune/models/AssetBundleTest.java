package org.drtune.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AssetBundleTest {

  private static final String SHA =
      "f418a01f9cd24edf3b35505df7006e66f389e3a486c7243c93b954c2b9c914e1";

  @ParameterizedTest
  @ValueSource(strings = {"/abs.bin", "../up.bin", "a/../../b", "a\\b", "", "dir/", "./a"})
  void rejectsPathsThatLeaveTheFolder(String path) {
    assertThatThrownBy(() -> AssetFile.ofSha256(path, 1, SHA))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must be relative");
  }

  @Test
  void requiresAChecksumAndChecksItsFormat() {
    assertThatThrownBy(() -> new AssetFile("a.bin", 1, null, null))
        .hasMessageContaining("has no checksum");
    assertThatThrownBy(() -> AssetFile.ofSha256("a.bin", 1, "abc"))
        .hasMessageContaining("64 hex digits");
    assertThatThrownBy(() -> AssetFile.ofMd5("a.bin", 1, SHA))
        .hasMessageContaining("32 hex digits");
    assertThat(AssetFile.ofMd5("a.bin", 1, "BD4C0672F1BBA3E3A89F0E4E876791E4").md5())
        .isEqualTo("bd4c0672f1bba3e3a89f0e4e876791e4");
  }

  @Test
  void bundleNormalisesFolderAndRejectsDuplicates() {
    AssetBundle b =
        new AssetBundle(
            "x", "models/x/", "https://h/x/", List.of(AssetFile.ofSha256("a.bin", 1, SHA)));
    assertThat(b.folder()).isEqualTo("models/x");
    assertThatThrownBy(
            () ->
                new AssetBundle(
                    "x", "models/x", "https://h/x", List.of(AssetFile.ofSha256("a.bin", 1, SHA))))
        .hasMessageContaining("must end with '/'");
    assertThatThrownBy(
            () -> new AssetBundle("x", "../x", null, List.of(AssetFile.ofSha256("a.bin", 1, SHA))))
        .hasMessageContaining("folder must be a relative");
    assertThatThrownBy(
            () ->
                new AssetBundle(
                    "x",
                    "x",
                    null,
                    List.of(
                        AssetFile.ofSha256("a.bin", 1, SHA), AssetFile.ofSha256("a.bin", 1, SHA))))
        .hasMessageContaining("lists a.bin twice");
  }

  @Test
  void urlEncodesEachSegment() {
    AssetBundle b =
        new AssetBundle(
            "x",
            "x",
            "https://h/base/",
            List.of(AssetFile.ofSha256("weights/inception_3a/3x3 filter+1.bin", 1, SHA)));
    assertThat(b.url(b.files().get(0)))
        .hasToString("https://h/base/weights/inception_3a/3x3%20filter%2B1.bin");
    AssetBundle local = new AssetBundle("y", "y", null, b.files());
    assertThatThrownBy(() -> local.url(local.files().get(0)))
        .hasMessageContaining("has no download base");
  }

  @Test
  void modelRecipeAssetsKeepEveryFileAndChecksum() {
    ModelRecipe recipe = ModelRecipe.bvlcGoogLeNet();
    AssetBundle assets = recipe.assets();
    assertThat(assets.folder()).isEqualTo("models/bvlc_googlenet");
    assertThat(assets.downloadBase()).isEqualTo(recipe.downloadBase());
    assertThat(assets.files()).hasSize(recipe.files().size()).hasSizeGreaterThanOrEqualTo(116);
    assertThat(assets.totalBytes()).isEqualTo(recipe.totalBytes());
    ModelRecipe.FileEntry e = recipe.files().get(0);
    assertThat(assets.requireFile(e.path()))
        .isEqualTo(new AssetFile(e.path(), e.bytes(), e.sha256(), null));
    assertThat(assets.url(assets.requireFile("synset_words.txt")))
        .hasToString(recipe.downloadBase() + "synset_words.txt");
  }

  @Test
  void retinaMnistListsTheMirrorCopyThenTheOfficialDownload() {
    DataRecipe recipe = DataRecipe.retinaMnist();
    assertThat(recipe.alternatives())
        .extracting(AssetBundle::name)
        .containsExactly("retinamnist_trainval", "retinamnist");
    AssetBundle official = recipe.alternatives().get(1);
    assertThat(official.url(official.files().get(0)))
        .hasToString("https://zenodo.org/records/10519652/files/retinamnist.npz");
    assertThat(official.files().get(0).md5()).isEqualTo("bd4c0672f1bba3e3a89f0e4e876791e4");
    assertThat(official.files().get(0).bytes()).isEqualTo(3_291_041L);
    assertThat(recipe.alternatives().get(0).downloadable()).isFalse();
    assertThat(recipe.alternatives()).allMatch(b -> b.folder().equals("data/retinamnist"));
  }
}
