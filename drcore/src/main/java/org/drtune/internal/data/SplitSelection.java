package org.drtune.internal.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.drtune.training.DatasetOptions;

/**
 * The images {@code evaluate} and {@code predict} run over: for an {@code .npz}, the split asked
 * for or else {@code test} (or the only split the file holds); for other layouts, the split asked
 * for or else the test split when there is one, otherwise the validation split.
 *
 * @param dataset the chosen images
 * @param split the split's name
 * @param note a remark about the choice for the user, or null
 */
public record SplitSelection(FundusDataset dataset, String split, String note) {

  /**
   * Chooses the split of {@code data}.
   *
   * @param split the split asked for ({@code train}, {@code val} or {@code test}), or null for the
   *     default
   * @param numClasses the number of grades of the data
   * @throws IllegalArgumentException when the data has no such split (the message lists those it
   *     has)
   */
  public static SplitSelection open(Path data, String split, int numClasses) throws IOException {
    if (Datasets.lowerCaseFileName(data).endsWith(".npz")) {
      return fromNpz(data, MedMnistNpz.read(data, numClasses), split);
    }
    DatasetSplits splits =
        Datasets.open(data, DatasetOptions.defaults().withNumClasses(numClasses));
    return fromSplits(data, splits, split);
  }

  /**
   * The split of an {@code .npz}: {@code all} of them (ids prefixed by the split's name), the one
   * asked for, the only one, or else {@code test}.
   */
  private static SplitSelection fromNpz(Path data, MedMnistNpz npz, String split) {
    List<String> names = npz.splitNames();
    if ("all".equals(split)) {
      FundusDataset all = null;
      for (String n : names) {
        FundusDataset d = Datasets.prefixed(npz.split(n), n + "/");
        all = all == null ? d : Datasets.concat(all, d);
      }
      return new SplitSelection(all, "all", null);
    }
    if (split != null) {
      return new SplitSelection(
          npz.findSplit(split)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "split " + split + ": " + data + " has no such split; it has " + names)),
          split,
          null);
    }
    if (names.size() == 1) {
      return new SplitSelection(npz.split(names.get(0)), names.get(0), null);
    }
    return npz.findSplit("test")
        .map(d -> new SplitSelection(d, "test", null))
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "split: " + data + " has no test split: choose one of " + names));
  }

  /**
   * The split of another layout: the one asked for, {@code all} of them pooled, or else the test
   * split when there is one and otherwise all.
   */
  private static SplitSelection fromSplits(Path data, DatasetSplits splits, String split) {
    List<String> names = new ArrayList<>(List.of("train", "val"));
    splits.test().ifPresent(t -> names.add("test"));
    if (split == null || split.equals("all")) {
      Optional<FundusDataset> test = splits.test();
      if (split == null && test.isPresent()) {
        return new SplitSelection(test.get(), "test", null);
      }
      FundusDataset all = Datasets.concat(splits.train(), splits.validation());
      if (test.isPresent()) {
        all = Datasets.concat(all, test.get());
      }
      return new SplitSelection(all, "all", null);
    }
    return switch (split) {
      case "train" -> new SplitSelection(splits.train(), "train", null);
      case "val", "validation" -> new SplitSelection(splits.validation(), "val", null);
      case "test" ->
          new SplitSelection(
              splits
                  .test()
                  .orElseThrow(
                      () ->
                          new IllegalArgumentException(
                              "split test: " + data + " has no test split; it has " + names)),
              "test",
              null);
      default ->
          throw new IllegalArgumentException(
              "split " + split + ": unknown split; " + data + " has " + names + " (or all)");
    };
  }
}
