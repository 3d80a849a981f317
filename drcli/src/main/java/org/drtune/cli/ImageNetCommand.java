package org.drtune.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.drtune.ImageLoadException;
import org.drtune.models.AssetResolver;
import org.drtune.training.ImageNetClassifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code drtune imagenet}: the pretrained GoogLeNet's own ImageNet labels for photos, a check of
 * the weights.
 */
@Command(
    name = "imagenet",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Shows the most probable ImageNet classes of photos with the pretrained GoogLeNet: a check"
          + " that the weights are found, verified and work.",
      "Weights are looked for in --weights DIR, then the cache (~/.drtune or $DRTUNE_HOME), then"
          + " mirrors ($DRTUNE_MIRROR, a 'shared' folder next to the working directory), then"
          + " downloaded."
    })
final class ImageNetCommand extends BaseCommand {
  @Option(
      names = "--image",
      paramLabel = "FILE",
      arity = "1..*",
      required = true,
      description = "JPEG or PNG photo(s) to classify.")
  List<Path> images;

  @Option(
      names = "--top",
      paramLabel = "K",
      defaultValue = "5",
      description = "Number of classes shown per image, 1-1000 (default: ${DEFAULT-VALUE}).")
  int top;

  @Option(
      names = "--json",
      paramLabel = "FILE",
      arity = "0..1",
      fallbackValue = "-",
      description =
          "Write the classes as JSON to FILE, or to standard output instead of the text when no"
              + " FILE (or '-') is given.")
  Path json;

  @Option(
      names = "--weights",
      paramLabel = "DIR",
      description =
          "Folder holding the BVLC GoogLeNet files (skips the cache, mirror and download).")
  Path weights;

  ImageNetCommand(CliContext ctx) {
    super(ctx);
  }

  @Override
  ExitCode run() throws Exception {
    if (top < 1 || top > 1000) {
      throw usage("--top must be between 1 and 1000, got " + top);
    }
    AssetResolver assets = weights == null ? assets() : assets().withExplicitFolder(weights);
    List<Map<String, Object>> all = new ArrayList<>();
    int failed = 0;
    try (ImageNetClassifier classifier = ImageNetClassifier.load(assets)) {
      for (Path image : images) {
        List<ImageNetClassifier.Label> labels;
        try {
          labels = classifier.classify(image, top);
        } catch (ImageLoadException e) {
          err().println("imagenet: " + e.getMessage());
          failed++;
          continue;
        }
        if (json != null) {
          Map<String, Object> entry = new LinkedHashMap<>();
          entry.put("image", image.toString());
          entry.put("labels", labels);
          all.add(entry);
        }
        if (!OutputFile.isStdout(json)) {
          out().println(image);
          for (int i = 0; i < labels.size(); i++) {
            ImageNetClassifier.Label l = labels.get(i);
            out()
                .println(
                    String.format(
                        Locale.ROOT,
                        "  %d. %6.2f%%  %s (%s)",
                        i + 1,
                        100 * l.probability(),
                        l.name(),
                        l.synset()));
          }
        }
      }
    }
    if (json != null) {
      OutputFile.writeJson(json, all, out());
    }
    if (failed > 0) {
      throw new CliException(
          ExitCode.DATA, failed + " of " + images.size() + " image(s) could not be read");
    }
    return ExitCode.OK;
  }
}
