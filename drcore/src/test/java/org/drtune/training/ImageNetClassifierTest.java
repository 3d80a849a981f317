package org.drtune.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.drtune.models.AssetResolver;
import org.drtune.models.SharedFixtures;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("slow")
class ImageNetClassifierTest {
  @Test
  void eagleAndDogThroughTheProjectsOwnDecodeAndPreprocessing() throws Exception {
    Path ref = SharedFixtures.googLeNet().resolve("reference");
    try (ImageNetClassifier c =
        ImageNetClassifier.load(AssetResolver.defaults().withDownloadEnabled(false))) {
      List<ImageNetClassifier.Label> eagle =
          c.classify(ImageIO.read(ref.resolve("eagle.jpg").toFile()), 5);
      assertThat(eagle.get(0).index()).isEqualTo(22);
      assertThat(eagle.get(0).name()).startsWith("bald eagle");
      assertThat(eagle.get(0).probability()).isGreaterThan(0.5);
      assertThat(eagle)
          .extracting(ImageNetClassifier.Label::probability)
          .isSortedAccordingTo((a, b) -> Double.compare(b, a));

      List<ImageNetClassifier.Label> dog =
          c.classify(ImageIO.read(ref.resolve("dog.jpg").toFile()), 5);
      assertThat(dog.get(0).name()).containsAnyOf("malamute", "Siberian husky", "Eskimo dog");
    }
  }
}
