package org.drtune.internal.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.util.List;
import org.drtune.model.ChannelOrder;
import org.drtune.model.Preprocessing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PreprocessingTest {

  @ParameterizedTest(name = "disc at ({0},{1}) r={2} in {3}x{4}")
  @CsvSource({"300, 200, 150, 800, 600", "200, 260, 120, 640, 480", "500, 300, 250, 1000, 800"})
  void findsTheFieldOfViewOfAnOffCentreDisc(int cx, int cy, int radius, int width, int height)
      throws Exception {
    BufferedImage jpeg =
        ImageDecoder.defaults()
            .withMinDecodedSide(0)
            .decode(
                Fixtures.encode(Fixtures.fundus(width, height, cx, cy, radius, 11), "jpg"),
                "disc.jpg");
    Rectangle box = Preprocessor.fieldOfView(Preprocessing.defaults(), jpeg);
    int tolerance = 2 + radius / 25;
    assertThat(box.x).isCloseTo(cx - radius, offset(tolerance));
    assertThat(box.y).isCloseTo(cy - radius, offset(tolerance));
    assertThat(box.x + box.width).isCloseTo(cx + radius, offset(tolerance));
    assertThat(box.y + box.height).isCloseTo(cy + radius, offset(tolerance));
  }

  @Test
  void croppedDiscFillsTheSquareWhileAnUncroppedOneDoesNot() {
    BufferedImage image = Fixtures.fundus(800, 600, 250, 350, 200, 3);
    Preprocessing crop = Preprocessing.defaults().withInputSize(64);
    float[] cropped = Preprocessor.prepare(crop, image);
    float[] whole = Preprocessor.prepare(crop.withCropBorder(false), image);
    // The disc touches the middle of each edge of the cropped square; its corners stay black.
    assertThat(red(cropped, 64, 32, 1)).isGreaterThan(100);
    assertThat(red(cropped, 64, 1, 32)).isGreaterThan(100);
    assertThat(red(cropped, 64, 62, 32)).isGreaterThan(100);
    assertThat(red(cropped, 64, 0, 0)).isLessThan(10);
    // Without the crop the disc's left edge (x=50 of 800) is not at the left edge of the square.
    assertThat(red(whole, 64, 32, 1)).isLessThan(10);
  }

  private static float red(float[] rgb, int size, int y, int x) {
    return rgb[(y * size + x) * 3];
  }

  @Test
  void areaDownscalingAveragesAndBilinearUpscalingInterpolates() {
    BufferedImage checker = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 64; y++) {
      for (int x = 0; x < 64; x++) {
        checker.setRGB(x, y, (x + y) % 2 == 0 ? 0xffffff : 0);
      }
    }
    float[] small =
        Preprocessor.prepare(
            Preprocessing.defaults().withCropBorder(false).withInputSize(16), checker);
    for (float value : small) {
      assertThat(value).isCloseTo(127.5f, offset(0.01f));
    }
    BufferedImage ramp = new BufferedImage(2, 1, BufferedImage.TYPE_INT_RGB);
    ramp.setRGB(0, 0, 0);
    ramp.setRGB(1, 0, 0xc8c8c8);
    Preprocessing plain =
        new Preprocessing(
            4, false, 15, false, false, 0.1, ChannelOrder.RGB, List.of(0.0, 0.0, 0.0), false);
    float[] up = Preprocessor.prepare(plain, ramp);
    // Output centres map to source x = -0.25, 0.25, 0.75, 1.25; clamped to [0, 1].
    assertThat(new float[] {up[0], up[3], up[6], up[9]})
        .containsExactly(new float[] {0, 50, 150, 200}, offset(0.01f));
  }

  @Test
  void writesBgrMinusMeanAtTheOffset() {
    BufferedImage solid = Fixtures.solid(10, 10, 200 << 16 | 150 << 8 | 100);
    Preprocessing prep = Preprocessing.defaults().withCropBorder(false).withInputSize(8);
    float[] dst = new float[5 + prep.valuesPerImage()];
    Preprocessor.write(prep, solid, Rotation.R90, dst, 5);
    assertThat(dst[4]).isZero();
    assertThat(dst[5]).isCloseTo(100 - 104f, offset(1e-4f));
    assertThat(dst[6]).isCloseTo(150 - 117f, offset(1e-4f));
    assertThat(dst[7]).isCloseTo(200 - 123f, offset(1e-4f));
    Preprocessing rgb = prep.withNormalisation(ChannelOrder.RGB, List.of(1.0, 2.0, 3.0));
    Preprocessor.write(rgb, solid, Rotation.R0, dst, 5);
    assertThat(new float[] {dst[5], dst[6], dst[7]}).containsExactly(199f, 148f, 97f);
    assertThatThrownBy(() -> Preprocessor.write(prep, solid, Rotation.R0, new float[10], 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs 192");
  }

  @Test
  void localColourSubtractionMapsFlatRegionsTo128AndAmplifiesDetail() {
    BufferedImage flat = Fixtures.solid(40, 40, 0x503c28);
    Preprocessing ben =
        Preprocessing.defaults()
            .withCropBorder(false)
            .withInputSize(32)
            .withLocalColourSubtraction(true);
    for (float value : Preprocessor.prepare(ben, flat)) {
      assertThat(value).isCloseTo(128f, offset(0.01f));
    }
    BufferedImage dot = Fixtures.solid(32, 32, 0x505050);
    dot.setRGB(16, 16, 0x707070);
    float[] out = Preprocessor.prepare(ben, dot);
    assertThat(out[(16 * 32 + 16) * 3]).isGreaterThan(200f);
  }

  @Test
  void roundTripsThroughJsonAndValidates() throws Exception {
    ObjectMapper mapper = new ObjectMapper();
    Preprocessing prep =
        Preprocessing.defaults().withLocalColourSubtraction(true).withInputSize(299);
    String json = mapper.writeValueAsString(prep);
    assertThat(json)
        .contains("\"inputSize\":299")
        .contains("\"channelOrder\":\"BGR\"")
        .contains("\"mean\":[104.0,117.0,123.0]")
        .doesNotContain("valuesPerImage");
    assertThat(mapper.readValue(json, Preprocessing.class)).isEqualTo(prep);
    assertThatThrownBy(() -> prep.withNormalisation(ChannelOrder.BGR, List.of(1.0, 2.0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("mean must hold three");
    assertThatThrownBy(() -> prep.withInputSize(0))
        .hasMessageContaining("inputSize must be 1..4096");
  }

  @Test
  void equalizeSpreadsEachChannelAndIsNearlyIdempotent() {
    BufferedImage dim = DegradedImages.darkened(Fixtures.fundus(200, 150, 3), 0.3);
    Preprocessing eq = Preprocessing.defaults().withInputSize(64).withEqualize(true);
    float[] once = Preprocessor.prepare(eq, dim);
    float max = 0;
    for (float v : once) {
      max = Math.max(max, v);
    }
    assertThat(max)
        .as("the darkened photograph is stretched to the full range")
        .isGreaterThan(250f);
    float[] twice = once.clone();
    Preprocessor.equalize(twice);
    double diff = 0;
    for (int i = 0; i < once.length; i++) {
      diff = Math.max(diff, Math.abs(once[i] - twice[i]));
    }
    assertThat(diff).as("equalizing an equalized picture changes little").isLessThan(12);
    assertThat(Preprocessor.prepare(eq.withEqualize(false), dim)).isNotEqualTo(once);
    String json = eq.toString();
    assertThat(json).contains("equalize=true");
  }
}
