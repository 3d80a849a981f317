package org.drtune.models;

import java.util.List;
import java.util.Objects;

/**
 * How a data set is obtained: one or more alternative bundles, any one of which is enough, in order
 * of preference.
 *
 * <p>Resolve a recipe with {@link AssetResolver#resolveAny(List)} on {@link #alternatives()}; the
 * returned {@link ResolvedAssets#bundle()} says which alternative was found, so the reader knows
 * which file to open.
 *
 * @param name data set name
 * @param description one line saying what the data is
 * @param licence licence and citation of the data
 * @param alternatives bundles that each provide the data, preferred first
 */
public record DataRecipe(
    String name, String description, String licence, List<AssetBundle> alternatives) {

  /** Folder of the RetinaMNIST bundles under a mirror and the cache. */
  public static final String RETINAMNIST_FOLDER = "data/retinamnist";

  /** File of the project's train+val-only copy of RetinaMNIST (the test split held back). */
  public static final String RETINAMNIST_TRAINVAL_FILE = "retinamnist_trainval.npz";

  /** File of the official RetinaMNIST release, with train, val and test splits. */
  public static final String RETINAMNIST_OFFICIAL_FILE = "retinamnist.npz";

  /** Download base of the official RetinaMNIST file: MedMNIST v2's Zenodo record. */
  public static final String RETINAMNIST_OFFICIAL_BASE =
      "https://zenodo.org/records/10519652/files/";

  /**
   * The project's train+val copy: {@value #RETINAMNIST_TRAINVAL_FILE}, found on a mirror only (no
   * public download).
   */
  public static final AssetBundle RETINAMNIST_TRAINVAL =
      new AssetBundle(
          "retinamnist_trainval",
          RETINAMNIST_FOLDER,
          null,
          List.of(
              AssetFile.ofSha256(
                  RETINAMNIST_TRAINVAL_FILE,
                  2_471_429L,
                  "fde024e72649052f9f1ee951bfcc94d9b2958a9b4fdd3683bb5292dcec6162de")));

  /**
   * The official MedMNIST file {@value #RETINAMNIST_OFFICIAL_FILE}, verified by the md5 Zenodo
   * publishes.
   */
  public static final AssetBundle RETINAMNIST_OFFICIAL =
      new AssetBundle(
          "retinamnist",
          RETINAMNIST_FOLDER,
          RETINAMNIST_OFFICIAL_BASE,
          List.of(
              AssetFile.ofMd5(
                  RETINAMNIST_OFFICIAL_FILE, 3_291_041L, "bd4c0672f1bba3e3a89f0e4e876791e4")));

  /** Validates the recipe and makes the list of alternatives immutable. */
  public DataRecipe {
    Objects.requireNonNull(name, "name");
    alternatives = List.copyOf(alternatives);
    if (alternatives.isEmpty()) {
      throw new IllegalArgumentException(
          "data recipe " + name + " has no alternatives: list at least one bundle");
    }
  }

  /**
   * The built-in RetinaMNIST (MedMNIST v2) recipe: the mirror's train+val copy first, then the
   * official {@code retinamnist.npz} from Zenodo, the only one that can be downloaded.
   */
  public static DataRecipe retinaMnist() {
    return new DataRecipe(
        "retinamnist",
        "RetinaMNIST (MedMNIST v2): 28x28 RGB fundus photographs from DeepDRiD graded 0-4 for"
            + " diabetic retinopathy",
        "CC BY 4.0; cite Yang et al., MedMNIST v2, Scientific Data 2023, and Liu et al., DeepDRiD,"
            + " Patterns 2022",
        List.of(RETINAMNIST_TRAINVAL, RETINAMNIST_OFFICIAL));
  }
}
