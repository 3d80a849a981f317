package org.drtune.internal.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.drtune.grading.PatientNaming;

/**
 * A seeded, stratified split of indices into training and validation, optionally keeping groups
 * (the two eyes of an EyePACS patient) on the same side.
 *
 * <p>Stratification is per class: within each class, {@code round(fraction * count)} items (at
 * least one when the class has two or more) go to validation, chosen by a shuffle seeded by {@code
 * seed}. With groups, a group's class is the highest grade in it and whole groups move. The same
 * labels, groups and seed always give the same split.
 *
 * @param train the training indices, ascending
 * @param validation the validation indices, ascending
 */
public record TrainValidationSplit(int[] train, int[] validation) {

  private static final Pattern EYEPACS_ID = Pattern.compile("(.+)_(left|right)");

  /**
   * Copies the arrays.
   *
   * @throws IllegalArgumentException if an array is null
   */
  public TrainValidationSplit {
    if (train == null || validation == null) {
      throw new IllegalArgumentException("train and validation must not be null");
    }
    train = train.clone();
    validation = validation.clone();
  }

  /**
   * Splits items stratified by label.
   *
   * @param labels the label of each item
   * @param fraction the fraction for validation, in (0, 1)
   * @param seed the shuffle seed
   * @return the split
   */
  public static TrainValidationSplit stratified(int[] labels, double fraction, long seed) {
    String[] groups = new String[labels.length];
    for (int i = 0; i < groups.length; i++) {
      groups[i] = Integer.toString(i);
    }
    return grouped(groups, labels, fraction, seed);
  }

  /**
   * Splits groups of items stratified by each group's highest label; items of a group stay
   * together.
   *
   * @param groups the group key of each item
   * @param labels the label of each item
   * @param fraction the fraction of groups for validation, in (0, 1)
   * @param seed the shuffle seed
   * @return the split
   * @throws IllegalArgumentException if the arrays differ in length or the fraction is out of range
   */
  public static TrainValidationSplit grouped(
      String[] groups, int[] labels, double fraction, long seed) {
    if (groups.length != labels.length) {
      throw new IllegalArgumentException(
          "groups and labels must have the same length, got "
              + groups.length
              + " and "
              + labels.length);
    }
    if (!(fraction > 0 && fraction < 1)) {
      throw new IllegalArgumentException("validation fraction must be in (0, 1), got " + fraction);
    }
    Map<String, List<Integer>> members = new LinkedHashMap<>();
    for (int i = 0; i < groups.length; i++) {
      members.computeIfAbsent(groups[i], k -> new ArrayList<>()).add(i);
    }
    Map<Integer, List<String>> groupsOfClass = new LinkedHashMap<>();
    for (Map.Entry<String, List<Integer>> group : members.entrySet()) {
      int label = group.getValue().stream().mapToInt(i -> labels[i]).max().orElseThrow();
      groupsOfClass.computeIfAbsent(label, k -> new ArrayList<>()).add(group.getKey());
    }
    boolean[] validation = new boolean[labels.length];
    groupsOfClass.keySet().stream()
        .sorted()
        .forEach(
            label -> {
              List<String> keys = new ArrayList<>(groupsOfClass.get(label));
              SplittableRandom random =
                  new SplittableRandom(Rotation.mix(seed) ^ Rotation.mix(label + 1L));
              for (int i = keys.size() - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                String swap = keys.get(i);
                keys.set(i, keys.get(j));
                keys.set(j, swap);
              }
              int count = (int) Math.round(fraction * keys.size());
              if (keys.size() >= 2) {
                count = Math.max(1, Math.min(keys.size() - 1, count));
              }
              for (String key : keys.subList(0, count)) {
                members.get(key).forEach(i -> validation[i] = true);
              }
            });
    int[] valIndices = indicesWhere(validation, true);
    int[] trainIndices = indicesWhere(validation, false);
    return new TrainValidationSplit(trainIndices, valIndices);
  }

  private static int[] indicesWhere(boolean[] flags, boolean value) {
    int[] out = new int[flags.length];
    int n = 0;
    for (int i = 0; i < flags.length; i++) {
      if (flags[i] == value) {
        out[n++] = i;
      }
    }
    return Arrays.copyOf(out, n);
  }

  /**
   * The patient of every image of a dataset: what the data says itself ({@link
   * FundusDataset#photo}, a label CSV's patient column), else what {@code naming} reads from the
   * id.
   *
   * @return one patient per image, or null when the dataset is empty or some image names none
   */
  public static String[] patientsOf(FundusDataset all, PatientNaming naming) {
    String[] p = new String[all.size()];
    for (int i = 0; i < p.length; i++) {
      int index = i;
      Optional<PatientNaming.Photo> who = all.photo(i).or(() -> naming.identify(all.id(index)));
      if (who.isEmpty()) {
        return null;
      }
      p[i] = who.get().patient();
    }
    return p.length > 0 ? p : null;
  }

  /** {@link #patientsOf(FundusDataset, PatientNaming)} with EyePACS ids. */
  public static String[] patientsOf(FundusDataset all) {
    return patientsOf(all, PatientNaming.EYEPACS);
  }

  /**
   * Returns the patient of an EyePACS id {@code <patient>_left} or {@code <patient>_right}.
   *
   * @param id an image id
   * @return the patient part, or empty if the id does not follow the EyePACS pattern
   */
  public static Optional<String> patientOf(String id) {
    Matcher matcher = EYEPACS_ID.matcher(id);
    return matcher.matches() ? Optional.of(matcher.group(1)) : Optional.empty();
  }

  /**
   * Splits a dataset: by patient when {@code patientLevel} is set and every image names its patient
   * ({@link #patientsOf(FundusDataset, PatientNaming)}), otherwise per image.
   *
   * @param dataset the dataset to split
   * @param fraction the validation fraction, in (0, 1)
   * @param seed the shuffle seed
   * @param patientLevel whether to keep a patient's eyes together when the data allows it
   * @param naming how ids name their patient when the data does not say
   * @return the split
   */
  public static TrainValidationSplit of(
      FundusDataset dataset,
      double fraction,
      long seed,
      boolean patientLevel,
      PatientNaming naming) {
    int[] labels = dataset.labels();
    if (patientLevel) {
      String[] patients = patientsOf(dataset, naming);
      if (patients != null) {
        return grouped(patients, labels, fraction, seed);
      }
    }
    return stratified(labels, fraction, seed);
  }

  /** {@link #of(FundusDataset, double, long, boolean, PatientNaming)} with EyePACS ids. */
  public static TrainValidationSplit of(
      FundusDataset dataset, double fraction, long seed, boolean patientLevel) {
    return of(dataset, fraction, seed, patientLevel, PatientNaming.EYEPACS);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof TrainValidationSplit that
        && Arrays.equals(train, that.train)
        && Arrays.equals(validation, that.validation);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(train) + Arrays.hashCode(validation);
  }

  @Override
  public String toString() {
    return "TrainValidationSplit[train="
        + train.length
        + " images, validation="
        + validation.length
        + " images]";
  }
}
