package org.drtune.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Opens a dataset in whichever layout it comes in and returns its splits.
 *
 * <pre>{@code
 * DatasetSplits splits = Datasets.open(Path.of("retinamnist.npz"), DatasetOptions.defaults());
 * FundusDataset train = splits.train();
 * }</pre>
 */
public final class Datasets {

    /** CSV names looked for in a dataset folder, in order: EyePACS, then APTOS. */
    public static final List<String> LABEL_CSV_NAMES = List.of("trainLabels.csv", "train.csv");

    private static final List<String> IMAGE_FOLDER_NAMES = List.of("train", "train_images", "images");

    private Datasets() {
    }

    /**
     * Detects the layout of {@code path} and opens it:
     *
     * <ul>
     *   <li>a {@code .npz} file: MedMNIST splits {@code train}, {@code val} (or a validation split held out from
     *       train) and {@code test} if present;</li>
     *   <li>a {@code .csv} file, or a folder holding {@code trainLabels.csv} (EyePACS) or {@code train.csv}
     *       (APTOS): the labelled images, with a validation split held out (by patient for EyePACS ids);</li>
     *   <li>a folder with a {@code train/} folder of class folders: that, plus {@code val/} and {@code test/} if
     *       present;</li>
     *   <li>a folder of class folders: the images, with a validation split held out.</li>
     * </ul>
     *
     * @param path the dataset file or folder
     * @param options how to read and split
     * @return the splits
     * @throws DatasetException if the layout is not recognised or the data is malformed
     * @throws IOException if a file cannot be read
     */
    public static DatasetSplits open(Path path, DatasetOptions options) throws IOException {
        if (!Files.exists(path)) {
            throw new NoSuchFileException(path.toString(), null, "no dataset here: expected a .npz file, a label "
                    + ".csv or a dataset folder");
        }
        String name = path.getFileName() == null ? "" : path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (Files.isRegularFile(path) && name.endsWith(".npz")) {
            MedMnistNpz npz = MedMnistNpz.read(path, options.numClasses());
            Optional<FundusDataset> validation = npz.findSplit("val");
            Optional<FundusDataset> test = npz.findSplit("test");
            FundusDataset train = npz.findSplit("train").orElseThrow(() -> new DatasetException(path
                    + " has no train split (train_images.npy/train_labels.npy); it has " + npz.splitNames()));
            return validation.isPresent() ? new DatasetSplits(train, validation.get(), test) : holdOut(train,
                    options, test);
        }
        if (Files.isRegularFile(path) && name.endsWith(".csv")) {
            return holdOut(fromCsv(path, options), options, Optional.empty());
        }
        if (Files.isDirectory(path)) {
            for (String csvName : LABEL_CSV_NAMES) {
                Path csv = path.resolve(csvName);
                if (Files.isRegularFile(csv)) {
                    return holdOut(fromCsv(csv, options), options, Optional.empty());
                }
            }
            Path train = path.resolve("train");
            if (Files.isDirectory(train) && hasSubfolders(train)) {
                FundusDataset trainSet = classFolders(train, options);
                Optional<Path> val = Stream.of("val", "validation").map(path::resolve).filter(Files::isDirectory)
                        .findFirst();
                Path test = path.resolve("test");
                Optional<FundusDataset> testSet = Files.isDirectory(test) ? Optional.of(classFolders(test,
                        options)) : Optional.empty();
                return val.isPresent() ? new DatasetSplits(trainSet, classFolders(val.get(), options), testSet)
                        : holdOut(trainSet, options, testSet);
            }
            if (hasSubfolders(path)) {
                return holdOut(classFolders(path, options), options, Optional.empty());
            }
        }
        throw new DatasetException("cannot tell the dataset layout of " + path + ": expected a MedMNIST .npz file, "
                + "a label .csv (EyePACS image,level or APTOS id_code,diagnosis), a folder holding "
                + String.join(" or ", LABEL_CSV_NAMES) + ", or a folder of class folders 0/ .. "
                + (options.numClasses() - 1) + "/");
    }

    /**
     * Opens a label CSV with the options' layout (or the one detected from its header) and image folder (or the
     * first of {@code train/}, {@code train_images/}, {@code images/} next to the CSV holding the first listed
     * image, else the CSV's own folder).
     *
     * @param csv the CSV file
     * @param options how to read it
     * @return the dataset, not split
     * @throws DatasetException if the layout cannot be detected or the CSV is malformed
     * @throws IOException if a file cannot be read
     */
    public static ImageFileDataset fromCsv(Path csv, DatasetOptions options) throws IOException {
        List<String> header = ImageFileDataset.readHeader(csv);
        CsvLayout layout = options.csvLayout().or(() -> CsvLayout.detect(header)).orElseThrow(() ->
                new DatasetException(csv + " has header " + header + ", which is neither EyePACS (image,level) "
                        + "nor APTOS (id_code,diagnosis): set DatasetOptions.csvLayout to name the id and label "
                        + "columns"));
        Path folder = options.imageFolder().orElseGet(() -> findImageFolder(csv, layout));
        return ImageFileDataset.fromCsv(csv, folder, layout, options.numClasses(), options.decoder(),
                options.skipMissingImages());
    }

    private static Path findImageFolder(Path csv, CsvLayout layout) {
        Path parent = csv.toAbsolutePath().getParent();
        String firstId = null;
        try (Stream<String> lines = Files.lines(csv)) {
            Optional<String> row = lines.skip(1).filter(line -> !line.isBlank()).findFirst();
            if (row.isPresent()) {
                List<String> header = ImageFileDataset.readHeader(csv);
                List<String> cells = ImageFileDataset.splitCsvLine(row.get());
                int column = layout.columnIndex(header, layout.idColumn());
                if (column >= 0 && column < cells.size()) {
                    firstId = cells.get(column).strip();
                }
            }
        } catch (IOException | RuntimeException e) {
            return parent;
        }
        for (String candidate : IMAGE_FOLDER_NAMES) {
            Path folder = parent.resolve(candidate);
            if (Files.isDirectory(folder) && firstId != null && !firstId.contains("/") && !firstId.contains("\\")
                    && Files.isRegularFile(folder.resolve(firstId + layout.extension()))) {
                return folder;
            }
        }
        return parent;
    }

    private static ImageFileDataset classFolders(Path folder, DatasetOptions options) throws IOException {
        return ImageFileDataset.fromClassFolders(folder, options.classFolderGrades(), options.numClasses(),
                options.decoder());
    }

    private static boolean hasSubfolders(Path folder) throws IOException {
        try (Stream<Path> list = Files.list(folder)) {
            return list.anyMatch(p -> Files.isDirectory(p) && !p.getFileName().toString().startsWith("."));
        }
    }

    private static DatasetSplits holdOut(FundusDataset all, DatasetOptions options, Optional<FundusDataset> test)
            throws DatasetException {
        if (all.size() < 2) {
            throw new DatasetException(all + " has " + all.size() + " image(s): holding out a validation split "
                    + "needs at least 2");
        }
        TrainValidationSplit split = TrainValidationSplit.of(all, options.validationFraction(), options.seed(),
                options.patientLevelSplit());
        if (split.validation().length == 0 || split.train().length == 0) {
            throw new DatasetException(all + " is too small to hold out " + options.validationFraction()
                    + " for validation per class: add images or provide a validation split");
        }
        return new DatasetSplits(all.subset(split.train()), all.subset(split.validation()), test);
    }
}
