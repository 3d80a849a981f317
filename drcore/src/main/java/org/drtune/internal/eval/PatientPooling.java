package org.drtune.internal.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;
import org.drtune.grading.Eye;
import org.drtune.grading.EyeResult;
import org.drtune.grading.PatientNaming;
import org.drtune.grading.PatientResult;

/**
 * Photographs pooled into patients, as screening programmes decide: an eye's probabilities are the
 * mean of its gradable photographs', the patient's referable probability the higher of its eyes',
 * its grade the worse eye's, and an eye without a gradable photograph makes the patient ungradable
 * (sent back). The same pooling serves grading ({@code DrClassifier}), evaluation and the choice of
 * a model's patient-level threshold on its validation patients.
 */
public final class PatientPooling {
  private PatientPooling() {}

  /**
   * One photograph.
   *
   * @param label its true grade or class, or -1 when unknown
   * @param probabilities its probabilities, or null when it could not be graded
   * @param refusal why it could not be graded (null when it could)
   */
  public record Photo(String id, int label, float[] probabilities, String refusal) {}

  /** A patient and its true label: the worse of its photographs' (-1 when unknown). */
  public record Pooled(PatientResult result, int label) {}

  /**
   * The patients, in the order of their ids, and the photographs whose id names no patient.
   *
   * @param unassigned ids of the photographs {@code naming} does not recognise
   */
  public record Pooling(List<Pooled> patients, List<String> unassigned) {}

  /**
   * Pools {@code photos} by the patient and eye {@code naming} reads from their ids.
   *
   * @param referableFrom the first referable class
   * @param threshold the patient-level referral threshold on the referable probability; empty: the
   *     worse eye's predicted class decides
   */
  public static Pooling pool(
      List<Photo> photos, PatientNaming naming, int referableFrom, OptionalDouble threshold) {
    return pool(photos, naming::identify, referableFrom, threshold, 0);
  }

  /**
   * Pools {@code photos} by the patient and eye {@code who} gives each photograph id (empty: the
   * photograph names no patient), each photograph first fused with its other eye at {@code
   * otherEyeWeight} ({@link EyeFusion}; 0: graded apart).
   */
  public static Pooling pool(
      List<Photo> photos,
      java.util.function.Function<String, Optional<PatientNaming.Photo>> who,
      int referableFrom,
      OptionalDouble threshold,
      double otherEyeWeight) {
    photos = fused(photos, who, otherEyeWeight);
    Map<String, Map<Eye, List<Photo>>> byPatient = new TreeMap<>();
    Map<String, List<Photo>> unknownEye = new TreeMap<>();
    List<String> unassigned = new ArrayList<>();
    for (Photo p : photos) {
      Optional<PatientNaming.Photo> w = who.apply(p.id());
      if (w.isEmpty()) {
        unassigned.add(p.id());
      } else if (w.get().eye() == null) {
        unknownEye.computeIfAbsent(w.get().patient(), k -> new ArrayList<>()).add(p);
      } else {
        byPatient
            .computeIfAbsent(w.get().patient(), k -> new TreeMap<>())
            .computeIfAbsent(w.get().eye(), k -> new ArrayList<>())
            .add(p);
      }
    }
    Map<String, Pooled> pooled = new TreeMap<>();
    byPatient.forEach(
        (patient, eyes) -> {
          Map<Eye, List<Photo>> ordered = new LinkedHashMap<>(eyes);
          List<EyeResult> results = new ArrayList<>();
          int label = -1;
          for (Map.Entry<Eye, List<Photo>> e : ordered.entrySet()) {
            results.add(eye(e.getKey(), e.getValue(), referableFrom));
            label = Math.max(label, worstLabel(e.getValue()));
          }
          pooled.put(patient, patient(patient, results, label, referableFrom, threshold));
        });
    unknownEye.forEach(
        (patient, ps) ->
            pooled.put(
                patient,
                patient(
                    patient,
                    List.of(eye(null, ps, referableFrom)),
                    worstLabel(ps),
                    referableFrom,
                    threshold)));
    return new Pooling(List.copyOf(pooled.values()), unassigned);
  }

  /**
   * One patient whose photographs' eyes are known: {@code eyes} maps each eye photographed to its
   * photographs.
   */
  public static Pooled patient(
      String patient,
      Map<Eye, List<Photo>> eyes,
      int referableFrom,
      OptionalDouble threshold,
      double otherEyeWeight) {
    if (otherEyeWeight != 0) {
      eyes = fusedEyes(patient, eyes, otherEyeWeight);
    }
    List<EyeResult> results = new ArrayList<>();
    int label = -1;
    for (Map.Entry<Eye, List<Photo>> e : new TreeMap<>(eyes).entrySet()) {
      if (!e.getValue().isEmpty()) {
        results.add(eye(e.getKey(), e.getValue(), referableFrom));
        label = Math.max(label, worstLabel(e.getValue()));
      }
    }
    if (results.isEmpty()) {
      throw new IllegalArgumentException("patient " + patient + " has no photograph");
    }
    return patient(patient, results, label, referableFrom, threshold);
  }

  /** The eyes' photographs with their probabilities fused with the other eye's. */
  private static Map<Eye, List<Photo>> fusedEyes(
      String patient, Map<Eye, List<Photo>> eyes, double weight) {
    List<Photo> all = new ArrayList<>();
    Map<String, PatientNaming.Photo> who = new java.util.HashMap<>();
    for (Map.Entry<Eye, List<Photo>> e : eyes.entrySet()) {
      for (Photo p : e.getValue()) {
        String key = all.size() + "#" + e.getKey(); // ids may repeat: key each by its place
        all.add(new Photo(key, p.label(), p.probabilities(), p.refusal()));
        who.put(key, new PatientNaming.Photo(patient, e.getKey()));
      }
    }
    List<Photo> fused = fused(all, id -> Optional.ofNullable(who.get(id)), weight);
    Map<Eye, List<Photo>> out = new TreeMap<>();
    int k = 0;
    for (Map.Entry<Eye, List<Photo>> e : eyes.entrySet()) {
      List<Photo> photos = new ArrayList<>();
      for (Photo p : e.getValue()) {
        photos.add(new Photo(p.id(), p.label(), fused.get(k++).probabilities(), p.refusal()));
      }
      out.put(e.getKey(), photos);
    }
    return out;
  }

  /** The photographs with their probabilities fused with the other eye's. */
  private static List<Photo> fused(
      List<Photo> photos,
      java.util.function.Function<String, Optional<PatientNaming.Photo>> who,
      double weight) {
    if (weight == 0) {
      return photos;
    }
    List<String> ids = photos.stream().map(Photo::id).toList();
    float[][] probs = photos.stream().map(Photo::probabilities).toArray(float[][]::new);
    float[][] fused = EyeFusion.fuse(ids, probs, who, weight);
    List<Photo> out = new ArrayList<>(photos.size());
    for (int i = 0; i < photos.size(); i++) {
      Photo p = photos.get(i);
      out.add(new Photo(p.id(), p.label(), fused[i], p.refusal()));
    }
    return out;
  }

  private static int worstLabel(List<Photo> photos) {
    return photos.stream().mapToInt(Photo::label).max().orElse(-1);
  }

  /** An eye: the mean probabilities of its gradable photographs. */
  static EyeResult eye(Eye eye, List<Photo> photos, int referableFrom) {
    List<String> ids = new ArrayList<>();
    List<String> refusals = new ArrayList<>();
    double[] sum = null;
    int graded = 0;
    for (Photo p : photos) {
      ids.add(p.id());
      if (p.probabilities() == null) {
        refusals.add(p.refusal() == null ? "not gradable" : p.refusal());
        continue;
      }
      if (sum == null) {
        sum = new double[p.probabilities().length];
      }
      for (int c = 0; c < sum.length; c++) {
        sum[c] += p.probabilities()[c];
      }
      graded++;
    }
    if (graded == 0) {
      return new EyeResult(eye, ids, List.of(), -1, Double.NaN, refusals);
    }
    List<Double> mean = new ArrayList<>(sum.length);
    int best = 0;
    double referable = 0;
    for (int c = 0; c < sum.length; c++) {
      mean.add(sum[c] / graded);
      if (sum[c] > sum[best]) {
        best = c;
      }
      if (c >= referableFrom) {
        referable += sum[c] / graded;
      }
    }
    return new EyeResult(eye, ids, mean, best, referable, refusals);
  }

  /** The patient: the worse eye's grade, the higher eye's referable probability. */
  static Pooled patient(
      String patient,
      List<EyeResult> eyes,
      int label,
      int referableFrom,
      OptionalDouble threshold) {
    EyeResult worst = null;
    int grade = -1;
    List<String> ungradable = new ArrayList<>();
    for (EyeResult e : eyes) {
      if (!e.gradable()) {
        ungradable.add(
            e.name() + ": no gradable photograph (" + String.join("; ", e.refusals()) + ")");
        continue;
      }
      grade = Math.max(grade, e.predictedClass());
      if (worst == null || e.referableProbability() > worst.referableProbability()) {
        worst = e;
      }
    }
    boolean referable =
        worst != null
            && (threshold.isPresent()
                ? worst.referableProbability() >= threshold.getAsDouble()
                : grade >= referableFrom);
    return new Pooled(
        new PatientResult(
            patient,
            eyes,
            grade,
            worst == null ? List.of() : worst.probabilities(),
            worst == null ? Double.NaN : worst.referableProbability(),
            referable,
            ungradable.isEmpty() ? null : String.join("; ", ungradable)),
        label);
  }

  /**
   * The labels and probability rows of the pooled patients for an evaluation: every patient ({@code
   * all}, an ungradable one counted as referred: all its probability on the last class), or only
   * the gradable ones. Patients without a known label are left out.
   */
  public static Table table(Pooling pooling, boolean all, int numClasses) {
    List<Integer> labels = new ArrayList<>();
    List<float[]> rows = new ArrayList<>();
    for (Pooled p : pooling.patients()) {
      if (p.label() < 0 || (!all && !p.result().gradable())) {
        continue;
      }
      float[] row = new float[numClasses];
      if (p.result().gradable()) {
        for (int c = 0; c < numClasses; c++) {
          row[c] = p.result().probabilities().get(c).floatValue();
        }
      } else {
        row[numClasses - 1] = 1;
      }
      labels.add(p.label());
      rows.add(row);
    }
    return new Table(
        labels.stream().mapToInt(Integer::intValue).toArray(), rows.toArray(float[][]::new));
  }

  /** Patients' labels and probability rows, in the same order. */
  public record Table(int[] labels, float[][] probabilities) {
    /** How many patients. */
    public int size() {
      return labels.length;
    }
  }
}
