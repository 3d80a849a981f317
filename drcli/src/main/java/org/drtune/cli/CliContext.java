package org.drtune.cli;

import java.io.PrintWriter;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.drtune.Preprocessing;
import org.drtune.internal.graph.Backbone;
import org.drtune.models.AssetResolver;
import org.drtune.TrainingConfig;

/**
 * What the commands need from outside: the writers, whether the error stream is a terminal, a clock, the asset
 * resolver, and (tests only) a small backbone and demo recipe in place of the BVLC GoogLeNet.
 *
 * @param out standard output
 * @param err standard error (progress, warnings, errors)
 * @param terminal whether progress may be drawn as a bar in place
 * @param clock nanosecond clock for rates and ETAs
 * @param assets where weights and data are looked for
 * @param backbone backbone used instead of the BVLC GoogLeNet by {@code train} and {@code demo}, or null
 * @param demoTraining recipe used by {@code demo} instead of {@link org.drtune.Recipes#demo()}, or null
 * @param demoPreprocessing preprocessing used by {@code demo} instead of the recipe's, or null
 */
record CliContext(PrintWriter out, PrintWriter err, boolean terminal, LongSupplier clock, AssetResolver assets,
    Backbone backbone, TrainingConfig demoTraining, Preprocessing demoPreprocessing) {

  CliContext {
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(err, "err");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(assets, "assets");
  }

  /** The real process: System.out/err, a terminal when there is a console, the default asset lookup. */
  static CliContext production() {
    return new CliContext(new PrintWriter(System.out, true), new PrintWriter(System.err, true),
        System.console() != null, System::nanoTime, AssetResolver.defaults(), null, null, null);
  }

  /** Writers that are not a terminal (plain progress lines), the default asset lookup, no overrides. */
  static CliContext of(PrintWriter out, PrintWriter err) {
    return new CliContext(out, err, false, System::nanoTime, AssetResolver.defaults(), null, null, null);
  }

  CliContext withBackbone(Backbone b) {
    return new CliContext(out, err, terminal, clock, assets, b, demoTraining, demoPreprocessing);
  }

  CliContext withAssets(AssetResolver a) {
    return new CliContext(out, err, terminal, clock, a, backbone, demoTraining, demoPreprocessing);
  }

  CliContext withDemoRecipe(TrainingConfig t, Preprocessing p) {
    return new CliContext(out, err, terminal, clock, assets, backbone, t, p);
  }
}
