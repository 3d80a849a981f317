package org.drtune.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.drtune.DatasetOptions;
import org.drtune.internal.data.DatasetSplits;
import org.drtune.internal.data.Datasets;
import org.drtune.internal.data.FundusDataset;
import org.drtune.internal.data.MedMnistNpz;

/**
 * Picks the split {@code evaluate} and {@code predict} run over: for an {@code .npz}, {@code --split} or else
 * {@code test} (or the only split the file holds); for other layouts, {@code --split} or else the test split when
 * there is one, otherwise the validation split.
 *
 * @param dataset the chosen images
 * @param split the split's name
 * @param note a remark for the user about the choice, or null
 */
record DataSelection(FundusDataset dataset, String split, String note) {

  static DataSelection open(Path data, String split, int numClasses) throws IOException {
    String name = data.getFileName() == null ? "" : data.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".npz")) {
      MedMnistNpz npz = MedMnistNpz.read(data, numClasses);
      List<String> names = npz.splitNames();
      if (split != null) {
        return new DataSelection(npz.findSplit(split).orElseThrow(() -> new CliException(ExitCode.USAGE,
            "--split " + split + ": " + data + " has no such split; it has " + names)), split, null);
      }
      if (names.size() == 1) {
        return new DataSelection(npz.split(names.get(0)), names.get(0), null);
      }
      return npz.findSplit("test").map(d -> new DataSelection(d, "test", null)).orElseThrow(() ->
          new CliException(ExitCode.USAGE, data + " has no test split: choose one of " + names + " with --split"));
    }
    DatasetOptions d = DatasetOptions.defaults();
    DatasetSplits splits = Datasets.open(data, new DatasetOptions(numClasses, d.validationFraction(), d.seed(),
        d.patientLevelSplit(), d.classFolderGrades(), d.csvLayout(), d.imageFolder(), d.skipMissingImages(),
        d.decoder()));
    List<String> names = new ArrayList<>(List.of("train", "val"));
    splits.test().ifPresent(t -> names.add("test"));
    if (split == null) {
      Optional<FundusDataset> test = splits.test();
      return test.map(t -> new DataSelection(t, "test", null)).orElseGet(() -> new DataSelection(
          splits.validation(), "val", data + " has no test split: using its validation split (choose with --split)"));
    }
    return switch (split) {
      case "train" -> new DataSelection(splits.train(), "train", null);
      case "val", "validation" -> new DataSelection(splits.validation(), "val", null);
      case "test" -> new DataSelection(splits.test().orElseThrow(() -> new CliException(ExitCode.USAGE,
          "--split test: " + data + " has no test split; it has " + names)), "test", null);
      default -> throw new CliException(ExitCode.USAGE, "--split " + split + ": unknown split; " + data + " has "
          + names);
    };
  }
}
