package org.drtune.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.drtune.eval.Evaluation;
import org.drtune.grading.DrClassifier;
import org.drtune.grading.LabelScheme;
import org.drtune.internal.model.CardJson;
import org.drtune.internal.model.ModelFiles;

/**
 * The card of an ensemble model folder ({@code ensemble.json}): models of the same recipe trained
 * with different seeds, each a complete model folder ({@code member-1/}, {@code member-2/} …,
 * SavedModel + {@link ModelCard}), whose probabilities {@link DrClassifier} averages. The card pins
 * every member by the sha256 of its model card, and each model card pins its variables, so a folder
 * cannot be mixed from different runs without {@link DrClassifier} noticing.
 *
 * @param formatVersion version of this format ({@value #FORMAT_VERSION})
 * @param createdAt ISO-8601 time of the export
 * @param members the member folders, in order
 * @param classes class names in output order (the same for every member)
 * @param labelScheme the members' label scheme
 * @param validation metrics of the averaged probabilities on the validation split
 * @param screening the ensemble's referral threshold (chosen on the averaged validation
 *     probabilities) and quality limits; null in cards written before they were recorded
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record EnsembleCard(
    int formatVersion,
    String createdAt,
    List<Member> members,
    List<String> classes,
    LabelScheme labelScheme,
    Evaluation validation,
    Screening screening) {

  /** Current format version. */
  public static final int FORMAT_VERSION = 1;

  /** File name of the card inside an ensemble model folder. */
  public static final String FILE_NAME = ModelFiles.ENSEMBLE_CARD;

  /**
   * One member.
   *
   * @param folder sub-folder of the ensemble folder holding the member's model (a plain name)
   * @param seed the member's training seed
   * @param modelCardSha256 sha256 of the member's {@code model-card.json} bytes
   */
  public record Member(String folder, long seed, String modelCardSha256) {
    /** Refuses folder names that could leave the ensemble folder. */
    public Member {
      if (folder == null
          || !folder.matches("[A-Za-z0-9][A-Za-z0-9._-]*")
          || folder.contains("..")) {
        throw new IllegalArgumentException(
            "ensemble member folder must be a plain name, got '" + folder + "'");
      }
    }
  }

  /** Checks the card is usable. */
  public EnsembleCard {
    if (members == null || members.isEmpty()) {
      throw new IllegalArgumentException("an ensemble card needs at least one member");
    }
    members = List.copyOf(members);
    classes = classes == null ? List.of() : List.copyOf(classes);
  }

  /** The card as JSON. */
  public String toJson() {
    return CardJson.toJson(this);
  }

  /** Writes the card to {@code file} atomically. */
  public void write(Path file) throws IOException {
    CardJson.write(file, this);
  }

  /**
   * Reads a card.
   *
   * @throws IOException when the file is missing or is not an ensemble card (the message says
   *     which)
   */
  public static EnsembleCard read(Path file) throws IOException {
    return CardJson.read(
        file, EnsembleCard.class, "ensemble card", EnsembleCard::formatVersion, FORMAT_VERSION);
  }
}
