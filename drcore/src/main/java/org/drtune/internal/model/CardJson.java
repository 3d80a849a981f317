package org.drtune.internal.model;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.ToIntFunction;

/**
 * How model and ensemble cards are written and read: indented JSON, unknown fields ignored on
 * reading (a newer drtune may add some), a format version that refuses cards newer than this drtune
 * understands, atomic writes.
 */
public final class CardJson {
  private CardJson() {}

  /** The mapper of cards and of the result files written next to them. */
  public static final ObjectMapper MAPPER =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /** A card as JSON text. */
  public static String toJson(Object card) {
    try {
      return MAPPER.writeValueAsString(card);
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot write " + card.getClass().getSimpleName() + " as JSON", e);
    }
  }

  /** Writes a card to {@code file} atomically. */
  public static void write(Path file, Object card) throws IOException {
    AtomicFiles.writeAtomically(file, toJson(card));
  }

  /**
   * Reads a card.
   *
   * @param what the card's name in messages, e.g. "model card"
   * @param formatOf the card's format version
   * @param maxFormat the newest format this drtune reads
   * @throws IOException when the file is missing, is not such a card, or has a newer format (the
   *     message says which and what to do)
   */
  public static <T> T read(
      Path file, Class<T> type, String what, ToIntFunction<T> formatOf, int maxFormat)
      throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new NoSuchFileException(
          file.toString(),
          null,
          "no "
              + file.getFileName()
              + " here: is this a drtune"
              + " model folder (RUN_DIR/model)?");
    }
    T card;
    try {
      card = MAPPER.readValue(file.toFile(), type);
    } catch (JacksonException | IllegalArgumentException e) {
      String why = e instanceof JacksonException je ? je.getOriginalMessage() : e.getMessage();
      throw new IOException(file + " is not a valid drtune " + what + ": " + why, e);
    }
    if (card == null) {
      throw new IOException(file + " is not a valid drtune " + what + ": it is empty");
    }
    int format = formatOf.applyAsInt(card);
    if (format > maxFormat) {
      throw new IOException(
          file
              + " has "
              + what
              + " format "
              + format
              + "; this drtune reads up to "
              + maxFormat
              + ": upgrade drtune");
    }
    return card;
  }
}
