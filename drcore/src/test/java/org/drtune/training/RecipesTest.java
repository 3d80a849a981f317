package org.drtune.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.drtune.TinyNpz;
import org.drtune.features.CacheDtype;
import org.drtune.internal.data.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The recipe a request without settings runs is chosen from the data: thumbnails or photographs.
 */
class RecipesTest {
  @Test
  void thumbnailsGetTheThumbnailRecipeAndPhotographsThePhotographRecipe(@TempDir Path tmp)
      throws Exception {
    Path npz = TinyNpz.write(tmp.resolve("tiny.npz"), 12, 6, 0, 3, 1);
    Recipe thumbs = Recipes.forData(npz);
    assertThat(thumbs.name()).isEqualTo("thumbnails");
    assertThat(thumbs.training()).isEqualTo(Recipes.thumbnails().training());
    assertThat(thumbs.reason()).contains("median shorter side 28 px");

    Path photos = tmp.resolve("photos");
    for (int g = 0; g < 3; g++) {
      for (int i = 0; i < 4; i++) {
        Path f = photos.resolve(g + "/p" + g + i + ".png");
        Files.createDirectories(f.getParent());
        ImageIO.write(Fixtures.fundus(400, 300, 10 * g + i), "png", f.toFile());
      }
    }
    Recipe photo = Recipes.forData(photos);
    assertThat(photo.name()).isEqualTo("photographs");
    assertThat(photo.training()).isEqualTo(Recipes.photographs().training());
    assertThat(photo.preprocessing()).isEqualTo(Recipes.photographs().preprocessing());
    assertThat(photo.reason()).contains("median shorter side 300 px");
    assertThat(FineTuneRequest.of(photos, tmp.resolve("run")).recipe(Recipes.forData(photos)))
        .isEqualTo(photo);

    assertThat(Recipes.forData(tmp.resolve("missing.npz"))).isEqualTo(Recipes.thumbnails());

    // a big JPEG is decoded subsampled (to about 512 px); the reason gives the stored size
    Path big = tmp.resolve("big");
    for (int g = 0; g < 2; g++) {
      Path f = big.resolve(g + "/b" + g + ".jpg");
      Files.createDirectories(f.getParent());
      ImageIO.write(Fixtures.fundus(1600, 1200, g), "jpg", f.toFile());
    }
    assertThat(Recipes.forData(big).reason()).contains("median shorter side 1200 px");
  }

  @Test
  void theFeatureCacheIsOnWhereTheFrozenPartIsDeepAndFloat16ForAFrozenPrefix(@TempDir Path tmp) {
    FineTuneRequest auto = FineTuneRequest.of(tmp.resolve("d.npz"), tmp.resolve("run"));
    TrainingConfig photographs = Recipes.photographs().training();
    TrainingConfig thumbnails = Recipes.thumbnails().training();
    TrainingConfig linear = thumbnails.toBuilder().strategy(Strategy.LINEAR).build();
    TrainingConfig full = thumbnails.toBuilder().strategy(Strategy.FULL).build();
    assertThat(auto.usesFeatureCache(photographs)).as("frozen through inception_3b").isTrue();
    assertThat(auto.cacheDtypeFor(photographs)).isEqualTo(CacheDtype.FLOAT16);
    assertThat(auto.usesFeatureCache(thumbnails)).as("conv1, conv2 only").isFalse();
    assertThat(auto.usesFeatureCache(linear)).isTrue();
    assertThat(auto.cacheDtypeFor(linear)).isEqualTo(CacheDtype.FLOAT32);
    assertThat(auto.usesFeatureCache(full)).isFalse();
    FineTuneRequest off = auto.withFeatureCache(false, CacheDtype.FLOAT32);
    assertThat(off.usesFeatureCache(photographs)).isFalse();
    assertThat(off.cacheDtypeFor(photographs)).isEqualTo(CacheDtype.FLOAT32);
  }
}
