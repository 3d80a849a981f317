package org.drtune.training;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.drtune.features.FeatureProvider;
import org.drtune.internal.data.FundusDataset;
import org.drtune.internal.graph.Backbone;
import org.drtune.internal.model.CardJson;
import org.drtune.internal.train.FeatureCache;
import org.drtune.model.Preprocessing;
import org.drtune.models.ModelRecipe;

/**
 * What a {@link FeatureProvider} needs to compute a split's features on another JVM: every
 * photograph's file, the backbone's files and folder, and the preprocessing.
 */
final class ProviderInputs {
  private ProviderInputs() {}

  /**
   * The external computation of {@code set}'s features, or null without a provider (the run
   * computes them itself).
   *
   * @throws IllegalArgumentException when the photographs are not files (an {@code .npz})
   */
  static FeatureCache.External of(
      FeatureProvider features,
      FundusDataset set,
      FineTuneRequest req,
      Backbone backbone,
      Preprocessing prep)
      throws IOException {
    if (features == null) {
      return null;
    }
    List<String> files = new ArrayList<>(set.size());
    for (int i = 0; i < set.size(); i++) {
      Path f = set.file(i);
      if (f == null) {
        throw new IllegalArgumentException(
            "a feature provider reads the photographs as files, but "
                + req.data()
                + " holds them inside one file: give a folder of grade folders or a label CSV"
                + " with its images");
      }
      files.add(f.toAbsolutePath().normalize().toString());
    }
    Path folder;
    List<String> backboneFiles;
    boolean graph = req.backbone().frozenGraph() != null;
    if (graph) {
      Path pb = req.backbone().frozenGraph().toAbsolutePath().normalize();
      folder = pb.getParent();
      backboneFiles = List.of(pb.getFileName().toString());
    } else {
      folder = backbone.assets().folder();
      backboneFiles =
          ModelRecipe.bvlcGoogLeNet().files().stream().map(ModelRecipe.FileEntry::path).toList();
    }
    return new FeatureCache.External(
        features,
        files,
        req.backbone().profile(),
        backboneFiles,
        folder.toString(),
        graph,
        CardJson.MAPPER.writeValueAsString(prep),
        req.dataOptions().maxImagePixels());
  }
}
