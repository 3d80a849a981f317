package org.drtune.grading;

/** Why a photograph was not graded, in the order the quality check tests them. */
public enum UngradableReason {
  /** Smaller than the model's photographs by far: too few pixels to see lesions. */
  TOO_SMALL("too small: take the photograph at the camera's full resolution"),
  /** No round bright field of view on a dark surround: not a fundus photograph. */
  NOT_FUNDUS("not a fundus photograph: no round field of view on a dark surround"),
  /** Much of the circular field of view lies outside the picture. */
  FIELD_CUT_OFF("field of view cut off: centre the retina in the picture"),
  /** The field of view is too dark to grade. */
  TOO_DARK("too dark: re-take with more light or a dilated pupil"),
  /** The field of view is washed out. */
  OVEREXPOSED("over-exposed: re-take with less light"),
  /** The field of view is blurred. */
  OUT_OF_FOCUS("out of focus: re-take the photograph in focus"),
  /** The field of view is nearly uniform. */
  LOW_CONTRAST("low contrast: re-take the photograph (media opacity or haze)");

  private final String advice;

  UngradableReason(String advice) {
    this.advice = advice;
  }

  /** What is wrong and what to do, in one line. */
  public String advice() {
    return advice;
  }

  /**
   * The reason whose {@link #id()} is {@code id} (as CSV files, JSON Lines and Spark's output write
   * it).
   *
   * @throws IllegalArgumentException naming the known ids for anything else
   */
  public static UngradableReason of(String id) {
    for (UngradableReason r : values()) {
      if (r.id().equals(id)) {
        return r;
      }
    }
    throw new IllegalArgumentException(
        "unknown ungradable reason '"
            + id
            + "'; known: "
            + java.util.Arrays.stream(values())
                .map(UngradableReason::id)
                .collect(java.util.stream.Collectors.joining(", ")));
  }

  /** The name in CSV files and cards: lower case with dashes, e.g. {@code out-of-focus}. */
  public String id() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }
}
