package org.drtune.cli;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.drtune.training.Recipe;
import org.drtune.training.TrainingConfig;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Help.Ansi.Text;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Shows, in a command's help, the default of every recipe option as the recipes the command runs
 * set it: "(default: 12)" when they agree, "(default: thumbnails 112, photographs 224)" when they
 * do not. The values come from the {@link Recipe} objects themselves, so the help cannot drift from
 * what runs.
 */
final class RecipeHelp {
  private RecipeHelp() {}

  /** What each recipe option's default is, read from a recipe. */
  static final Map<String, Function<Recipe, String>> DEFAULTS = defaults();

  private static Map<String, Function<Recipe, String>> defaults() {
    Map<String, Function<Recipe, String>> d = new LinkedHashMap<>();
    d.put("--classes", r -> Integer.toString(r.training().numClasses()));
    d.put("--strategy", r -> r.training().strategy().cliName());
    d.put("--freeze", r -> layers(r.training()));
    d.put("--freeze-upto", r -> lastFrozen(r.training()));
    d.put(
        "--cut-layer", r -> r.training().cutLayer() == null ? "the last" : r.training().cutLayer());
    d.put("--epochs", r -> Integer.toString(r.training().epochs()));
    d.put("--batch", r -> Integer.toString(r.training().batchSize()));
    d.put("--lr", r -> number(r.training().learningRate()));
    d.put("--lr-decay", r -> number(r.training().lrDecay()));
    d.put("--head-lr-mult", r -> number(r.training().headLrMultiplier()));
    d.put("--l2", r -> number(r.training().l2()));
    d.put("--dropout", r -> number(r.training().dropout()));
    d.put("--optimizer", r -> r.training().optimizer().name().toLowerCase(Locale.ROOT));
    d.put("--class-weights", r -> onOff(r.training().classWeighting()));
    d.put("--balanced-sampling", r -> onOff(r.training().balancedSampling()));
    d.put("--no-augment", r -> r.training().augment() ? "rotations on" : "rotations off");
    d.put("--patience", r -> Integer.toString(r.training().patience()));
    d.put("--image-size", r -> Integer.toString(r.training().inputSize()));
    d.put("--seed", r -> Long.toString(r.training().seed()));
    d.put("--precision", r -> r.training().precision().cliName());
    d.put("--ensemble", r -> Integer.toString(r.ensembleMembers()));
    d.put("--random-init", r -> r.training().pretrained() ? "ImageNet weights" : "random");
    d.put("--local-colour-subtraction", r -> onOff(r.preprocessing().localColourSubtraction()));
    d.put("--no-crop-border", r -> r.preprocessing().cropBorder() ? "crop" : "no crop");
    d.put("--equalize", r -> onOff(r.preprocessing().equalize()));
    return Map.copyOf(d);
  }

  /**
   * Makes {@code cl}'s help show each recipe option's default from {@code recipes} (name → recipe).
   */
  static void show(CommandLine cl, Map<String, Recipe> recipes) {
    cl.setHelpFactory(
        (CommandSpec spec, Help.ColorScheme scheme) ->
            new Help(spec, scheme) {
              @Override
              public Help.IOptionRenderer createDefaultOptionRenderer() {
                Help.IOptionRenderer base = super.createDefaultOptionRenderer();
                return (OptionSpec option,
                    Help.IParamLabelRenderer labels,
                    Help.ColorScheme cs) -> {
                  Text[][] rows = base.render(option, labels, cs);
                  String shown = describe(option.longestName(), recipes);
                  if (shown != null && rows.length > 0) {
                    Text[] last = rows[rows.length - 1];
                    last[last.length - 1] =
                        last[last.length - 1].concat(" (default: " + shown + ")");
                  }
                  return rows;
                };
              }
            });
  }

  /** The default of {@code option} over {@code recipes}, or null when it is not a recipe option. */
  static String describe(String option, Map<String, Recipe> recipes) {
    Function<Recipe, String> f = DEFAULTS.get(option);
    if (f == null) {
      return null;
    }
    Set<String> values = new LinkedHashSet<>();
    recipes.values().forEach(r -> values.add(f.apply(r)));
    if (values.size() == 1) {
      return values.iterator().next();
    }
    StringBuilder sb = new StringBuilder();
    recipes.forEach(
        (name, r) ->
            sb.append(sb.isEmpty() ? "" : ", ").append(name).append(' ').append(f.apply(r)));
    return sb.toString();
  }

  private static String layers(TrainingConfig t) {
    List<String> f = t.freeze().isEmpty() ? TrainingConfig.DEFAULT_FREEZE : t.freeze();
    return f.size() <= 2 ? String.join(",", f) : f.get(0) + " to " + f.get(f.size() - 1);
  }

  private static String lastFrozen(TrainingConfig t) {
    List<String> f = t.freeze().isEmpty() ? TrainingConfig.DEFAULT_FREEZE : t.freeze();
    return f.get(f.size() - 1);
  }

  private static String onOff(boolean on) {
    return on ? "on" : "off";
  }

  private static String number(double v) {
    return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
  }
}
