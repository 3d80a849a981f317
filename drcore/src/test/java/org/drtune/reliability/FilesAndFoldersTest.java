package org.drtune.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.drtune.DatasetException;
import org.drtune.grading.DrClassifier;
import org.drtune.grading.ModelLoadException;
import org.drtune.internal.data.Datasets;
import org.drtune.internal.data.Fixtures;
import org.drtune.internal.data.ImageDecoder;
import org.drtune.internal.data.ImageFileDataset;
import org.drtune.model.ModelCard;
import org.drtune.models.AssetBundle;
import org.drtune.models.AssetException;
import org.drtune.models.AssetFile;
import org.drtune.models.AssetResolver;
import org.drtune.models.ModelRecipe;
import org.drtune.training.CsvLayout;
import org.drtune.training.DatasetOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged files and folders get clear errors and never a crash: backbone weight files (missing,
 * wrong size, wrong hash), exported models (another class count, truncated or deleted variables, a
 * damaged graph, a model card that belongs to another model) and label CSVs (missing images,
 * repeated ids, labels out of range, path traversal).
 */
class FilesAndFoldersTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  // ---- backbone weights
  // ------------------------------------------------------------------------------------------

  /**
   * Three files of the real BVLC GoogLeNet bundle, copied from the shared mirror into an explicit
   * folder.
   */
  private AssetBundle copyOfAFewRealWeightFiles(Path folder) throws IOException {
    AssetBundle all = ModelRecipe.bvlcGoogLeNet().assets();
    Path mirror = Fixtures.sharedFolder().map(s -> s.resolve(all.folder())).orElse(null);
    assumeThat(mirror != null && Files.isDirectory(mirror)).as("shared GoogLeNet mirror").isTrue();
    List<AssetFile> few =
        all.files().stream()
            .filter(
                f ->
                    f.path().endsWith("conv1/7x7_s2_bias.bin")
                        || f.path().endsWith("conv1/7x7_s2_filter.bin")
                        || f.path().endsWith("conv2/3x3_reduce_filter.bin"))
            .toList();
    assertThat(few).hasSize(3);
    for (AssetFile f : few) {
      Path to = folder.resolve(f.path());
      Files.createDirectories(to.getParent());
      Files.copy(mirror.resolve(f.path()), to);
    }
    return new AssetBundle(all.name(), all.folder(), null, few);
  }

  private AssetResolver explicit(Path folder) {
    return AssetResolver.defaults()
        .withHome(tmp.resolve("home"))
        .withMirrors(List.of())
        .withWorkingDirectory(null)
        .withDownloadEnabled(false)
        .withExplicitFolder(folder);
  }

  @Test
  void missingResizedOrAlteredWeightFilesAreNamedWithSizesAndHashes() throws Exception {
    Path folder = tmp.resolve("weights");
    AssetBundle bundle = copyOfAFewRealWeightFiles(folder);
    AssetResolver resolver = explicit(folder);
    assertThat(resolver.resolve(bundle).folder()).isEqualTo(folder);

    AssetFile filter =
        bundle.files().stream()
            .filter(f -> f.path().endsWith("7x7_s2_filter.bin"))
            .findFirst()
            .orElseThrow();
    Path file = folder.resolve(filter.path());
    byte[] good = Files.readAllBytes(file);

    // one byte changed: same size, other hash
    byte[] altered = good.clone();
    altered[1234] ^= 0x40;
    Files.write(file, altered);
    String actual = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(altered));
    assertThatThrownBy(() -> resolver.resolve(bundle))
        .isInstanceOf(AssetException.class)
        .satisfies(
            e ->
                assertThat(((AssetException) e).reason())
                    .isEqualTo(AssetException.Reason.CHECKSUM_MISMATCH))
        .hasMessageContaining(file.toString())
        .hasMessageContaining("sha256 is " + actual + ", expected " + filter.sha256());

    // cut short: the size is reported without hashing
    Files.write(file, java.util.Arrays.copyOf(good, good.length - 100));
    assertThatThrownBy(() -> resolver.resolve(bundle))
        .isInstanceOf(AssetException.class)
        .satisfies(
            e ->
                assertThat(((AssetException) e).reason())
                    .isEqualTo(AssetException.Reason.SIZE_MISMATCH))
        .hasMessageContaining(file.toString())
        .hasMessageContaining("has " + (good.length - 100) + " bytes, expected " + good.length)
        .hasMessageContaining(filter.sha256());

    // gone
    Files.delete(file);
    assertThatThrownBy(() -> resolver.resolve(bundle))
        .isInstanceOf(AssetException.class)
        .satisfies(
            e -> assertThat(((AssetException) e).reason()).isEqualTo(AssetException.Reason.MISSING))
        .hasMessageContaining(filter.path());

    Files.write(file, good);
    assertThat(resolver.resolve(bundle).folder()).isEqualTo(folder);
  }

  // ---- exported models
  // -------------------------------------------------------------------------------------------

  private Path modelCopy(String name) throws IOException {
    return TinyModels.copyTree(TinyModels.model().resolve("model"), tmp.resolve(name));
  }

  private static void editCard(Path model, java.util.function.Consumer<ObjectNode> edit)
      throws IOException {
    Path card = model.resolve(ModelCard.FILE_NAME);
    ObjectNode node = (ObjectNode) JSON.readTree(card.toFile());
    edit.accept(node);
    Files.write(card, JSON.writeValueAsBytes(node));
  }

  @Test
  void aModelCardNamingAnotherNumberOfClassesIsRefused() throws IOException {
    Path model = modelCopy("k5");
    editCard(
        model,
        n -> {
          ArrayNode classes = n.putArray("classes");
          for (String c : List.of("NO_DR", "MILD", "MODERATE", "SEVERE", "PROLIFERATIVE")) {
            classes.add(c);
          }
        });
    assertThatThrownBy(() -> DrClassifier.load(model))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("names 5 classes but the SavedModel outputs 3");
  }

  @Test
  void aModelCardOfAnotherTrainingIsRefused() throws IOException {
    // Same class count, other weights: as if model-card.json had been copied from another run.
    Path model = modelCopy("foreign-card");
    String[] changed = new String[1];
    editCard(
        model,
        n -> {
          ObjectNode vars = (ObjectNode) n.get("trainableVariables");
          changed[0] = "head/weights";
          assertThat(vars.has(changed[0])).isTrue();
          vars.put(changed[0], "0".repeat(64));
        });
    assertThatThrownBy(() -> DrClassifier.load(model))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining(changed[0])
        .hasMessageContaining("does not match");
  }

  @Test
  void aBrokenModelCardIsAModelLoadException() throws IOException {
    Path model = modelCopy("broken-card");
    Files.writeString(model.resolve(ModelCard.FILE_NAME), "{\"formatVersion\": 1, \"classes\": [");
    assertThatThrownBy(() -> DrClassifier.load(model))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("model card");
    Files.delete(model.resolve(ModelCard.FILE_NAME));
    assertThatThrownBy(() -> DrClassifier.load(model))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining(ModelCard.FILE_NAME);
  }

  enum Damage {
    DELETE_DATA,
    TRUNCATE_DATA,
    FLIP_DATA,
    DELETE_INDEX,
    TRUNCATE_GRAPH,
    GARBAGE_GRAPH
  }

  @Test
  void damagedSavedModelsFailAtLoadWithAModelLoadException() throws IOException {
    Map<Damage, String> outcomes = new java.util.EnumMap<>(Damage.class);
    for (Damage d : Damage.values()) {
      Path model = modelCopy("damaged-" + d);
      Path vars = model.resolve("variables");
      Path data;
      try (Stream<Path> s = Files.list(vars)) {
        data =
            s.filter(p -> p.getFileName().toString().startsWith("variables.data"))
                .findFirst()
                .orElseThrow();
      }
      Path graph = model.resolve("saved_model.pb");
      switch (d) {
        case DELETE_DATA -> Files.delete(data);
        case TRUNCATE_DATA -> truncate(data, Files.size(data) / 2);
        case FLIP_DATA -> flipMiddleByte(data);
        case DELETE_INDEX -> Files.delete(vars.resolve("variables.index"));
        case TRUNCATE_GRAPH -> truncate(graph, Files.size(graph) / 2);
        case GARBAGE_GRAPH ->
            Files.write(graph, "this is not a protocol buffer".repeat(20).getBytes());
        default -> throw new AssertionError(d);
      }
      try (DrClassifier c = DrClassifier.load(model)) {
        outcomes.put(d, "loaded: " + c.classify(Fixtures.fundus(40, 40, 1)));
      } catch (ModelLoadException e) {
        outcomes.put(
            d, e.getMessage().contains(model.toString()) ? "ModelLoadException" : e.getMessage());
      } catch (Exception e) {
        outcomes.put(d, e.toString());
      }
    }
    System.out.println("[damaged SavedModel] " + outcomes);
    assertThat(outcomes)
        .allSatisfy((d, o) -> assertThat(o).as(d.toString()).isEqualTo("ModelLoadException"));
    // the undamaged model still loads and answers
    try (DrClassifier c = DrClassifier.load(TinyModels.model())) {
      BadImageTest.assertValid(c.classify(Fixtures.fundus(40, 40, 1)));
    }
  }

  private static void truncate(Path file, long size) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.setLength(size);
    }
  }

  private static void flipMiddleByte(Path file) throws IOException {
    byte[] b = Files.readAllBytes(file);
    b[b.length / 2] ^= 0x10;
    Files.write(file, b);
  }

  // ---- label CSVs
  // ------------------------------------------------------------------------------------------------

  private Path imageFolder() throws IOException {
    Path images = Files.createDirectories(tmp.resolve("images"));
    for (int i = 0; i < 4; i++) {
      Fixtures.write(Fixtures.fundus(40, 30, i), "jpg", images.resolve("img" + i + ".jpeg"));
    }
    return images;
  }

  private ImageFileDataset csv(String content, boolean skipMissing) throws IOException {
    Path images = imageFolder();
    Path csv = Files.writeString(tmp.resolve("trainLabels.csv"), "image,level\n" + content);
    return ImageFileDataset.fromCsv(
        csv, images, CsvLayout.EYEPACS, 5, ImageDecoder.defaults(), skipMissing);
  }

  @Test
  void csvRowsNamingMissingImagesAreListedOrSkipped() throws IOException {
    String rows = "img0,0\nimg1,1\nghost,2\nimg2,3\nphantom,4\n";
    assertThatThrownBy(() -> csv(rows, false))
        .isInstanceOf(DatasetException.class)
        .hasMessageContaining("names 2 image(s) missing")
        .hasMessageContaining("ghost")
        .hasMessageContaining("phantom")
        .hasMessageContaining("skipMissingImages");
    ImageFileDataset d = csv(rows, true);
    assertThat(d.size()).isEqualTo(3);
    assertThat(d.missing()).containsExactly("ghost", "phantom");
  }

  @Test
  void csvWithRepeatedIdsOrLabelsOutOfRangeIsRefusedWithTheLine() {
    assertThatThrownBy(() -> csv("img0,0\nimg1,1\nimg0,2\n", false))
        .isInstanceOf(DatasetException.class)
        .hasMessageContaining("line 4 repeats image 'img0' of line 2");
    assertThatThrownBy(() -> csv("img0,0\nimg1,5\n", false))
        .isInstanceOf(DatasetException.class)
        .hasMessageContaining("line 3 has label 5 out of range");
    assertThatThrownBy(() -> csv("img0,-1\n", false))
        .isInstanceOf(DatasetException.class)
        .hasMessageContaining("label -1 out of range");
    assertThatThrownBy(() -> csv("img0,two\n", false))
        .isInstanceOf(DatasetException.class)
        .hasMessageContaining("label 'two'");
  }

  @Test
  void csvNamesLeavingTheImageFolderAreRefusedAndNothingOutsideIsRead() throws IOException {
    // A real file outside the image folder that a traversal would reach: "../secret.jpeg" from
    // images/.
    Path secret = Fixtures.write(Fixtures.fundus(40, 30, 9), "jpg", tmp.resolve("secret.jpeg"));
    long secretAccess = Files.getLastModifiedTime(secret).toMillis();
    for (String id :
        List.of(
            "../secret",
            "../../etc/passwd",
            "/etc/passwd",
            "..\\..\\etc\\passwd",
            "..",
            ".",
            "C:secret",
            "img0/../../secret")) {
      assertThatThrownBy(() -> csv("img0,0\n" + id + ",1\n", true))
          .as(id)
          .isInstanceOf(DatasetException.class)
          .hasMessageContaining("line 3 names image '" + id + "'")
          .hasMessageContaining("not a plain file name inside the image folder");
    }
    // through the dataset opener as well, with missing images skipped
    Path images = imageFolder();
    Path csv =
        Files.writeString(
            images.resolve("trainLabels.csv"), "image,level\nimg0,0\n../../etc/passwd,1\n");
    assertThatThrownBy(
            () -> Datasets.open(images, DatasetOptions.defaults().withSkipMissingImages(true)))
        .isInstanceOf(DatasetException.class)
        .hasMessageContaining("../../etc/passwd");
    assertThat(csv).exists();
    assertThat(Files.getLastModifiedTime(secret).toMillis()).isEqualTo(secretAccess);
  }
}
