package org.drtune.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.drtune.models.AssetBundle;
import org.drtune.models.AssetResolver;
import org.drtune.models.DataRecipe;
import org.drtune.models.ModelRecipe;
import org.drtune.models.ResolvedAssets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code drtune fetch-assets}: brings the weights and the demo data into place ahead of time and
 * verifies them, for a machine that will go offline or a first run that should not wait.
 */
@Command(
    name = "fetch-assets",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Downloads and verifies what drtune needs, ahead of time (for example before a machine goes"
          + " offline): the BVLC GoogLeNet weights and the RetinaMNIST data of the demo.",
      "Each is looked for as every command looks for it (the cache, then mirror folders), and what"
          + " is missing is downloaded into the cache with a progress bar, retried with backoff"
          + " and resumed after a broken transfer; every file is checked against its sha256 (or"
          + " md5). Says where each one is and where the cache is.",
      "The cache is $DRTUNE_HOME (default ~/.drtune); mirror folders are $DRTUNE_MIRROR and a"
          + " 'shared' folder next to the working directory; $DRTUNE_DOWNLOAD_MIRROR names a web"
          + " copy laid out like a mirror folder to download from instead of the public addresses."
    })
final class FetchAssetsCommand extends BaseCommand {
  /** What can be fetched. */
  enum Asset {
    /** The BVLC GoogLeNet weights and labels. */
    weights,
    /** RetinaMNIST, the demo's data. */
    retinamnist
  }

  @Option(
      names = "--only",
      paramLabel = "ASSET",
      split = ",",
      description = "Fetch only these: ${COMPLETION-CANDIDATES} (default: all).")
  Set<Asset> only;

  @Option(
      names = "--home",
      paramLabel = "DIR",
      description = "Cache folder to fill (default: $DRTUNE_HOME, or ~/.drtune).")
  Path home;

  @Option(
      names = "--no-mirrors",
      description =
          "Ignore mirror folders: fill the cache itself, downloading what it lacks (a mirror is"
              + " otherwise used in place and nothing is copied).")
  boolean noMirrors;

  @Option(
      names = "--json",
      paramLabel = "FILE",
      description = "Also write where each asset is as JSON, or '-' for standard output.")
  Path json;

  FetchAssetsCommand(CliContext ctx) {
    super(ctx);
  }

  @Override
  ExitCode run() throws Exception {
    AssetResolver resolver = assets();
    if (home != null) {
      resolver = resolver.withHome(home);
    }
    if (noMirrors) {
      resolver = resolver.withMirrors(List.of()).withWorkingDirectory(null);
    }
    Set<Asset> wanted = only == null || only.isEmpty() ? EnumSet.allOf(Asset.class) : only;
    out()
        .println(
            "cache: "
                + resolver.home()
                + (home == null ? " (set " + AssetResolver.HOME_ENV + " to move it)" : ""));
    if (resolver.downloadMirror() != null) {
      out().println("downloads from: " + resolver.downloadMirror());
    }
    out().flush();
    List<Map<String, Object>> found = new ArrayList<>();
    for (Asset a : wanted) {
      ResolvedAssets r =
          switch (a) {
            case weights -> resolver.resolve(ModelRecipe.bvlcGoogLeNet().assets());
            case retinamnist -> resolver.resolveAny(DataRecipe.retinaMnist().alternatives());
          };
      out().println(line(a, r));
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("asset", a.name());
      entry.put("bundle", r.bundle().name());
      entry.put("files", r.bundle().files().size());
      entry.put("bytes", r.bundle().totalBytes());
      entry.put("source", r.source().name().toLowerCase(Locale.ROOT));
      entry.put("folder", r.folder().toString());
      found.add(entry);
    }
    if (json != null) {
      Map<String, Object> j = new LinkedHashMap<>();
      j.put("command", "fetch-assets");
      j.put("cache", resolver.home().toString());
      j.put("assets", found);
      OutputFile.writeJson(json, j, out());
    }
    return ExitCode.OK;
  }

  /** Where an asset was found, as one line. */
  private static String line(Asset a, ResolvedAssets r) {
    AssetBundle b = r.bundle();
    return String.format(
        Locale.ROOT,
        "%-11s %s: %d file(s), %.1f MB, verified; %s %s",
        a.name(),
        b.name(),
        b.files().size(),
        b.totalBytes() / 1e6,
        switch (r.source()) {
          case CACHE -> "in the cache";
          case DOWNLOAD -> "downloaded into the cache";
          case MIRROR -> "in the mirror (used in place)";
          case EXPLICIT -> "in";
        },
        r.folder());
  }
}
