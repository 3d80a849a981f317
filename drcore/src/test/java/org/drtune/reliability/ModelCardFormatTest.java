package org.drtune.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.drtune.grading.DrClassifier;
import org.drtune.model.ModelCard;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The model-card part of the compatibility promise (docs/COMPATIBILITY.md): a reader refuses a card
 * of a newer format with a message that says to upgrade, touching nothing, and reads a card that
 * carries fields it does not know (what a newer minor release may add) as if they were not there.
 */
class ModelCardFormatTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  @Test
  void aCardOfANewerFormatIsRefusedWithWhatToDoAndLeftAsItWas() throws IOException {
    Path model = copyOfTheTinyModel();
    Path cardFile = model.resolve(ModelCard.FILE_NAME);
    ObjectNode card = (ObjectNode) JSON.readTree(cardFile.toFile());
    card.put("formatVersion", ModelCard.FORMAT_VERSION + 1);
    JSON.writeValue(cardFile.toFile(), card);
    byte[] before = Files.readAllBytes(cardFile);

    assertThatThrownBy(() -> ModelCard.read(cardFile))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("format " + (ModelCard.FORMAT_VERSION + 1))
        .hasMessageContaining("reads up to " + ModelCard.FORMAT_VERSION)
        .hasMessageContaining("upgrade drtune");
    assertThatThrownBy(() -> DrClassifier.load(model).close())
        .hasStackTraceContaining("upgrade drtune");
    assertThat(Files.readAllBytes(cardFile)).isEqualTo(before);
  }

  @Test
  void fieldsAReaderDoesNotKnowAreIgnored() throws IOException {
    Path model = copyOfTheTinyModel();
    Path cardFile = model.resolve(ModelCard.FILE_NAME);
    ModelCard original = ModelCard.read(cardFile);
    ObjectNode card = (ObjectNode) JSON.readTree(cardFile.toFile());
    card.put("someFieldOfALaterMinorRelease", "x");
    card.putObject("aSectionOfALaterMinorRelease").put("threshold", 0.3);
    JSON.writeValue(cardFile.toFile(), card);

    assertThat(ModelCard.read(cardFile)).isEqualTo(original);
    try (DrClassifier classifier = DrClassifier.load(model)) {
      assertThat(classifier.modelCard()).isEqualTo(original);
    }
  }

  /** The tiny model's export, copied so that a test may change its card. */
  private Path copyOfTheTinyModel() throws IOException {
    Path source = TinyModels.model().resolve("model");
    Path target = tmp.resolve("model");
    try (Stream<Path> files = Files.walk(source)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        Files.copy(file, target.resolve(source.relativize(file).toString()));
      }
    }
    return target;
  }
}
